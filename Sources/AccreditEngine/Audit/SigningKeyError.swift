import Statecharts

/// Why the signing key could not be created, read or used.
public struct SigningKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
