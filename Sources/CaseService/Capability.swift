/// What an actor may do besides sending events to a case: reading across cases and operating the store. Each
/// capability is held by roles; sending events is governed by the workflow's roles instead.
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

    /// Every role that works for the accrediting body (everyone but applicants).
    public static let staff: Set<String> = ["secretariat", "assessor", "lead-assessor", "decision-maker", "auditor"]

    /// The roles that hold the capability.
    public var roles: Set<String> {
        switch self {
        case .readDirectory, .listCases: Self.staff.union(["applicant"])
        case .readConflicts: Self.staff
        case .oversee: ["secretariat", "auditor"]
        case .report: ["secretariat", "auditor", "decision-maker"]
        case .publish, .deliverTimers: ["secretariat"]
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
        }
    }
}
