/// Why JSON text was rejected, and where.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The zero-based byte offset of the problem in the UTF-8 input.
    public var offset: Int
    /// The one-based line of the problem.
    public var line: Int
    /// The one-based column of the problem, counted in bytes from the start of the line.
    public var column: Int
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates an error at a position with a message.
    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// "line 1, column 5 (byte 4): message".
    public var description: String {
        "line \(line), column \(column) (byte \(offset)): \(message)"
    }
}
