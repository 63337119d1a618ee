import Statecharts

/// A complaint about an organisation, as the intake holds it: outside the case log, so that the complainant's
/// details can be erased while the reference, the triage and the outcome stay.
public struct Complaint: Hashable, Sendable {
    /// Who the complaint comes from.
    public enum Source: String, CaseIterable, Sendable {
        /// A patient, a relative or another member of the public.
        case `public`
        /// Someone who works for the organisation.
        case staff
        /// Anyone else (a regulator, a commissioner, another body).
        case other
    }

    /// The reference, `CMP-` and a number.
    public var reference: String
    /// The organisation complained about.
    public var organisation: String
    /// Who it comes from.
    public var source: Source
    /// When it was received, by the store's clock.
    public var receivedAt: Instant
    /// The staff member who recorded it (from a letter or a call); nil when it came through the public form.
    public var receivedBy: String?
    /// The complainant's name, if given and not erased.
    public var complainant: String?
    /// How to reach the complainant, if given and not erased.
    public var contact: String?
    /// The complaint in the complainant's words; nil once erased.
    public var body: String?
    /// When the complainant's details were erased, and by whom.
    public var erased: ComplaintStep?
    /// The triage: `no-action`, `monitor` or `for-cause-visit`, with the secretariat's summary.
    public var triage: ComplaintStep?
    /// The outcome once closed: `substantiated`, `partly-substantiated`, `not-substantiated` or `withdrawn`.
    public var closure: ComplaintStep?

    /// Creates a complaint as read from the store.
    public init(
        reference: String, organisation: String, source: Source, receivedAt: Instant, receivedBy: String?,
        complainant: String?, contact: String?, body: String?, erased: ComplaintStep? = nil,
        triage: ComplaintStep? = nil, closure: ComplaintStep? = nil
    ) {
        self.reference = reference
        self.organisation = organisation
        self.source = source
        self.receivedAt = receivedAt
        self.receivedBy = receivedBy
        self.complainant = complainant
        self.contact = contact
        self.body = body
        self.erased = erased
        self.triage = triage
        self.closure = closure
    }

    /// Where the complaint is: `received`, `triaged` or `closed`.
    public var status: String { closure != nil ? "closed" : triage != nil ? "triaged" : "received" }

    /// Where a complaint may be, as ``status`` says.
    public static let statuses = ["received", "triaged", "closed"]
    /// The decisions triage may take.
    public static let triageDecisions = ["no-action", "monitor", "for-cause-visit"]
    /// The outcomes a complaint may close with.
    public static let outcomes = ["substantiated", "partly-substantiated", "not-substantiated", "withdrawn"]

    /// The number inside a reference (`CMP-12` is 12), or nil for anything else.
    public static func number(of reference: String) -> Int64? { StoreReference.number(of: reference, prefix: "CMP-") }
}

/// One recorded step of a complaint or a visit plan: what was decided, why, by whom and when.
public struct ComplaintStep: Hashable, Sendable {
    /// The decision or outcome (empty for an erasure).
    public var decision: String
    /// The summary or reason.
    public var summary: String
    /// Who recorded it.
    public var actor: String
    /// When, by the store's clock.
    public var at: Instant

    /// Creates a step.
    public init(decision: String, summary: String, actor: String, at: Instant) {
        self.decision = decision
        self.summary = summary
        self.actor = actor
        self.at = at
    }
}

/// A complaint as received, before the store numbers it.
public struct ComplaintIntake: Hashable, Sendable {
    /// The organisation complained about.
    public var organisation: String
    /// Who it comes from.
    public var source: Complaint.Source
    /// The complainant's name, if given (a complaint may be anonymous).
    public var complainant: String?
    /// How to reach the complainant, if given.
    public var contact: String?
    /// The complaint in the complainant's words.
    public var body: String
    /// The staff member recording it; nil for the public form.
    public var receivedBy: String?

    /// Creates an intake.
    public init(
        organisation: String, source: Complaint.Source, complainant: String?, contact: String?, body: String,
        receivedBy: String?
    ) {
        self.organisation = organisation
        self.source = source
        self.complainant = complainant
        self.contact = contact
        self.body = body
        self.receivedBy = receivedBy
    }
}

/// References the store gives to complaints (`CMP-12`) and visit plans (`V-3`).
enum StoreReference {
    /// The number after `prefix`, or nil unless the reference is the prefix and 1 to 18 digits without a leading
    /// zero (one spelling per reference: `V-01` is not `V-1`).
    static func number(of reference: String, prefix: String) -> Int64? {
        guard reference.hasPrefix(prefix) else { return nil }
        let digits = reference.dropFirst(prefix.count)
        guard (1...18).contains(digits.count), digits.first != "0",
            digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Int64(digits)
    }
}
