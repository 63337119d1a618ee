import AccreditEngine
import EvidenceStore
import Statecharts

/// Regenerates the signed award status list after every append that can change an award (a decision, or any
/// event in a case that holds, held or has a pending award), and writes it atomically to a public file.
public final class AwardStatusFollowUp: AppendFollowUp {
    /// The installation's home, which holds the signing key.
    public let home: String
    /// The file the list is written to (mode 0644: it is a public document).
    public let path: String

    /// What the follow-up is, for reports.
    public var name: String { "award status list" }

    /// Creates the follow-up.
    ///
    /// - Parameters:
    ///   - home: The installation's home directory (the key is `home/keys/signing-key`).
    ///   - path: Where to write the list, such as `home/published/award-status.json`.
    public init(home: String, path: String) {
        self.home = home
        self.path = path
    }

    /// Regenerates and writes the list when the append can have changed an award.
    ///
    /// - Throws: What ``CaseDesk/signingKey(home:)``, ``CaseDesk/awardStatusList(key:)`` or the file write throws.
    public func appended(_ outcome: Outcome, to before: OpenCase, desk: CaseDesk) throws {
        let machine = before.definitions.machine
        let decides = outcome.events.contains {
            machine.action(of: $0.envelope.type) == .decide || machine.recordedOutcome($0.envelope) != nil
        }
        let touchesAward =
            machine.awardExpiry(of: before.state) != nil || machine.awardExpiry(of: outcome.state) != nil
            || machine.holdsAward(before.state) || machine.holdsAward(outcome.state)
        guard decides || touchesAward else { return }
        try Self.publish(desk: desk, home: home, to: path)
    }

    /// Makes the list with the store's current key and writes it to `path` (creating its folder), replacing the
    /// previous list.
    ///
    /// - Returns: The list written.
    /// - Throws: What making or signing the list throws, or ``FileSystemError``.
    @discardableResult
    public static func publish(desk: CaseDesk, home: String, to path: String) throws -> AwardStatusList {
        let list = try desk.awardStatusList(key: try desk.signingKey(home: home))
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try AtomicFile.makeDirectories(String(path[..<slash]))
        }
        try AtomicFile.write(Array(list.fileText.utf8), to: path, mode: AtomicFile.publicMode, replacing: true)
        return list
    }

    /// Where the list is published by default: `home/published/award-status.json`.
    public static func defaultPath(home: String) -> String { home + "/published/award-status.json" }
}
