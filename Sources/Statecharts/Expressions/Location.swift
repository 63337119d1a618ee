/// The left-hand side of `<assign location="...">`: a data id followed by `.member` and `[index]` steps.
///
/// Index expressions are full expressions, evaluated in the scope at assignment time (`scores[_event.data.i]`).
public struct Location: Hashable, Sendable, CustomStringConvertible {
    /// One step from a value into a part of it.
    enum Step: Hashable, Sendable {
        case member(String, column: Int)
        case index(ExpressionNode, column: Int)
    }

    /// The source text as written in the document.
    public let source: String
    /// The data id the location starts from.
    public let root: String
    /// The steps after the root, in order.
    let steps: [Step]

    /// Parses `source` as a location.
    /// - Parameter source: Text such as `review.scores[2]` or `data['key'].count`.
    /// - Throws: ``ExpressionError`` of kind `syntax` for malformed text, or `invalidLocation` for a valid expression
    ///   that is not an assignable place (such as `a + 1`).
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        var node = try ExpressionParser.parse(source)
        var steps: [Step] = []
        while true {
            switch node.kind {
            case .identifier(let name):
                guard name != "_event" else {
                    throw ExpressionError(
                        kind: .invalidLocation, column: node.column,
                        message: "_event is read-only: assign to a data id declared in <datamodel>")
                }
                self.root = name
                self.steps = steps.reversed()
                return
            case .member(let base, let name):
                steps.append(.member(name, column: node.column))
                node = base
            case .index(let base, let index):
                steps.append(.index(index, column: node.column))
                node = base
            default:
                throw ExpressionError(
                    kind: .invalidLocation, column: node.column,
                    message: "'\(source)' is not an assignable location: use a data id followed by .member or [index], "
                        + "such as review.scores[0]")
            }
        }
    }

    /// A location that can never be assigned (the compiler keeps it so that assigning to it fails when it runs).
    init(unassignable source: String) {
        self.source = source
        self.root = ""
        self.steps = []
    }

    /// The source text.
    public var description: String { source }

    /// Two locations are equal when their source is.
    public static func == (lhs: Location, rhs: Location) -> Bool { lhs.source == rhs.source }

    /// Hashes the source.
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
