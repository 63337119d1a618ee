import AccreditEngine
import EvidenceStore

/// The follow-up that takes a checkpoint after every decision and every award: when an appended event's action is
/// `decide` (``CaseMachine/action(of:)``), or the case entered an award state (``CaseMachine/holdsAward(_:)``).
/// The checkpoint is verified before it is signed (``CaseDesk/publishCheckpoint(key:)``) and written to a directory
/// outside the database, for the body to publish.
///
/// It reads no clock and no home directory: the front end gives it the key (loaded when first needed) and the
/// directory; time comes from the store.
public final class AutomaticCheckpoint: AppendFollowUp {
    /// Loads the signing key, when a checkpoint is first due.
    let signingKey: () throws -> SigningKey
    /// Where each checkpoint is also written, if anywhere.
    public let directory: CheckpointDirectory?
    /// The checkpoints this follow-up published, oldest first.
    public private(set) var published: [CheckpointPublication] = []

    /// Creates the follow-up.
    ///
    /// - Parameters:
    ///   - signingKey: Loads the installation's signing key.
    ///   - directory: Where to write each checkpoint's file, or nil for the database only.
    public init(signingKey: @escaping () throws -> SigningKey, directory: CheckpointDirectory?) {
        self.signingKey = signingKey
        self.directory = directory
    }

    /// `checkpoint`.
    public var name: String { "checkpoint" }

    /// Takes a checkpoint when the append recorded a decision or an award.
    ///
    /// - Throws: ``CheckpointRefusal`` when the store does not verify; ``StoreError`` or the key's error.
    public func appended(_ outcome: Outcome, to before: OpenCase, desk: CaseDesk) throws {
        guard Self.isDue(after: outcome, to: before) else { return }
        let publication = try desk.publishCheckpoint(key: try signingKey())
        published.append(publication)
        try directory?.write(publication.checkpoint)
    }

    /// Whether an append recorded a decision, issued a certificate again (a scope change approved), or moved the
    /// case into an award state.
    public static func isDue(after outcome: Outcome, to before: OpenCase) -> Bool {
        let machine = before.definitions.machine
        if outcome.events.contains(where: {
            machine.action(of: $0.envelope.type) == .decide || machine.recordedOutcome($0.envelope) != nil
                || machine.reissuesCertificate($0.envelope)
        }) {
            return true
        }
        return machine.holdsAward(outcome.state) && !machine.holdsAward(before.state)
    }
}
