/// One expected evidence item of a criterion, as an upload names it (`item`): what the organisation provides
/// evidence for, and what coverage by item counts.
public struct EvidenceSlot: Hashable, Sendable {
    /// The criterion's id, such as `SL-1.1`.
    public var criterion: String
    /// The item's number (1-based, in the order of the criterion's `<evidence>`), or nil for a criterion that lists
    /// no expected evidence (any evidence covers it).
    public var item: Int?
    /// What the evidence is (empty for a criterion that lists none).
    public var description: String

    /// Creates a slot.
    public init(criterion: String, item: Int?, description: String) {
        self.criterion = criterion
        self.item = item
        self.description = description
    }
}

extension Criterion {
    /// The criterion's expected evidence items as slots, in order: one slot without a number when it lists none.
    public var evidenceSlots: [EvidenceSlot] {
        guard !expectedEvidence.isEmpty else { return [EvidenceSlot(criterion: id, item: nil, description: "")] }
        return expectedEvidence.enumerated().map {
            EvidenceSlot(criterion: id, item: $0.offset + 1, description: $0.element.description)
        }
    }
}
