import AccreditEngine

/// What an actor may do besides sending events to a case: reading across cases and operating the store. Each
/// capability is held by role kinds (``RoleKind``), never by role names; sending events is governed by the
/// workflow's roles instead.
public enum Capability: String, CaseIterable, Sendable {
    /// Read the directory of organisations and actors.
    case readDirectory = "directory.read"
    /// Read declared conflicts of interest.
    case readConflicts = "conflicts.read"
    /// List cases (applicants see their own organisation's only).
    case listCases = "cases.list"
    /// Whole-store checks: `audit verify --all`, checkpoints, `evidence fsck`.
    case oversee = "store.oversee"
    /// Reports across every case.
    case report = "cases.report"
    /// Publish workflow and framework versions.
    case publish = "definitions.publish"
    /// Deliver due deadlines.
    case deliverTimers = "timers.deliver"
    /// Register organisations and actors, and record others' conflicts of interest.
    case writeDirectory = "directory.write"
    /// Change the store's settings (the upload limit; a sandbox's clock).
    case configureStore = "store.configure"
    /// Import cases with their history from an earlier system (backdated, and marked imported).
    case importCases = "cases.import"
    /// Dispose of an evidence file that no evidence references (an orphan), with a reason that is logged.
    case disposeEvidence = "evidence.dispose"
    /// Record complaints received by letter or call, triage and close them, and erase complainants' details.
    case handleComplaints = "complaints.handle"
    /// Read the complaints register, complainants' details included.
    case readComplaints = "complaints.read"
    /// Plan and cancel visits the organisation is not told of (unannounced, for cause).
    case planVisits = "visits.plan"
    /// Send the reminders of deadlines that are due (by e-mail).
    case sendReminders = "reminders.send"
    /// Move a running case to another version of its workflow that handles its history alike.
    case migrateCases = "cases.migrate"

    /// The role kinds that hold the capability.
    public var kinds: Set<RoleKind> {
        switch self {
        case .readDirectory, .listCases: RoleKind.staff.union([.organisation])
        case .readConflicts: RoleKind.staff
        case .oversee: [.administrator, .auditor]
        case .report: [.administrator, .auditor, .decider]
        case .readComplaints: [.administrator, .auditor]
        case .publish, .deliverTimers, .writeDirectory, .configureStore, .importCases, .disposeEvidence,
            .handleComplaints, .planVisits, .sendReminders, .migrateCases:
            [.administrator]
        }
    }

    /// What the capability allows, for refusals: "read the directory".
    public var action: String {
        switch self {
        case .readDirectory: "read the directory"
        case .readConflicts: "read conflict-of-interest declarations"
        case .listCases: "list cases"
        case .oversee: "check the whole store"
        case .report: "report across every case"
        case .publish: "publish workflow or framework versions"
        case .deliverTimers: "deliver deadlines"
        case .writeDirectory: "change the directory"
        case .configureStore: "change the store's settings"
        case .importCases: "import cases from an earlier system"
        case .disposeEvidence: "dispose of evidence files"
        case .handleComplaints: "handle complaints"
        case .readComplaints: "read the complaints register"
        case .planVisits: "plan unannounced or for-cause visits"
        case .sendReminders: "send reminders"
        case .migrateCases: "move cases to another workflow version"
        }
    }
}
