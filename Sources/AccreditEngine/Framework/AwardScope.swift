import Statecharts

/// The scope award rule conditions are evaluated in: the assessment figures as variables, plus host functions.
///
/// Functions: `foundationScorePercent('SL')` (decimal), `foundationUnrated('SL')` (integer) and
/// `countRated('not-met')` (integer). `In(...)` is meaningless here and always false.
public struct AwardScope: ExpressionScope {
    /// The overall figures.
    public var figures: AssessmentFigures
    /// The per-foundation results, keyed by foundation code.
    public var foundations: [String: FoundationResult]

    /// Creates a scope.
    public init(figures: AssessmentFigures, foundations: [FoundationResult]) {
        self.figures = figures
        self.foundations = Dictionary(foundations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The host functions conditions may call.
    public static let functionNames: [String] = ["foundationScorePercent", "foundationUnrated", "countRated"]

    /// The value of one of ``AssessmentFigures/variableNames``, or nil.
    public func value(of identifier: String) -> Value? {
        figures.variables[identifier]
    }

    /// Always false: award rules do not run inside a statechart.
    public func isActive(stateID: String) -> Bool { false }

    /// Calls one of ``functionNames``.
    public func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        guard Self.functionNames.contains(name) else { throw .unknownFunction(name) }
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
