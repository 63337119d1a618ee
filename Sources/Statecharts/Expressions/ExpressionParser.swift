/// A precedence-climbing parser from tokens to an ``ExpressionNode`` tree, with a nesting limit.
struct ExpressionParser {
    /// The deepest nesting accepted, in tree levels and in parser recursion.
    static let maximumDepth = 200

    /// The tokens, ending with `.end`.
    private let tokens: [ExpressionToken]
    /// The next token to read.
    private var position = 0
    /// The current recursion depth.
    private var depth = 0

    /// Creates a parser over the tokens of `source`.
    init(_ source: String) throws(ExpressionError) {
        tokens = try ExpressionLexer.tokenize(source)
    }

    /// Parses a whole expression; the source must contain exactly one.
    static func parse(_ source: String) throws(ExpressionError) -> ExpressionNode {
        var parser = try ExpressionParser(source)
        guard parser.current.kind != .end else {
            throw ExpressionError(
                kind: .syntax, column: 1, message: "the expression is empty: write a value or condition")
        }
        let node = try parser.parseExpression()
        guard parser.current.kind == .end else {
            throw parser.syntax(
                "unexpected \(parser.current.display) after a complete expression: add an operator or remove it")
        }
        return node
    }

    /// The token at the current position.
    private var current: ExpressionToken { tokens[position] }

    /// A syntax error at the current token.
    private func syntax(_ message: String) -> ExpressionError {
        ExpressionError(kind: .syntax, column: current.column, message: message)
    }

    /// Advances past the symbol `symbol` if it is next.
    private mutating func accept(_ symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    /// Builds a node, enforcing the depth limit on the tree.
    private func make(_ kind: ExpressionNode.Kind, column: Int) throws(ExpressionError) -> ExpressionNode {
        let node = ExpressionNode(kind, column: column)
        guard node.height <= Self.maximumDepth else { throw tooDeep(column) }
        return node
    }

    /// The error for nesting beyond ``maximumDepth``.
    private func tooDeep(_ column: Int) -> ExpressionError {
        ExpressionError(
            kind: .syntax, column: column,
            message:
                "expression nested deeper than \(Self.maximumDepth) levels: "
                + "simplify it or move logic into a host function"
        )
    }

    /// Enters one level of recursion, failing beyond the limit.
    private mutating func enter() throws(ExpressionError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw tooDeep(current.column) }
    }

    /// Parses binary operators of at least `minimumPrecedence`, left-associatively.
    mutating func parseExpression(minimumPrecedence: Int = 1) throws(ExpressionError) -> ExpressionNode {
        try enter()
        defer { depth -= 1 }
        var left = try parseUnary()
        while case .symbol(let symbol) = current.kind, let op = ExpressionNode.BinaryOperator(rawValue: symbol),
            op.precedence >= minimumPrecedence
        {
            let column = current.column
            position += 1
            let right = try parseExpression(minimumPrecedence: op.precedence + 1)
            left = try make(.binary(op, left, right), column: column)
        }
        return left
    }

    /// Parses prefix `!` and `-`, then a postfix expression.
    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        let column = current.column
        for op in [ExpressionNode.UnaryOperator.not, .negate] where accept(op.rawValue) {
            try enter()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return try make(.unary(op, operand), column: column)
        }
        return try parsePostfix()
    }

    /// Parses a primary expression followed by `.member`, `[index]` and call suffixes.
    private mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        var node = try parsePrimary()
        while true {
            let column = current.column
            if accept(".") {
                let name: String
                switch current.kind {
                case .identifier(let word), .keyword(let word): name = word
                default: throw syntax("expected a member name after '.', found \(current.display)")
                }
                position += 1
                node = try make(.member(node, name), column: column)
            } else if accept("[") {
                let index = try parseExpression()
                guard accept("]") else { throw syntax("expected ']' after the index, found \(current.display)") }
                node = try make(.index(node, index), column: column)
            } else if current.kind == .symbol("(") {
                guard case .identifier(let name) = node.kind else {
                    throw syntax("only named functions can be called, as in name(argument)")
                }
                position += 1
                node = try make(.call(name, try parseArguments(of: name)), column: node.column)
            } else {
                return node
            }
        }
    }

    /// Parses call arguments after the opening parenthesis, through the closing one.
    private mutating func parseArguments(of name: String) throws(ExpressionError) -> [ExpressionNode] {
        var arguments: [ExpressionNode] = []
        if accept(")") { return arguments }
        while true {
            arguments.append(try parseExpression())
            if accept(")") { return arguments }
            guard accept(",") else { throw syntax("expected ',' or ')' after arguments to '\(name)'") }
        }
    }

    /// The token `offset` places after the current one (the end token past the last).
    private func next(_ offset: Int) -> ExpressionToken {
        tokens[min(position + offset, tokens.count - 1)]
    }

    /// Parses `every name in collection: condition` (or `some`) from its first word; the condition extends as far
    /// to the right as it can, so parenthesise a quantifier that is one operand of `&&` or `||`.
    private mutating func parseQuantified(_ quantifier: ExpressionNode.Quantifier, binding: String, column: Int)
        throws(ExpressionError) -> ExpressionNode
    {
        guard !binding.hasPrefix("_") else {
            throw syntax(
                "'\(quantifier.rawValue) \(binding) in …' may not bind a name starting with '_', such as _event")
        }
        position += 3
        try enter()
        defer { depth -= 1 }
        let collection = try parseExpression()
        guard accept(":") else {
            throw syntax(
                "expected ':' before the condition of '\(quantifier.rawValue) \(binding) in …', "
                    + "as in \(quantifier.rawValue) f in foundations(): foundationScorePercent(f) >= 63")
        }
        let condition = try parseExpression()
        return try make(.quantified(quantifier, binding, collection, condition), column: column)
    }

    /// Parses `[a, b, …]` from its opening bracket.
    private mutating func parseArray(column: Int) throws(ExpressionError) -> ExpressionNode {
        position += 1
        try enter()
        defer { depth -= 1 }
        var elements: [ExpressionNode] = []
        if !accept("]") {
            while true {
                elements.append(try parseExpression())
                if accept("]") { break }
                guard accept(",") else {
                    throw syntax(
                        "expected ',' or ']' in the array opened at column \(column), found \(current.display)")
                }
            }
        }
        return try make(.array(elements), column: column)
    }

    /// Parses `{"key": value, …}` (a key is a string or a name) from its opening brace.
    private mutating func parseObject(column: Int) throws(ExpressionError) -> ExpressionNode {
        position += 1
        try enter()
        defer { depth -= 1 }
        var members: [ExpressionNode.ObjectMember] = []
        var keys: Set<String> = []
        if !accept("}") {
            while true {
                let key: String
                switch current.kind {
                case .string(let text), .identifier(let text), .keyword(let text): key = text
                default:
                    throw syntax(
                        "expected a key (a string or a name) in the object opened at column \(column), found "
                            + current.display)
                }
                guard keys.insert(key).inserted else { throw syntax("the key '\(key)' is given twice in this object") }
                position += 1
                guard accept(":") else { throw syntax("expected ':' after the key '\(key)', found \(current.display)") }
                members.append(ExpressionNode.ObjectMember(key: key, value: try parseExpression()))
                if accept("}") { break }
                guard accept(",") else {
                    throw syntax(
                        "expected ',' or '}' in the object opened at column \(column), found \(current.display)")
                }
            }
        }
        return try make(.object(members), column: column)
    }

    /// Parses a literal, identifier or parenthesised expression.
    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .integer(let number):
            position += 1
            return try make(.literal(.integer(number)), column: token.column)
        case .decimal(let number):
            position += 1
            return try make(.literal(.decimal(number)), column: token.column)
        case .string(let text):
            position += 1
            return try make(.literal(.string(text)), column: token.column)
        case .keyword(let word):
            position += 1
            let value: Value = word == "true" ? .bool(true) : word == "false" ? .bool(false) : .null
            return try make(.literal(value), column: token.column)
        case .identifier(let name):
            if let quantifier = ExpressionNode.Quantifier(rawValue: name), case .identifier(let bound) = next(1).kind,
                next(2).kind == .identifier("in")
            {
                return try parseQuantified(quantifier, binding: bound, column: token.column)
            }
            position += 1
            return try make(.identifier(name), column: token.column)
        case .symbol("("):
            position += 1
            let inner = try parseExpression()
            guard accept(")") else { throw syntax("expected ')' to close the '(' at column \(token.column)") }
            return inner
        case .symbol("["):
            return try parseArray(column: token.column)
        case .symbol("{"):
            return try parseObject(column: token.column)
        case .end:
            throw syntax("the expression ended early: expected a value")
        case .symbol:
            throw syntax("unexpected \(token.display): expected a value, name or '('")
        }
    }
}
