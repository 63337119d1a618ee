import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// `accreditctl demo`: a realistic accreditation case played end to end against the configured database, narrated
/// step by step. It can run again: people and organisations are registered once, and each run opens a new case.
struct DemoScenario {
    /// The desk the demo acts through.
    let desk: CaseDesk
    /// Where generated evidence files are written before upload.
    let workDirectory: String
    /// The workflow and framework to publish.
    let definitions: ShippedDefinitions
    /// The earliest time the case opens: the sandbox store's simulated clock moves here if it is behind, and later
    /// steps move it forward from the store's time.
    let start: Instant
    /// Receives each narration line.
    let narrate: (String) -> Void
    /// The accredit home: the signing key lives here, and certificates are written under `certificates/`.
    let home: String

    /// Creates the scenario.
    init(
        desk: CaseDesk, workDirectory: String, definitions: ShippedDefinitions, start: Instant,
        home: String, narrate: @escaping (String) -> Void
    ) {
        self.home = home
        self.desk = desk
        self.workDirectory = workDirectory
        self.definitions = definitions
        self.start = start
        self.narrate = narrate
    }

    /// What the demo did, for its summary.
    struct Summary {
        /// The case played.
        var caseID: String
        /// Events recorded.
        var events: Int64
        /// Evidence files uploaded.
        var uploads: Int
        /// Refusals demonstrated, by rule.
        var refusals: [String]
        /// The recorded outcome.
        var outcome: String
        /// The renewal's outcome, if the case was renewed.
        var renewal: String?
        /// The final status.
        var status: String
        /// Where the signed certificate was written.
        var certificateFile: String
        /// The fingerprint of the key that signed it, for `award verify --trusted-key`.
        var fingerprint: String
        /// The award status list, for `award verify --status`.
        var statusFile: String
    }
}
