import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The case in a page's path as the signed-in person may see it, with what they may do to it now: what every case
/// page reads first, by the same rules as the API (another organisation's case is not found).
struct CaseInView {
    /// The person.
    let viewer: Viewer
    /// The case's id.
    let caseID: String
    /// The case.
    let open: OpenCase
    /// The store's time the actions were worked out at.
    let now: Instant
    /// What the person may send now.
    let actions: CaseActions

    /// The case's decision core.
    var machine: CaseMachine { open.definitions.machine }

    /// Reads the case in `call`'s path for its signed-in person.
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` when nobody is signed in; what the desk's `view(_:as:)`
    ///   throws.
    init(_ call: PortalCall) throws {
        viewer = try call.signedIn()
        caseID = call.parameter("case")
        open = try call.desk.view(caseID, as: viewer.actor.id)
        now = try call.desk.now()
        let machine = open.definitions.machine
        actions = CaseActions(
            events: machine.acceptedEvents(roles: viewer.actor.roles, state: open.state, at: now),
            action: machine.action(of:))
    }
}
