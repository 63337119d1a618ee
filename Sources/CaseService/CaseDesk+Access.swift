import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// Roles whose holders assess or decide, and so must be impartial.
    static let impartialRoles: Set<String> = ["assessor", "lead-assessor", "decision-maker"]

    /// The actor, after checking that this database session may act as them.
    ///
    /// - Throws: ``StoreError`` `.notFound`, or ``CaseRefusal`` `access.database-login` when the actor is bound to
    ///   another login.
    public func authorisedActor(_ id: String) throws -> Actor {
        let actor = try directory.actor(id)
        if let login = actor.databaseLogin {
            let session = try directory.sessionLogin()
            guard session == login else {
                throw CaseRefusal(
                    rule: "access.database-login",
                    message: "actor \(id) is bound to database login \(login), but this session is \(session); "
                        + "connect as \(login) to act as \(id)")
            }
        }
        return actor
    }

    /// Checks the rules about people that the workflow cannot know: read-only auditors, applicants' own
    /// organisation, and declared conflicts of interest (current, or ended within the last two years).
    func checkAccess(_ actor: Actor, to open: OpenCase, event: String) throws {
        if actor.roles.isSubset(of: ["auditor"]) {
            throw CaseRefusal(
                rule: "access.read-only", message: "\(actor.id) is an auditor; auditors cannot change cases")
        }
        if actor.roles.contains("applicant"), actor.organisation != open.head.organisationID,
            actor.roles.isDisjoint(with: ["secretariat"])
        {
            throw CaseRefusal(
                rule: "access.organisation",
                message:
                    "\(actor.id) acts for \(actor.organisation ?? "no organisation"), not \(open.head.organisationID), "
                    + "and may not act on its cases")
        }
        guard !actor.roles.isDisjoint(with: Self.impartialRoles), event != "conflict.declare" else { return }
        let twoYears: Int64 = 2 * 366 * 86_400_000_000
        let now = open.state.snapshot.time
        for conflict in try directory.conflicts(organisation: open.head.organisationID) where conflict.actor == actor.id
        {
            let ended =
                conflict.until.map { $0.microsecondsSinceEpoch + twoYears < now.microsecondsSinceEpoch } ?? false
            if !ended {
                throw CaseRefusal(
                    rule: "impartiality.conflict-of-interest",
                    message: "\(actor.id) declared a conflict of interest with \(open.head.organisationID) "
                        + "(\(conflict.reason)) within the last two years and may not assess or decide its case")
            }
        }
    }

    /// Whether an actor may see a case's evidence: applicants only their own organisation's.
    public func maySee(_ actor: Actor, organisation: String) -> Bool {
        !actor.roles.contains("applicant") || actor.organisation == organisation
            || !actor.roles.isDisjoint(with: ["secretariat", "assessor", "lead-assessor", "decision-maker", "auditor"])
    }
}
