import Statecharts

/// One line of a crosswalk: how some criteria of the old version relate to some of the new one.
public struct CrosswalkEntry: Hashable, Sendable {
    /// The kind of relation.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// One old criterion becomes one new criterion: rating and evidence carry over.
        case map
        /// One old criterion becomes several: evidence is copied to each, ratings must be given again.
        case split
        /// Several old criteria become one: evidence is pooled, the rating carries when all agree.
        case merge
        /// A new criterion with no predecessor: it needs evidence and a rating.
        case new
        /// An old criterion with no successor: its rating and evidence are not carried.
        case retire
    }

    /// The kind of relation.
    public var kind: Kind
    /// The old version's criterion ids (empty for `new`).
    public var from: [String]
    /// The new version's criterion ids (empty for `retire`).
    public var to: [String]
    /// Why the change was made, for the organisation.
    public var note: String

    /// Creates an entry.
    public init(kind: Kind, from: [String], to: [String], note: String = "") {
        self.kind = kind
        self.from = from
        self.to = to
        self.note = note
    }
}
