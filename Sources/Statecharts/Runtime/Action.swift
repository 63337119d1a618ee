/// One compiled executable content element with its source line.
struct Action: Sendable {
    var kind: ActionKind
    var line: Int
}

/// Compiled executable content.
indirect enum ActionKind: Sendable {
    case raise(String)
    case send(ChartSend)
    case cancel(String?, Expression?)
    case assign(ChartLocation, Expression?, Value?)
    case log(String?, Expression?)
    case branches([(cond: Expression?, body: [Action])])
    case foreach(array: Expression, item: ChartLocation, index: ChartLocation?, body: [Action])
    case nothing
}

/// A compiled `<send>`.
struct ChartSend: Sendable {
    var event: String?
    var eventExpr: Expression?
    var target: String?
    var targetExpr: Expression?
    var type: String?
    var typeExpr: Expression?
    var id: String?
    var idLocation: ChartLocation?
    var delay: Delay?
    var delayExpr: Expression?
    var namelist: [(name: String, expr: Expression)]
    var params: [ChartParam]
    var content: ChartContent?
}

/// A parsed location and whether it is a bare identifier (assigned without evaluating anything).
struct ChartLocation: Sendable {
    var location: Location
    var isSimple: Bool
    /// Why it can never be assigned (a system variable, or an expression that is not a location): assigning to it
    /// raises `error.execution`.
    var refusal: String? = nil
    var root: String { location.root }
}
