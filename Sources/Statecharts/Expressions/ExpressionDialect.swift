/// Which expression language a document's `datamodel` attribute selects.
public enum ExpressionDialect: Sendable {
    /// The `accredit` datamodel: the full expression language.
    case accredit
    /// The SCXML `null` datamodel: only `In('id')`, `true`, `false`, `!`, `&&`, `||` and parentheses.
    case null
}
