import AccreditEngine
import Statecharts
import Workflows

/// One parser under fuzzing and the properties its result must have. An input passes when the parser accepts it
/// and the properties hold, or refuses it with its typed error; anything else (a trap, a broken property) is a
/// defect, reported by trapping so that libFuzzer and the tests both see it.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The workflow reader (libxml2, XSD, the SCXML dialect's checks), then compiling and starting the chart.
    case workflowXML = "workflow-xml"
    /// The framework reader, then assessing an empty case against the framework.
    case frameworkXML = "framework-xml"
    /// The `accredit` expression parser, then evaluating the expression in an empty scope.
    case expression
    /// The canonical JSON decoder: what it accepts must re-encode to a fixed point.
    case canonicalJSON = "canonical-json"

    /// The most bytes one input may have (larger inputs are cut, so a run stays fast).
    public static let maximumInput = 64 << 10

    /// Runs one input.
    ///
    /// - Returns: Whether the parser refused the input or accepted it and its properties were checked.
    @discardableResult
    public func run(_ input: [UInt8]) -> FuzzOutcome {
        let bytes = input.count > Self.maximumInput ? Array(input.prefix(Self.maximumInput)) : input
        switch self {
        case .workflowXML: return Self.workflow(bytes)
        case .frameworkXML: return Self.framework(bytes)
        case .expression: return Self.expression(bytes)
        case .canonicalJSON: return Self.json(bytes)
        }
    }

    private static func workflow(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let loaded = try? WorkflowReader.load(bytes, file: "fuzz.scxml") else { return .refused }
        guard let interpreter = try? Interpreter(document: loaded.document) else { return .refused }
        let started = interpreter.start(at: .epoch, sessionID: "fuzz")
        _ = interpreter.process(ExternalEvent(name: "fuzz.event", at: .epoch), snapshot: started.snapshot)
        return .checked
    }

    private static func framework(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let loaded = try? FrameworkReader.loadFramework(bytes, file: "fuzz.xml") else { return .refused }
        _ = try? FrameworkAssessment(framework: loaded.framework, ratings: [:], evidenceCounts: [:])
        return .checked
    }

    private static func expression(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let text = String(validating: bytes, as: UTF8.self),
            let expression = try? Expression(text)
        else { return .refused }
        _ = try? expression.evaluate(in: EmptyScope())
        return .checked
    }

    private static func json(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let value = try? CanonicalJSON.parse(bytes) else { return .refused }
        let encoded = CanonicalJSON.encodedBytes(value)
        guard let again = try? CanonicalJSON.parse(encoded) else {
            preconditionFailure("canonical JSON does not parse back: \(String(decoding: encoded, as: UTF8.self))")
        }
        precondition(again == value, "canonical JSON changes the value on a round trip")
        precondition(CanonicalJSON.encodedBytes(again) == encoded, "canonical JSON is not a fixed point")
        return .checked
    }
}

/// A scope with no variables, no active states and no functions.
struct EmptyScope: ExpressionScope {
    func value(of identifier: String) -> Value? { nil }
    func isActive(stateID: String) -> Bool { false }
    func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        throw ExpressionError.unknownFunction(name)
    }
}
