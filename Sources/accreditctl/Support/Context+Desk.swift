import AccreditEngine
import CaseService
import EvidenceStore
import Foundation

extension Context {
    /// Opens the database and returns the case desk over it, with its follow-ups: a checkpoint after every decision
    /// and award, written to ``checkpointDirectory()``.
    static func desk() throws -> CaseDesk {
        let context = try open()
        let desk = CaseDesk(connection: context.connection, blobs: context.blobs)
        desk.followUps.append(
            AutomaticCheckpoint(signingKey: { try signingKey() }, directory: checkpointDirectory()))
        return desk
    }

    /// The installation's signing key (`ACCREDIT_HOME/keys/signing-key`).
    static func signingKey() throws -> SigningKey {
        try SigningKey.loadOrCreate(home: home)
    }

    /// Where every checkpoint is also written for publishing: `ACCREDIT_CHECKPOINT_DIR`, or
    /// `ACCREDIT_HOME/checkpoints`.
    static func checkpointDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> CheckpointDirectory {
        let configured = environment["ACCREDIT_CHECKPOINT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return CheckpointDirectory(path: configured ?? home + "/checkpoints")
    }
}
