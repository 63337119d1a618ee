import Statecharts

/// What a case assesses: the organisation's services (each at a site, of a kind the framework declares) as the case
/// declared them, copied from the directory when declared so that the log alone says what was in scope.
public struct CaseScope: Hashable, Sendable {
    /// One service in scope.
    public struct Service: Hashable, Sendable {
        /// The service's code in the directory, such as `maternity`.
        public var code: String
        /// Its name, such as `Maternity unit`.
        public var name: String
        /// Its kind, one of the framework's service kinds, such as `inpatient`.
        public var kind: String
        /// The code of the site it runs at, such as `main`.
        public var site: String
        /// The site's name, such as `Royal Infirmary`.
        public var siteName: String

        /// Creates a service in scope.
        public init(code: String, name: String, kind: String, site: String, siteName: String) {
            self.code = code
            self.name = name
            self.kind = kind
            self.site = site
            self.siteName = siteName
        }

        /// The service as event data: `{"service", "name", "kind", "site", "siteName"}`.
        public var value: Value {
            [
                "service": .string(code), "name": .string(name), "kind": .string(kind), "site": .string(site),
                "siteName": .string(siteName),
            ]
        }
    }

    /// The services, in the order declared.
    public var services: [Service]
    /// Who declared it (or asked for the change that made it).
    public var declaredBy: String
    /// When it took effect.
    public var declaredAt: Instant
    /// The services (their codes, sorted) of every scope the case has held, this one last: an acceptance that a
    /// criterion is not applicable because of the kinds of service a scope lacks holds for any scope that took effect
    /// and still lacks them, never for one asked for and refused.
    public var history: [[String]]

    /// Creates a scope; `history` is that of the scope it replaces, if any (this one is added to it).
    public init(services: [Service], declaredBy: String, declaredAt: Instant, history: [[String]] = []) {
        self.services = services
        self.declaredBy = declaredBy
        self.declaredAt = declaredAt
        let codes = services.map(\.code).sorted()
        self.history = history.last == codes ? history : history + [codes]
    }

    /// The kinds of its services.
    public var kinds: Set<String> { Set(services.map(\.kind)) }

    /// The codes of its services, sorted: what an applicability proposal is bound to.
    public var codes: [String] { services.map(\.code).sorted() }

    /// The most services one scope holds.
    public static let maximumServices = 64
}

/// A change to an awarded case's scope, asked for and not yet decided: the services the scope would then hold.
public struct CaseScopeChange: Hashable, Sendable {
    /// The services the scope would hold.
    public var services: [CaseScope.Service]
    /// Why the organisation asks for it.
    public var reason: String
    /// Who asked.
    public var requestedBy: String
    /// When.
    public var requestedAt: Instant
    /// The criteria left out of the scope as it is that the change brings back into the assessment: each is rated
    /// again for the change, whatever rating it had before.
    public var bringsIn: [String]
    /// The criteria rated since the change was asked for.
    public var rated: Set<String>

    /// Creates a scope change.
    public init(
        services: [CaseScope.Service], reason: String, requestedBy: String, requestedAt: Instant,
        bringsIn: [String] = [], rated: Set<String> = []
    ) {
        self.services = services
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.bringsIn = bringsIn
        self.rated = rated
    }

    /// The kinds of its services.
    public var kinds: Set<String> { Set(services.map(\.kind)) }

    /// The codes of its services, sorted.
    public var codes: [String] { services.map(\.code).sorted() }

    /// The scope the case would hold once the change is approved, after `current` (whose history it continues).
    public func scope(after current: CaseScope?) -> CaseScope {
        CaseScope(services: services, declaredBy: requestedBy, declaredAt: requestedAt, history: current?.history ?? [])
    }
}

/// A proposal that a criterion is not applicable to the case's scope, with the organisation's justification and,
/// once reviewed, the assessor's answer.
public struct CaseApplicability: Hashable, Sendable {
    /// Where the proposal stands.
    public enum Status: String, Hashable, Sendable {
        /// Awaiting an assessor's review.
        case proposed
        /// Accepted: the criterion is left out of the assessment while the scope still allows it.
        case accepted
        /// Rejected: the criterion is assessed.
        case rejected
    }

    /// The criterion, such as `LD-1.2`.
    public var criterion: String
    /// The codes of the services (sorted) of the scope it was proposed for: the case's, or that of the change being
    /// assessed. An acceptance is in effect only while the case's scope is exactly that one, so that a scope declared
    /// again, or a change refused or lapsed, leaves nothing out that nobody reviewed for it.
    public var forServices: [String]
    /// Why the organisation says it does not apply.
    public var justification: String
    /// Who proposed it.
    public var proposedBy: String
    /// When.
    public var proposedAt: Instant
    /// Where it stands.
    public var status: Status
    /// The assessor who last reviewed it.
    public var reviewedBy: String?
    /// When.
    public var reviewedAt: Instant?
    /// The assessor's reason.
    public var reason: String?

    /// Creates a proposal.
    public init(
        criterion: String, forServices: [String], justification: String, proposedBy: String, proposedAt: Instant,
        status: Status = .proposed, reviewedBy: String? = nil, reviewedAt: Instant? = nil, reason: String? = nil
    ) {
        self.criterion = criterion
        self.forServices = forServices
        self.justification = justification
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
        self.status = status
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reason = reason
    }
}
