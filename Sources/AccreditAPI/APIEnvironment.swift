import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Mail

/// What a front end holds beside the desk, for the routes that sign or publish: the installation's home (which
/// holds the signing key), where checkpoints and the award status list are published, where temporary files go and
/// the wall clock. The server sets it from its own home; the command-line tool's direct mode from the same helpers,
/// so a client never sees the key.
public struct APIEnvironment: Sendable {
    /// The installation's home, whose `keys/signing-key` signs; nil when this front end holds no key.
    public var home: String?
    /// Where every checkpoint is also written for publishing, if anywhere.
    public var checkpointDirectory: CheckpointDirectory?
    /// Where the signed award status list is published, if anywhere.
    public var awardStatusPath: String?
    /// Where temporary files of downloads are written (mode 0600, removed once sent).
    public var temporaryDirectory: String
    /// The wall clock, in seconds since the epoch (for the age of files, not for the store's time).
    public var clock: @Sendable () -> Int64
    /// The most evidence, in bytes, a bundle with files may carry (it is built in memory); nil for no limit.
    public var maximumBundleFileBytes: Int64?
    /// Seconds that must pass after the newest checkpoint before someone without ``Capability/oversee`` may have
    /// the front end take another to cover a case (0: no wait).
    public var readerCheckpointSeconds: Int64 = 0
    /// Where reminders are sent by mail; nil when mail is not configured (reminders can then only be listed).
    public var smtp: SMTPSettings?
    /// Why the mail settings were refused, when they were (then ``smtp`` is nil and sending says this instead).
    public var smtpProblem: String?
    /// The portal's public address (`https://accredit.example.org`), for links in mail; nil for none.
    public var publicURL: String?

    /// Creates an environment; by default it holds no key and publishes nothing.
    public init(
        home: String? = nil, checkpointDirectory: CheckpointDirectory? = nil, awardStatusPath: String? = nil,
        temporaryDirectory: String = FileManager.default.temporaryDirectory.path,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.home = home
        self.checkpointDirectory = checkpointDirectory
        self.awardStatusPath = awardStatusPath
        self.temporaryDirectory = temporaryDirectory
        self.clock = clock
    }

    /// The installation's signing key, once the store confirms it is its current key.
    ///
    /// - Throws: ``SigningKeyError`` `.missing` when this front end holds no key, or what
    ///   ``CaseDesk/signingKey(home:)`` throws.
    public func signingKey(for desk: CaseDesk) throws -> SigningKey {
        guard let home else { throw SigningKeyError("no signing key is configured here", code: .missing) }
        return try desk.signingKey(home: home)
    }

    /// Writes a checkpoint to the checkpoint directory, if there is one.
    ///
    /// - Returns: The file's path, or nil when checkpoints are not published here.
    /// - Throws: ``StoreError`` as ``CheckpointDirectory/write(_:)`` throws it.
    @discardableResult
    public func publish(_ checkpoint: Checkpoint) throws -> String? {
        guard let checkpointDirectory else { return nil }
        return try checkpointDirectory.write(checkpoint)
    }

    /// Writes text to a new temporary file, readable by its owner only.
    ///
    /// - Returns: The file's path.
    /// - Throws: ``FileSystemError`` when it cannot be written.
    func temporaryFile(_ text: String, label: String) throws -> String {
        let path = temporaryDirectory + "/accredit-\(label)-\(UUID().uuidString)"
        try AtomicFile.write(Array(text.utf8), to: path, mode: AtomicFile.privateMode, replacing: false)
        return path
    }
}
