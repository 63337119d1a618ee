/// Why a stored snapshot could not be restored.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the JSON path.
    public var message: String

    /// The message.
    public var description: String { "cannot restore snapshot: \(message)" }
}
