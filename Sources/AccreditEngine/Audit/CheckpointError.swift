import Statecharts

/// Why a checkpoint file could not be read or signed.
public struct CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
