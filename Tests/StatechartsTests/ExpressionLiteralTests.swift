import Testing

@testable import Statecharts

/// Issue #20: array and object literals, and the built-in functions `length`, `append` and `concat`, which every
/// `accredit` expression may use (a W3C test that grows an array can then be written).
struct ExpressionLiteralTests {
    /// Evaluates `source` in a ``FakeScope``.
    func run(_ source: String) throws(ExpressionError) -> Value {
        try Expression(source).evaluate(in: FakeScope())
    }

    @Test(
        arguments: [
            ("[]", []),
            ("[1, 'two', [3], null]", [1, "two", [3], .null]),
            ("[1 + 1, list[0]]", [2, 10]),
            ("{}", [:]),
            ("{'a': 1, b: [true], \"c d\": {e: null}}", ["a": 1, "b": [true], "c d": ["e": .null]]),
            ("{null: 1}", ["null": 1]),
            ("[1, 2][1]", 2),
            ("{a: 5}.a", 5),
            ("[1, 2] == [1, 2]", true),
            ("{a: 1, b: 2} == {b: 2, a: 1}", true),
            ("length([])", 0),
            ("length([1, [2, 3]])", 2),
            ("length({a: 1, b: 2})", 2),
            ("length('é!')", 2),
            ("length('')", 0),
            ("append([1, 2], 3)", [1, 2, 3]),
            ("append([], [1])", [[1]]),
            ("concat([1], [], [2, 3])", [1, 2, 3]),
            ("concat()", []),
            ("length(append(list, 4))", 4),
        ] as [(String, Value)])
    func evaluates(source: String, expected: Value) throws {
        #expect(try run(source) == expected)
    }

    @Test(arguments: [
        ("[1, 2", ExpressionError.Kind.syntax, "expected ',' or ']' in the array opened at column 1"),
        ("[1,]", .syntax, "expected a value"),
        ("{a 1}", .syntax, "expected ':' after the key 'a'"),
        ("{a: 1, a: 2}", .syntax, "the key 'a' is given twice"),
        ("{1: 2}", .syntax, "expected a key"),
        ("length(1)", .type, "length() needs an array, object or string, got integer"),
        ("length([], [])", .type, "length(x) takes one"),
        ("append(1, 2)", .type, "append() needs an array first"),
        ("append([1])", .type, "append(array, value) takes an array and a value"),
        ("concat([1], 2)", .type, "argument 2 is integer"),
    ])
    func refuses(source: String, kind: ExpressionError.Kind, message: String) {
        let error = #expect(throws: ExpressionError.self) { try run(source) }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    /// A scope holding `full`, an array at the limit.
    struct FullScope: ExpressionScope {
        func value(of identifier: String) -> Value? {
            identifier == "full" ? .array(Array(repeating: 0, count: BuiltinFunction.maximumElements)) : nil
        }
        func isActive(stateID: String) -> Bool { false }
        func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
            throw ExpressionError.unknownFunction(name)
        }
    }

    @Test func arraysStayBounded() throws {
        func run(_ source: String) throws(ExpressionError) -> Value { try Expression(source).evaluate(in: FullScope()) }
        #expect(try run("length(full)") == .integer(Int64(BuiltinFunction.maximumElements)))
        #expect(try run("length(concat(full, []))") == .integer(Int64(BuiltinFunction.maximumElements)))
        // One more is refused, however it is built.
        for source in ["append(full, 1)", "concat(full, [1])", "concat([1], full)"] {
            let error = #expect(throws: ExpressionError.self, "\(source)") { try run(source) }
            #expect(error?.message.contains("at most 100000 elements") == true)
        }
    }

    @Test func builtInsAreNotHostCalls() throws {
        let expression = try Expression("length(append(list, 1)) > 2 && missingEvidence() == 0")
        #expect(expression.literalCalls.map(\.function) == ["missingEvidence"])
        #expect(Expression.builtinFunctions == ["length", "append", "concat"])
    }
}
