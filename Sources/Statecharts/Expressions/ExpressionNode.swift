/// A node of a parsed expression's syntax tree.
struct ExpressionNode: Hashable, Sendable {
    /// A prefix operator.
    enum UnaryOperator: String, Hashable, Sendable {
        case not = "!"
        case negate = "-"
    }

    /// An infix operator.
    enum BinaryOperator: String, Hashable, Sendable {
        case multiply = "*"
        case divide = "/"
        case remainder = "%"
        case add = "+"
        case subtract = "-"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case and = "&&"
        case or = "||"

        /// How tightly the operator binds; higher binds tighter.
        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual: 3
            case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide, .remainder: 6
            }
        }
    }

    /// A quantifier over an array: `every x in list: condition`, `some x in list: condition`.
    enum Quantifier: String, Hashable, Sendable {
        case every
        case some
    }

    /// What the node is.
    indirect enum Kind: Hashable, Sendable {
        case literal(Value)
        case identifier(String)
        case member(ExpressionNode, String)
        case index(ExpressionNode, ExpressionNode)
        case unary(UnaryOperator, ExpressionNode)
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
        case call(String, [ExpressionNode])
        /// `every name in collection: condition`: the quantifier, the bound name, the collection and the condition.
        case quantified(Quantifier, String, ExpressionNode, ExpressionNode)
        /// `[a, b, …]`: the elements in order.
        case array([ExpressionNode])
        /// `{"key": value, …}`: the members in source order (keys are unique).
        case object([ObjectMember])
    }

    /// One member of an object literal.
    struct ObjectMember: Hashable, Sendable {
        /// The key.
        let key: String
        /// The value's expression.
        let value: ExpressionNode
    }

    /// What the node is.
    let kind: Kind
    /// The one-based column the node is reported at: its operator, name or first character.
    let column: Int
    /// The longest path from this node to a leaf, counting this node; bounded by the parser.
    let height: Int

    /// Creates a node, computing its height from its children.
    init(_ kind: Kind, column: Int) {
        self.kind = kind
        self.column = column
        self.height = 1 + Self.children(of: kind).map(\.height).max(or: 0)
    }

    /// The direct children of a node kind, in source order.
    static func children(of kind: Kind) -> [ExpressionNode] {
        switch kind {
        case .literal, .identifier: []
        case .member(let base, _): [base]
        case .index(let base, let index): [base, index]
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right): [left, right]
        case .call(_, let arguments): arguments
        case .quantified(_, _, let collection, let condition): [collection, condition]
        case .array(let elements): elements
        case .object(let members): members.map(\.value)
        }
    }
}

extension Array where Element == Int {
    /// The largest element, or `fallback` when empty.
    fileprivate func max(or fallback: Int) -> Int { self.max() ?? fallback }
}
