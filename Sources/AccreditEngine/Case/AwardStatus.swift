/// Where an issued award certificate stands, as the body's signed status list publishes it.
public enum AwardStatus: String, Hashable, Sendable, CaseIterable {
    /// The award stands: rely on the certificate until it expires.
    case current
    /// The award is suspended (the case is in one of its workflow's `acc:award-suspended` states); it may be
    /// reinstated.
    case suspended
    /// The award was ended before it expired: the case reached a final state, or a later decision gave no award.
    case withdrawn
    /// The award's expiry time has passed.
    case expired
    /// A later decision in the same case gave a new award, with its own certificate.
    case superseded

    /// Whether a relying party may rely on a certificate with this status.
    public var isInForce: Bool { self == .current }
}
