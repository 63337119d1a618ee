import Statecharts

/// The rules of findings: what raising, answering, closing and reopening one must satisfy, and the finding each
/// produces. Rules: `finding.unknown-criterion`, `finding.unknown-severity`, `finding.id`, `finding.unknown`,
/// `finding.text`, `finding.evidence`, `finding.respond-within`, `finding.status`, `finding.late`.
extension CaseRules {
    /// The longest statement, response, note or reason, in Unicode scalars (as for notes).
    static let maximumFindingText = 4000

    /// The finding after `action`, or the first rule the data breaks.
    static func checkFinding(
        _ action: TransitionAction, _ value: Value, record: CaseRecord, framework: FrameworkIndex, actor: String,
        at time: Instant
    ) -> Result<CaseFinding, CaseRefusal> {
        guard case .object(let data) = value else {
            return .failure(CaseRefusal(rule: "finding.unknown", message: "send the finding's fields as an object"))
        }
        if action == .raiseFinding { return raise(data, record: record, framework: framework, actor: actor, at: time) }
        guard case .string(let id)? = data["finding"], var finding = record.findings[id] else {
            let known = record.findings.keys.sorted().prefix(3).joined(separator: ", ")
            return .failure(
                CaseRefusal(
                    rule: "finding.unknown",
                    message: "name a finding of this case"
                        + (known.isEmpty ? "; none is raised yet" : ", such as \(known)")))
        }
        switch action {
        case .respondFinding:
            guard finding.status == .open else { return .failure(status(finding, "answered", wants: "open")) }
            if let due = finding.due, due <= time {
                return .failure(
                    CaseRefusal(
                        rule: "finding.late",
                        message: "finding \(finding.id) was due \(due.iso8601): it can no longer be answered; an "
                            + "assessor may reopen it with a new date"))
            }
            if let refusal = text(data, "response", "describe the corrective action taken") { return .failure(refusal) }
            if let refusal = evidence(data, record: record, response: true) { return .failure(refusal) }
            finding.status = .responded
            finding.responses += 1
            if case .string(let response)? = data["response"] { finding.response = response }
            finding.responseEvidence = evidenceIDs(data)
        case .closeFinding:
            guard finding.status == .responded else {
                return .failure(status(finding, "closed", wants: "answered by the organisation"))
            }
            if data["note"] != nil, let refusal = text(data, "note", "say what was verified") {
                return .failure(refusal)
            }
            finding.status = .closed
        case .reopenFinding:
            // An answered finding found wanting, or an open one whose date passed unanswered: asked again, with a
            // new date.
            guard finding.status.isOutstanding else {
                return .failure(status(finding, "reopened", wants: "outstanding"))
            }
            if let refusal = text(data, "reason", "say why the response is not enough") { return .failure(refusal) }
            switch due(data, severity: framework.framework.findingSeverity(finding.severity), at: time) {
            case .success(let due): finding.due = due
            case .failure(let refusal): return .failure(refusal)
            }
            finding.status = .open
        default:
            return .failure(CaseRefusal(rule: "finding.unknown", message: "\(action.rawValue) is not a finding action"))
        }
        return .success(finding)
    }

    private static func raise(
        _ data: [String: Value], record: CaseRecord, framework: FrameworkIndex, actor: String, at time: Instant
    ) -> Result<CaseFinding, CaseRefusal> {
        guard case .string(let id)? = data["finding"], isFindingID(id), record.findings[id] == nil else {
            return .failure(
                CaseRefusal(
                    rule: "finding.id",
                    message: "give the finding a new id of the form F-<number>, such as F-\(record.findings.count + 1)"
                ))
        }
        guard case .string(let criterion)? = data["criterion"], framework.criteria.contains(criterion) else {
            return .failure(
                CaseRefusal(
                    rule: "finding.unknown-criterion",
                    message: "raise the finding against a criterion of \(framework.framework.id) "
                        + "\(framework.framework.version), such as \(framework.firstCriterion)"))
        }
        let severities = framework.framework.findingSeverities
        guard case .string(let grade)? = data["severity"], let severity = framework.framework.findingSeverity(grade)
        else {
            return .failure(
                CaseRefusal(
                    rule: "finding.unknown-severity",
                    message: severities.isEmpty
                        ? "\(framework.framework.id) \(framework.framework.version) declares no finding severities, "
                            + "so no finding can be raised against it"
                        : "the severity must be one of: \(severities.map(\.id).joined(separator: ", "))"))
        }
        if let refusal = text(data, "statement", "say what was found") { return .failure(refusal) }
        if let refusal = evidence(data, record: record) { return .failure(refusal) }
        let due: Instant?
        switch Self.due(data, severity: severity, at: time) {
        case .success(let date): due = date
        case .failure(let refusal): return .failure(refusal)
        }
        let statement: String
        if case .string(let text)? = data["statement"] { statement = text } else { statement = "" }
        return .success(
            CaseFinding(
                id: id, criterion: criterion, severity: grade, statement: statement,
                evidence: evidenceIDs(data), raisedBy: actor, raisedAt: time, due: due,
                status: severity.needsCorrectiveAction ? .open : .noted))
    }

    /// The least time an organisation is given to respond: a day, so that a finding cannot lapse before anyone could
    /// read it.
    static let shortestTimeToRespond = Delay(days: 1)

    /// `F-` and one to nine digits, not starting with 0.
    static func isFindingID(_ id: String) -> Bool {
        let digits = id.utf8.dropFirst(2)
        return id.hasPrefix("F-") && (1...9).contains(digits.count) && digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The due date from `respondWithin`, which a severity with a corrective action requires (the desk fills in the
    /// severity's own) and which may not be later than the severity allows; an observation takes none.
    private static func due(_ data: [String: Value], severity: FindingSeverity?, at time: Instant) -> Result<
        Instant?, CaseRefusal
    > {
        guard let severity, let longest = severity.respondWithin else {
            guard data["respondWithin"] == nil || data["respondWithin"] == .null else {
                return .failure(
                    CaseRefusal(
                        rule: "finding.respond-within",
                        message: "a finding of severity '\(severity?.id ?? "")' asks for no corrective action: "
                            + "leave respondWithin out"))
            }
            return .success(nil)
        }
        guard case .string(let text)? = data["respondWithin"], text.utf8.count <= 40, let delay = Delay(parsing: text),
            delay.after(time) >= Self.shortestTimeToRespond.after(time)
        else {
            return .failure(
                CaseRefusal(
                    rule: "finding.respond-within",
                    message: "respondWithin must be a duration of at least a day, such as P30D"))
        }
        let due = delay.after(time)
        guard due <= longest.after(time) else {
            return .failure(
                CaseRefusal(
                    rule: "finding.respond-within",
                    message: "a '\(severity.id)' finding must be corrected within \(longest) at most: "
                        + "give respondWithin no longer than that"))
        }
        return .success(due)
    }

    /// `finding.text`: the field is a non-empty string of at most ``maximumFindingText`` scalars.
    private static func text(_ data: [String: Value], _ key: String, _ purpose: String) -> CaseRefusal? {
        guard case .string(let text)? = data[key], !text.allSatisfy(\.isWhitespace) else {
            return CaseRefusal(rule: "finding.text", message: "give a \(key): \(purpose)")
        }
        guard text.unicodeScalars.count <= maximumFindingText else {
            return CaseRefusal(
                rule: "finding.text",
                message: "the \(key) is \(text.unicodeScalars.count) characters; at most \(maximumFindingText) are "
                    + "accepted: attach longer material as evidence")
        }
        return nil
    }

    /// `finding.evidence`: `evidence`, when given, is an array of at most 50 evidence ids of this case; a corrective
    /// action (`response`) names items of the current cycle that were neither rejected nor replaced (an earlier
    /// cycle's counts for nothing in this one).
    private static func evidence(_ data: [String: Value], record: CaseRecord, response: Bool = false) -> CaseRefusal? {
        guard let given = data["evidence"], given != .null else { return nil }
        guard case .array(let items) = given, items.count <= 50 else {
            return CaseRefusal(
                rule: "finding.evidence",
                message: "evidence must be a list of at most 50 evidence ids, such as [\"E-1\"]")
        }
        for item in items {
            guard case .string(let id) = item, let found = record.evidence[id] else {
                return CaseRefusal(
                    rule: "finding.evidence",
                    message: "\(item) is not evidence of this case: name uploaded items such as E-1")
            }
            if response, found.cycle != record.cycle || found.status == "rejected" || found.status == "superseded" {
                return CaseRefusal(
                    rule: "finding.evidence",
                    message: "\(id) is \(found.cycle != record.cycle ? "from an earlier cycle" : found.status): "
                        + "answer with evidence uploaded (or reused) in this cycle and not rejected or replaced")
            }
        }
        return nil
    }

    private static func evidenceIDs(_ data: [String: Value]) -> [String] {
        guard case .array(let items)? = data["evidence"] else { return [] }
        return items.compactMap { item in
            if case .string(let id) = item { return id }
            return nil
        }
    }

    private static func status(_ finding: CaseFinding, _ verb: String, wants: String) -> CaseRefusal {
        CaseRefusal(
            rule: "finding.status",
            message: "finding \(finding.id) is \(finding.status.rawValue): only a finding \(wants) can be \(verb)")
    }
}
