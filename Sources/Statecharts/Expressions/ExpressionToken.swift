/// One lexical token of an expression, with the column where it starts.
struct ExpressionToken: Hashable, Sendable {
    /// What the token is.
    enum Kind: Hashable, Sendable {
        case integer(Int64)
        case decimal(Double)
        case string(String)
        case identifier(String)
        case keyword(String)
        case symbol(String)
        case end
    }

    /// What the token is.
    let kind: Kind
    /// The one-based column of the token's first character.
    let column: Int

    /// How the token reads in error messages.
    var display: String {
        switch kind {
        case .integer(let number): "'\(number)'"
        case .decimal(let number): "'\(number)'"
        case .string: "a string"
        case .identifier(let name), .keyword(let name): "'\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the expression"
        }
    }
}
