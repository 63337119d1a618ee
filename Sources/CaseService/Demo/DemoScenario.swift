import AccreditEngine
import EvidenceStore
import Statecharts

/// `accreditctl demo`: a realistic accreditation case played end to end against the configured database, narrated
/// step by step. It can run again: people and organisations are registered once, and each run opens a new case.
public struct DemoScenario {
    /// The desk the demo acts through.
    public let desk: CaseDesk
    /// Where generated evidence files are written before upload.
    public let workDirectory: String
    /// The workflow and framework files to publish.
    public let workflowFile: String
    /// The framework file to publish.
    public let frameworkFile: String
    /// When the case opens; later steps move the clock forward from here.
    public let start: Instant
    /// Receives each narration line.
    public let narrate: (String) -> Void
    /// The accredit home: the signing key lives here, and certificates are written under `certificates/`.
    public let home: String

    /// Creates the scenario.
    public init(
        desk: CaseDesk, workDirectory: String, workflowFile: String, frameworkFile: String, start: Instant,
        home: String, narrate: @escaping (String) -> Void
    ) {
        self.home = home
        self.desk = desk
        self.workDirectory = workDirectory
        self.workflowFile = workflowFile
        self.frameworkFile = frameworkFile
        self.start = start
        self.narrate = narrate
    }

    /// What the demo did, for its summary.
    public struct Summary {
        /// The case played.
        public var caseID: String
        /// Events recorded.
        public var events: Int64
        /// Evidence files uploaded.
        public var uploads: Int
        /// Refusals demonstrated, by rule.
        public var refusals: [String]
        /// The recorded outcome.
        public var outcome: String
        /// The final status.
        public var status: String
        /// Where the signed certificate was written.
        public var certificateFile: String
    }
}
