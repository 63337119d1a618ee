import Testing

@testable import Statecharts

struct ExpressionTests {
    /// Evaluates `source` in a ``FakeScope``.
    func run(_ source: String) throws(ExpressionError) -> Value {
        try Expression(source).evaluate(in: FakeScope())
    }

    @Test(
        arguments: [
            ("1 + 2 * 3", 7),
            ("(1 + 2) * 3", 9),
            ("10 - 4 - 3", 3),
            ("2 * 3 % 4", 2),
            ("-2 * 3", -6),
            ("- -2", 2),
            ("7 % 3", 1),
            ("-7 % 3", -1),
            ("6 / 3", 2),
            ("7 / 2", 3.5),
            ("1 + 0.5", 1.5),
            (".5 * 2", .decimal(1)),
            ("1 < 2 == true", true),
            ("1 + 1 == 2 && 3 > 2", true),
            ("false && true || true", true),
            ("true || false && false", true),
            ("!false && false", false),
            ("!(1 < 2)", false),
            ("1 == 1.0", true),
            ("2 != 2.5", true),
            ("list == null", false),
            ("list == floats", true),
            ("review.meta == review.meta", true),
            ("'a' + \"b\"", "ab"),
            ("'b' > 'a'", true),
            ("'\\u00e9\\'\\\"\\n\\t\\\\'", "é'\"\n\t\\"),
            ("null == null", true),
            ("2.5 <= 2", false),
            ("3 >= 3", true),
            ("score * 2 + ratio", 6.5),
            ("review.scores[1] + review.meta['round']", 4),
            ("list[_event.data.i]", 20),
            ("review == review", true),
            ("review.meta.null", false),
            ("name", "Ward 7"),
            ("nothing == null", true),
            ("count(1, 2, 3)", 3),
            ("9223372036854775807 / -1", -9_223_372_036_854_775_807),
        ] as [(String, Value)])
    func evaluates(source: String, expected: Value) throws {
        #expect(try run(source) == expected)
    }

    @Test(arguments: [
        ("1 +", 4, ExpressionError.Kind.syntax, "ended early"),
        ("In('a'", 7, .syntax, "expected ',' or ')' after arguments to 'In'"),
        ("a = 1", 3, .syntax, "use '=='"),
        ("1 2", 3, .syntax, "after a complete expression"),
        ("'abc", 1, .syntax, "unterminated"),
        ("'\\q'", 2, .syntax, "invalid escape"),
        ("1a", 2, .syntax, "may not start with a digit"),
        ("99999999999999999999", 1, .syntax, "does not fit"),
        ("", 1, .syntax, "empty"),
        ("a.1", 3, .syntax, "member name"),
        ("(1)(2)", 4, .syntax, "only named functions"),
        ("1 + 'a'", 3, .type, "cannot apply '+' to integer and string"),
        ("score && true", 7, .type, "boolean operands"),
        ("!1", 1, .type, "'!' needs a boolean"),
        ("1 < 'a'", 3, .type, "cannot compare"),
        ("name.x", 5, .type, "only objects have members"),
        ("list['x']", 5, .type, "cannot index array with string"),
        ("In(1)", 1, .type, "In() takes exactly one"),
        ("missing + 1", 1, .unknownIdentifier, "unknown identifier 'missing'"),
        ("review.nope", 7, .unknownIdentifier, "no member 'nope'"),
        ("list[3]", 5, .unknownIdentifier, "out of range"),
        ("  nope(1)", 3, .unknownFunction, "unknown function 'nope'"),
        ("1 / 0", 3, .arithmetic, "division by zero"),
        ("1.5 % 0", 5, .arithmetic, "division by zero"),
        ("9223372036854775807 + 1", 21, .arithmetic, "overflows"),
        ("-(-9223372036854775807 - 1)", 1, .arithmetic, "overflows"),
        ("1 + fail()", 5, .host, "evidence store unavailable"),
    ])
    func reportsErrors(source: String, column: Int, kind: ExpressionError.Kind, fragment: String) throws {
        let error = try #require(throws: ExpressionError.self) { try run(source) }
        #expect(error.kind == kind)
        #expect(error.column == column)
        #expect(error.message.contains(fragment), "\(error)")
    }

    @Test func descriptionNamesColumnAndKind() throws {
        let error = try #require(throws: ExpressionError.self) { try Expression("In('a'") }
        #expect(error.description == "column 7: syntax: expected ',' or ')' after arguments to 'In'")
    }

    @Test func conditionMustBeBoolean() throws {
        #expect(try Expression("score > 2").evaluateCondition(in: FakeScope()))
        let error = try #require(throws: ExpressionError.self) {
            try Expression("score").evaluateCondition(in: FakeScope())
        }
        #expect(error.kind == .type)
    }

    @Test func logicalOperatorsShortCircuit() throws {
        let scope = RecordingScope()
        #expect(try Expression("f && missing").evaluate(in: scope) == false)
        #expect(try Expression("t || missing").evaluate(in: scope) == true)
        #expect(scope.reads == ["f", "t"])
        #expect(throws: ExpressionError.self) { try Expression("t && missing").evaluate(in: scope) }
    }

    @Test func inAsksTheScope() throws {
        var scope = FakeScope()
        #expect(try Expression("In('a') && !In('b')").evaluateCondition(in: scope))
        scope.active = ["b"]
        #expect(try !Expression("In('a') && !In('b')").evaluateCondition(in: scope))
    }

    @Test func nullDialectAcceptsOnlyInAndBooleans() throws {
        let expression = try Expression("In('a') && !In('b') || (true && !false)", dialect: .null)
        #expect(try expression.evaluateCondition(in: FakeScope()))
        for source in ["x + 1", "In(x)", "In('a') == true", "null", "1"] {
            let error = try #require(throws: ExpressionError.self) { try Expression(source, dialect: .null) }
            #expect(error.kind == .syntax)
            #expect(error.message.contains("datamodel=\"null\" supports only In("), "\(source)")
        }
        let error = try #require(throws: ExpressionError.self) { try Expression("In('a') && x", dialect: .null) }
        #expect(error.column == 12)
    }

    @Test func analysisListsIdentifiersFunctionsAndStates() throws {
        let expression = try Expression("In('review') && missingEvidence(framework.id, _event.data) == 0 && !In(s)")
        #expect(expression.referencedIdentifiers == ["framework", "s"])
        #expect(expression.calledFunctions == ["In", "missingEvidence"])
        #expect(expression.referencedStates == ["review"])
    }

    @Test func deepNestingFailsCleanly() throws {
        for source in [
            String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
            String(repeating: "!", count: 10_000) + "true",
            String(repeating: "1 + ", count: 10_000) + "1",
            "a" + String(repeating: "[0]", count: 10_000),
        ] {
            let error = try #require(throws: ExpressionError.self) { try Expression(source) }
            #expect(error.kind == .syntax)
            #expect(error.message.contains("nested deeper than 200"))
        }
        let nested = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(try Expression(nested).evaluate(in: FakeScope()) == 1)
    }

    @Test func overlongSourceIsRejected() throws {
        let error = try #require(throws: ExpressionError.self) { try Expression(String(repeating: " ", count: 70_000)) }
        #expect(error.message.contains("longer than"))
    }

    @Test func equalityAndHashingUseSource() throws {
        #expect(try Expression("a + 1") == Expression("a + 1"))
        #expect(try Expression("a + 1") != Expression("a+1"))
        #expect(try Set([Expression("x"), Expression("x")]).count == 1)
        #expect(try Expression("a+1").description == "a+1")
    }
}
