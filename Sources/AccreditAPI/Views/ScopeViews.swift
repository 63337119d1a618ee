import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How sites, services and a case's scope look in the API.
public enum ScopeViews {
    /// `{site, name, address, recordedBy, recordedAt}`.
    public static func site(_ site: Site) -> Value {
        [
            "site": .string(site.code), "name": .string(site.name), "address": site.address.map(Value.string) ?? .null,
            "recordedBy": .string(site.recordedBy), "recordedAt": site.recordedAt.map { .string($0.iso8601) } ?? .null,
        ]
    }

    /// `{service, site, kind, name, recordedBy, recordedAt}`.
    public static func service(_ service: OrganisationService) -> Value {
        [
            "service": .string(service.code), "site": .string(service.site), "kind": .string(service.kind),
            "name": .string(service.name), "recordedBy": .string(service.recordedBy),
            "recordedAt": service.recordedAt.map { .string($0.iso8601) } ?? .null,
        ]
    }

    /// A case's scope: `{services: [{service, name, kind, site, siteName}], declaredBy, declaredAt}`, or null before
    /// it is declared.
    public static func scope(_ record: CaseRecord) -> Value {
        guard let scope = record.scope else { return .null }
        return [
            "services": .array(scope.services.map(\.value)), "declaredBy": .string(scope.declaredBy),
            "declaredAt": .string(scope.declaredAt.iso8601),
        ]
    }

    /// The scope change awaiting a decision: `{services, reason, requestedBy, requestedAt}`, or null.
    public static func scopeChange(_ record: CaseRecord) -> Value {
        guard let change = record.scopeChange else { return .null }
        return [
            "services": .array(change.services.map(\.value)), "reason": .string(change.reason),
            "requestedBy": .string(change.requestedBy), "requestedAt": .string(change.requestedAt.iso8601),
        ]
    }

    /// `{criterion, justification, proposedBy, proposedAt, status, reviewedBy, reviewedAt, reason, inEffect}`;
    /// `status` is `proposed`, `accepted` or `rejected`; `inEffect` says whether the criterion is left out now (an
    /// accepted one the scope still allows).
    public static func applicability(_ proposal: CaseApplicability, excluded: Set<String>) -> Value {
        [
            "criterion": .string(proposal.criterion), "justification": .string(proposal.justification),
            "proposedBy": .string(proposal.proposedBy), "proposedAt": .string(proposal.proposedAt.iso8601),
            "status": .string(proposal.status.rawValue), "reviewedBy": proposal.reviewedBy.map(Value.string) ?? .null,
            "reviewedAt": proposal.reviewedAt.map { .string($0.iso8601) } ?? .null,
            "reason": proposal.reason.map(Value.string) ?? .null,
            "inEffect": .bool(excluded.contains(proposal.criterion)),
        ]
    }
}
