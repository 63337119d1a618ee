/// A parsed expression of the `accredit` datamodel (or the `null` datamodel), ready to evaluate many times.
///
/// Parse once when the workflow is loaded, so syntax errors surface with their column before any session runs.
public struct Expression: Hashable, Sendable, CustomStringConvertible {
    /// The source text as written in the document.
    public let source: String
    /// The dialect the source was checked against.
    let dialect: ExpressionDialect
    /// The syntax tree.
    let root: ExpressionNode

    /// Parses `source`.
    /// - Parameters:
    ///   - source: The expression text, such as `score >= 3 && In('review')`.
    ///   - dialect: The datamodel the document declares.
    /// - Throws: ``ExpressionError`` of kind `syntax` with the column of the first problem.
    public init(_ source: String, dialect: ExpressionDialect = .accredit) throws(ExpressionError) {
        self.source = source
        self.dialect = dialect
        self.root = try ExpressionParser.parse(source)
        if dialect == .null { try Self.checkNullDialect(root) }
    }

    /// Evaluates the expression.
    /// - Parameter scope: The data, active states and host functions visible to the expression.
    /// - Returns: The expression's value.
    /// - Throws: ``ExpressionError`` with the column of the failing operation.
    public func evaluate(in scope: some ExpressionScope) throws(ExpressionError) -> Value {
        try ExpressionEvaluator(scope: scope).evaluate(root)
    }

    /// Evaluates the expression as a condition, which must produce a boolean.
    /// - Parameter scope: The data, active states and host functions visible to the expression.
    /// - Returns: The boolean result.
    /// - Throws: ``ExpressionError`` of kind `type` when the result is not boolean, or any evaluation error.
    public func evaluateCondition(in scope: some ExpressionScope) throws(ExpressionError) -> Bool {
        let value = try evaluate(in: scope)
        guard case .bool(let flag) = value else {
            throw ExpressionError(
                kind: .type, column: 1,
                message:
                    "a condition must be boolean, but this one produced \(value.typeName): compare it, e.g. x != null")
        }
        return flag
    }

    /// The source text.
    public var description: String { source }

    /// Two expressions are equal when their source and dialect are.
    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        lhs.source == rhs.source && lhs.dialect == rhs.dialect
    }

    /// Hashes the source and dialect.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(dialect)
    }
}
