/// A compiled `<data>`.
struct ChartData: Sendable {
    var id: String
    var expr: Expression?
    var content: Value?
    var line: Int
}

/// A compiled `<param>`.
struct ChartParam: Sendable {
    var name: String
    var expr: Expression
    var line: Int
}

/// A compiled `<content>`.
struct ChartContent: Sendable {
    var expr: Expression?
    var value: Value?
}

/// A compiled `<donedata>`.
struct ChartDoneData: Sendable {
    var content: ChartContent?
    var params: [ChartParam]
}

/// A compiled `<invoke>`.
struct ChartInvoke: Sendable {
    var typeIsSupported: Bool
    var typeExpr: Expression?
    var id: String?
    var idLocation: ChartLocation?
    var autoforward: Bool
    var namelist: [(name: String, expr: Expression)]
    var params: [ChartParam]
    var child: Chart?
    /// `srcexpr`: the URI of the child document, evaluated when the invoke runs.
    var srcExpr: Expression?
    /// `<content expr>`: the child document's markup, evaluated when the invoke runs.
    var contentExpr: Expression?
    var finalize: [Action]
    var line: Int
}
