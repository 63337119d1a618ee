import Statecharts

/// The rules of a case's team that the record alone decides: what an assignment or a release must say, and that
/// an assigned assessor evaluates only the foundations they were assigned. Rules: `team.person`, `team.position`,
/// `team.already-assigned`, `team.lead-taken`, `team.unknown-foundation`, `team.not-assigned`, `team.reason`,
/// `team.outside-assignment`. Who may be assigned at all (roles, conflicts, competence) is ``CaseAccess``'s.
extension CaseRules {
    /// The member an assignment adds, or the first rule its data breaks.
    static func checkAssignment(
        _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseTeamMember, CaseRefusal> {
        guard case .string(let person)? = value["person"], isActorID(person) else {
            return .failure(
                CaseRefusal(rule: "team.person", message: "name the person to assign by their actor id, such as bob"))
        }
        var position = CaseTeamMember.Position.member
        if let given = value["position"], given != .null {
            guard case .string(let name) = given, let known = CaseTeamMember.Position(rawValue: name) else {
                return .failure(CaseRefusal(rule: "team.position", message: "the position must be lead or member"))
            }
            position = known
        }
        if let appeal = record.openAppeal, appeal.panel.contains(person) {
            return .failure(
                CaseRefusal(
                    rule: "team.on-panel",
                    message: "\(person) sits on the panel hearing appeal \(appeal.id) and cannot assess the case"))
        }
        if let member = record.team[person] {
            return .failure(
                CaseRefusal(
                    rule: "team.already-assigned",
                    message: "\(person) is already assigned to this case as \(member.position.rawValue); release "
                        + "them first to assign them differently"))
        }
        if position == .lead, let lead = record.team.values.first(where: { $0.position == .lead }) {
            return .failure(
                CaseRefusal(
                    rule: "team.lead-taken",
                    message: "\(lead.person) already leads this case's assessment; a case has one lead: release "
                        + "them first, or assign \(person) as a member"))
        }
        var foundations: [String]?
        if let given = value["foundations"], given != .null {
            let codes = framework.framework.foundations.map(\.id)
            guard case .array(let items) = given, !items.isEmpty, items.count <= codes.count else {
                return .failure(
                    CaseRefusal(
                        rule: "team.unknown-foundation",
                        message: "foundations must be a non-empty list of the framework's foundation codes ("
                            + codes.joined(separator: ", ") + "), or left out for all of them"))
            }
            var chosen: [String] = []
            for item in items {
                guard case .string(let code) = item, codes.contains(code), !chosen.contains(code) else {
                    return .failure(
                        CaseRefusal(
                            rule: "team.unknown-foundation",
                            message: "\(item) is not a foundation of \(framework.framework.id) (or is named twice): "
                                + "use " + codes.joined(separator: ", ")))
                }
                chosen.append(code)
            }
            foundations = chosen
        }
        return .success(
            CaseTeamMember(
                person: person, position: position, foundations: foundations, assignedBy: actor, assignedAt: time))
    }

    /// The person a release takes off the team, or the first rule its data breaks.
    static func checkRelease(_ value: Value, record: CaseRecord) -> Result<String, CaseRefusal> {
        guard case .string(let person)? = value["person"], record.team[person] != nil else {
            let assigned = record.teamInOrder.map(\.person).joined(separator: ", ")
            return .failure(
                CaseRefusal(
                    rule: "team.not-assigned",
                    message: "name a person assigned to this case"
                        + (assigned.isEmpty ? "; nobody is assigned" : ": \(assigned)")))
        }
        guard case .string(let reason)? = value["reason"], !reason.allSatisfy(\.isWhitespace),
            reason.unicodeScalars.count <= maximumFindingText
        else {
            return .failure(
                CaseRefusal(
                    rule: "team.reason",
                    message: "give a reason (at most \(maximumFindingText) characters) for taking \(person) off "
                        + "the case"))
        }
        return .success(person)
    }

    /// `team.outside-assignment`: why an assigned member may not rate or raise a finding on `criterion`, when they
    /// were assigned other foundations only.
    static func coverageRefusal(_ actor: String, criterion: String, record: CaseRecord, framework: FrameworkIndex)
        -> CaseRefusal?
    {
        guard !record.team.isEmpty, let member = record.team[actor], let foundation = framework.foundationOf[criterion],
            !member.covers(foundation: foundation)
        else { return nil }
        return CaseRefusal(
            rule: "team.outside-assignment",
            message: "\(actor) is assigned to assess \((member.foundations ?? []).joined(separator: ", ")) in this "
                + "case, not \(foundation) (\(criterion)); the secretariat can assign them again with it")
    }

    /// Whether a string is an actor id as the directory allows them (a letter or digit, then letters, digits, `.`,
    /// `_`, `-`, `@`; at most 64).
    static func isActorID(_ id: String) -> Bool {
        guard let first = id.utf8.first, id.utf8.count <= 64, first != 0x2E, first != 0x5F, first != 0x2D,
            first != 0x40
        else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x40
        }
    }
}
