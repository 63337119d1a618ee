import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's assessment team on its page: who leads, who assesses which foundations, and, for the secretariat, the
/// forms that assign a person (checked against the conflict register and competence records by the API) and take
/// one off the team. Everyone who may read the case sees the team, the organisation included (it may object to an
/// assessor, ISO/IEC 17021-1 9.1.3).
enum TeamPage {
    /// The routes; each form is on the case page, which shows a refusal next to it.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/cases/{case}/team") { call in
            let form = call.request.form
            var data: [String: Value] = [
                "person": .string(form.trimmed("person") ?? ""),
                "position": .string(form["position"] == "lead" ? "lead" : "member"),
            ]
            let foundations = form.all("foundation").filter { !$0.isEmpty }
            if !foundations.isEmpty { data["foundations"] = .array(foundations.map(Value.string)) }
            return try send(call, .assign, data, field: "team-person")
        },
        PortalRoute(.post, "/cases/{case}/team/{person}/release") { call in
            let person = call.parameter("person")
            let data: [String: Value] = [
                "person": .string(person), "reason": .string(call.request.form.trimmed("reason") ?? ""),
            ]
            return try send(call, .release, data, field: "release-\(person)")
        },
    ]

    /// Sends the workflow's event for `action`; a refusal is shown on the case page next to `field`, in words.
    private static func send(_ call: PortalCall, _ action: TransitionAction, _ data: [String: Value], field: String)
        throws -> PortalResponse
    {
        try CasePage.send(call, action, data, field: field, section: "team", message: message)
    }

    /// What to do about a refusal, in words; other rules keep the API's detail.
    private static func message(_ problem: Problem) -> String {
        switch problem.rule {
        case "team.person"?: return "Choose the person to assign"
        case "team.reason"?: return "Say why they leave the team"
        case "team.unknown-foundation"?: return "Choose foundations of this case's standards, or none for all of them"
        default: return problem.detail
        }
    }

    /// The case page's team section: the members, and for someone who may assign, the people who could be assigned
    /// (staff holding an assessing role, not already on the team) and the foundations to choose from.
    static func context(_ call: PortalCall, _ seen: CaseInView, form: FormFields) throws -> [String: Any] {
        let framework = seen.machine.framework
        let mayAssign = seen.actions.may(.assign)
        let mayRelease = seen.actions.may(.release)
        let team = seen.open.state.record.teamInOrder
        let members = team.enumerated().map { index, member -> [String: Any] in
            [
                "person": member.person, "lead": member.position == .lead, "index": index,
                "foundations": member.foundations.map { codes in
                    codes.compactMap { code in framework.foundations.first { $0.id == code }?.title }
                        .joined(separator: ", ")
                } ?? "every foundation",
                "assignedBy": member.assignedBy, "since": ReadableDates.moment(member.assignedAt),
                "mayRelease": mayRelease,
            ]
        }
        var context: [String: Any] = [
            "team": members, "hasTeam": !members.isEmpty, "showTeam": !members.isEmpty || mayAssign,
            "mayAssign": mayAssign,
        ]
        guard mayAssign else { return context }
        let onTeam = Set(team.map(\.person))
        let evaluators = Set(seen.machine.roleKinds.roles(withAnyOf: [.evaluator]))
        let candidates = try call.desk.actors(as: seen.viewer.actor.id).filter {
            $0.organisation == nil && !$0.roles.isDisjoint(with: evaluators) && !onTeam.contains($0.id)
        }
        context["candidates"] = candidates.map { actor in
            ["id": actor.id, "name": actor.name, "selected": form["person"] == actor.id] as [String: Any]
        }
        context["hasLead"] = team.contains { $0.position == .lead }
        context["teamFoundations"] = framework.foundations.map { foundation in
            [
                "id": foundation.id, "title": foundation.title,
                "checked": form.all("foundation").contains(foundation.id),
            ] as [String: Any]
        }
        return context
    }
}
