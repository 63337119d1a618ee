import Statecharts

extension CaseMachine {
    /// The scope part of a stored state (format 6): the scope, the pending change and the applicability proposals,
    /// or nil when the case has none of them.
    static func encodeScope(_ record: CaseRecord) -> Value? {
        guard record.scope != nil || record.scopeChange != nil || !record.applicability.isEmpty else { return nil }
        var encoded: [String: Value] = [
            "applicability": .object(record.applicability.mapValues(encode))
        ]
        if let scope = record.scope {
            encoded["scope"] = [
                "services": .array(scope.services.map(\.value)), "declaredBy": .string(scope.declaredBy),
                "declaredAt": .integer(scope.declaredAt.microsecondsSinceEpoch),
                "history": .array(scope.history.map { .array($0.map(Value.string)) }),
            ]
        }
        if let change = record.scopeChange {
            encoded["change"] = [
                "services": .array(change.services.map(\.value)), "reason": .string(change.reason),
                "requestedBy": .string(change.requestedBy),
                "requestedAt": .integer(change.requestedAt.microsecondsSinceEpoch),
                "bringsIn": .array(change.bringsIn.map(Value.string)),
                "rated": .array(change.rated.sorted().map(Value.string)),
            ]
        }
        return .object(encoded)
    }

    /// Restores ``encodeScope(_:)``'s value into `record`; false when it is malformed.
    static func decodeScope(_ value: Value, into record: inout CaseRecord) -> Bool {
        guard case .object(let proposals)? = value["applicability"] else { return false }
        for (criterion, item) in proposals {
            guard let proposal = decodeApplicability(criterion, item) else { return false }
            record.applicability[criterion] = proposal
        }
        if let stored = value["scope"] {
            guard let services = decodeServices(stored["services"]), case .string(let by)? = stored["declaredBy"],
                case .integer(let at)? = stored["declaredAt"], case .array(let scopes)? = stored["history"]
            else { return false }
            var history: [[String]] = []
            for scope in scopes {
                guard case .array(let items) = scope else { return false }
                var codes: [String] = []
                for item in items {
                    guard case .string(let code) = item else { return false }
                    codes.append(code)
                }
                history.append(codes)
            }
            record.scope = CaseScope(
                services: services, declaredBy: by, declaredAt: Instant(microsecondsSinceEpoch: at), history: history)
        }
        if let stored = value["change"] {
            guard let services = decodeServices(stored["services"]), case .string(let reason)? = stored["reason"],
                case .string(let by)? = stored["requestedBy"], case .integer(let at)? = stored["requestedAt"],
                let bringsIn = strings(stored["bringsIn"]), let rated = strings(stored["rated"])
            else { return false }
            record.scopeChange = CaseScopeChange(
                services: services, reason: reason, requestedBy: by, requestedAt: Instant(microsecondsSinceEpoch: at),
                bringsIn: bringsIn, rated: Set(rated))
        }
        return true
    }

    /// A list of strings, or nil when it is missing or holds anything else.
    private static func strings(_ value: Value?) -> [String]? {
        guard case .array(let items)? = value else { return nil }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// Services from event data or a stored state, or nil when one is malformed.
    public static func decodeServices(_ value: Value?) -> [CaseScope.Service]? {
        guard case .array(let items)? = value else { return nil }
        var services: [CaseScope.Service] = []
        for item in items {
            guard case .string(let code)? = item["service"], case .string(let name)? = item["name"],
                case .string(let kind)? = item["kind"], case .string(let site)? = item["site"],
                case .string(let siteName)? = item["siteName"]
            else { return nil }
            services.append(CaseScope.Service(code: code, name: name, kind: kind, site: site, siteName: siteName))
        }
        return services
    }

    private static func encode(_ proposal: CaseApplicability) -> Value {
        [
            "forServices": .array(proposal.forServices.map(Value.string)),
            "justification": .string(proposal.justification), "proposedBy": .string(proposal.proposedBy),
            "proposedAt": .integer(proposal.proposedAt.microsecondsSinceEpoch),
            "status": .string(proposal.status.rawValue),
            "reviewedBy": proposal.reviewedBy.map(Value.string) ?? .null,
            "reviewedAt": proposal.reviewedAt.map { .integer($0.microsecondsSinceEpoch) } ?? .null,
            "reason": proposal.reason.map(Value.string) ?? .null,
        ]
    }

    private static func decodeApplicability(_ criterion: String, _ value: Value) -> CaseApplicability? {
        guard case .array(let services)? = value["forServices"],
            case .string(let justification)? = value["justification"],
            case .string(let proposedBy)? = value["proposedBy"], case .integer(let proposedAt)? = value["proposedAt"],
            case .string(let statusText)? = value["status"],
            let status = CaseApplicability.Status(rawValue: statusText)
        else { return nil }
        var codes: [String] = []
        for item in services {
            guard case .string(let code) = item else { return nil }
            codes.append(code)
        }
        var proposal = CaseApplicability(
            criterion: criterion, forServices: codes, justification: justification, proposedBy: proposedBy,
            proposedAt: Instant(microsecondsSinceEpoch: proposedAt), status: status)
        switch (value["reviewedBy"], value["reviewedAt"], value["reason"]) {
        case (.null?, .null?, .null?): break
        case (.string(let by)?, .integer(let at)?, .string(let reason)?):
            proposal.reviewedBy = by
            proposal.reviewedAt = Instant(microsecondsSinceEpoch: at)
            proposal.reason = reason
        default: return nil
        }
        return proposal
    }
}
