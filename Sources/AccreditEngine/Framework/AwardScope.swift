import Statecharts

/// The scope award rule conditions are evaluated in: the assessment figures as variables, plus host functions.
///
/// Functions: `foundations()` (the foundation codes, in document order, for `every f in foundations(): …`),
/// `foundationScorePercent('SL')` (decimal), `foundationUnrated('SL')` (integer) and `countRated('not-met')`
/// (integer), `openFindings()` and `openFindings('major')` (integer: findings, of a severity, still open or awaiting
/// verification). `In(...)` is meaningless here and always false.
public struct AwardScope: ExpressionScope {
    /// The overall figures.
    public var figures: AssessmentFigures
    /// The per-foundation results, keyed by foundation code.
    public var foundations: [String: FoundationResult]
    /// The foundation codes in document order, as `foundations()` answers: those with criteria applicable to the
    /// case.
    public var foundationCodes: [String]
    /// Findings still open or awaiting verification, per severity id, as `openFindings('major')` answers.
    public var outstandingFindings: [String: Int]
    /// The framework's severity ids, when known: `openFindings` refuses any other (nil accepts any).
    public var severityIDs: Set<String>?

    /// Creates a scope.
    public init(
        figures: AssessmentFigures, foundations: [FoundationResult], outstandingFindings: [String: Int] = [:],
        severityIDs: Set<String>? = nil, foundationCodes: [String]? = nil
    ) {
        self.figures = figures
        self.severityIDs = severityIDs
        self.outstandingFindings = outstandingFindings
        self.foundations = Dictionary(foundations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.foundationCodes = foundationCodes ?? foundations.map(\.id)
    }

    /// The host functions conditions may call.
    public static let functionNames: [String] = [
        "foundations", "foundationScorePercent", "foundationUnrated", "countRated", "openFindings",
    ]

    /// The value of one of ``AssessmentFigures/variableNames``, or nil.
    public func value(of identifier: String) -> Value? {
        figures.variables[identifier]
    }

    /// Always false: award rules do not run inside a statechart.
    public func isActive(stateID: String) -> Bool { false }

    /// Calls one of ``functionNames``.
    public func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        guard Self.functionNames.contains(name) else { throw .unknownFunction(name) }
        if name == "foundations" {
            guard arguments.isEmpty else { throw .host("foundations() takes no arguments") }
            return .array(foundationCodes.map(Value.string))
        }
        if name == "openFindings" {
            switch arguments.first {
            case nil: return .integer(Int64(outstandingFindings.values.reduce(0, +)))
            case .string(let severity)? where arguments.count == 1:
                if let severityIDs, !severityIDs.contains(severity) {
                    throw .host("openFindings('\(severity)'): the framework declares no finding severity '\(severity)'")
                }
                return .integer(Int64(outstandingFindings[severity] ?? 0))
            default: throw .host("openFindings() takes nothing or one severity, as in openFindings('major')")
            }
        }
        guard arguments.count == 1, case .string(let key) = arguments[0] else {
            throw .host("\(name)() takes one string, as in \(name)('\(name == "countRated" ? "met" : "SL")')")
        }
        if name == "countRated" {
            return .integer(Int64(figures.ratedByLevel[key] ?? 0))
        }
        guard let foundation = foundations[key] else {
            throw .host("\(name)('\(key)'): there is no foundation '\(key)' in this framework")
        }
        return name == "foundationUnrated" ? .integer(Int64(foundation.unrated)) : .decimal(foundation.scorePercent)
    }
}
