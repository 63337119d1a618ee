/// What one fuzz input did: a defect traps instead, so these are the two ways an input passes.
public enum FuzzOutcome: Sendable, Equatable {
    /// The parser refused the input with its typed error.
    case refused
    /// The parser accepted the input and the target's properties were checked on the result.
    case checked
}

/// How many inputs a run put through a target, and how many of them reached the properties.
public struct FuzzTally: Sendable, Equatable {
    /// Corpus inputs run.
    public var corpus = 0
    /// Corpus inputs the parser accepted, so that the properties were checked.
    public var corpusChecked = 0
    /// Mutated inputs run.
    public var mutations = 0
    /// Mutated inputs that reached the properties.
    public var mutationsChecked = 0

    /// An empty tally.
    public init() {}
}
