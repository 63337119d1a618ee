import Statecharts

/// One case's head as a checkpoint records it: a leaf of the checkpoint's Merkle tree.
public struct CheckpointHead: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// The number of events the case had.
    public var version: Int64
    /// The hash of its last event (``HashChain/genesis`` when it had none).
    public var head: [UInt8]

    /// Creates a head.
    public init(caseID: String, version: Int64, head: [UInt8]) {
        self.caseID = caseID
        self.version = version
        self.head = head
    }

    /// `{"case": …, "head": hex, "version": n}`.
    public var value: Value {
        .object(["case": .string(caseID), "version": .integer(version), "head": .string(HashChain.hex(head))])
    }

    /// The Merkle leaf: the canonical JSON bytes of ``value``.
    public var leaf: [UInt8] { CanonicalJSON.encodedBytes(value) }

    /// The version and head as a claim to check a chain against.
    public var claim: CaseHeadClaim { CaseHeadClaim(version: version, head: head) }

    /// Reads a head from its JSON object.
    public init?(_ value: Value) {
        guard case .string(let caseID) = value["case"], case .integer(let version) = value["version"],
            case .string(let hex) = value["head"], let head = Hex.decode(hex), head.count == 32
        else { return nil }
        self.init(caseID: caseID, version: version, head: head)
    }
}
