import Statecharts

/// A version and head hash some record claims for a case: the stored projection, or a checkpoint's entry.
public struct CaseHeadClaim: Hashable, Sendable {
    /// The number of events claimed.
    public var version: Int64
    /// The hash of event `version` (``HashChain/genesis`` for version 0).
    public var head: [UInt8]

    /// Creates a claim.
    public init(version: Int64, head: [UInt8]) {
        self.version = version
        self.head = head
    }
}
