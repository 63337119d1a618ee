import Testing

@testable import Statecharts

/// `every x in list: condition` and `some x in list: condition`.
struct QuantifierTests {
    func run(_ source: String) throws(ExpressionError) -> Value {
        try Expression(source).evaluate(in: FakeScope())
    }

    @Test(
        arguments: [
            ("every x in list: x >= 10", true),
            ("every x in list: x > 10", false),
            ("some x in list: x == 20", true),
            ("some x in list: x > 30", false),
            ("every x in review.scores: some y in list: y > x", true),
            ("some x in list: x > 10 && x < 30", true),
            ("(every x in list: x > 0) && score == 3", true),
            ("!(some x in list: x > 30)", true),
            ("every score in list: score >= 10", true),
            ("score == 3", true),
        ] as [(String, Bool)])
    func quantifiersEvaluate(_ source: String, _ expected: Bool) throws {
        #expect(try run(source) == .bool(expected))
    }

    @Test func anEmptyCollectionMakesEveryTrueAndSomeFalse() throws {
        var scope = FakeScope()
        scope.data["empty"] = .array([])
        #expect(try Expression("every x in empty: false").evaluate(in: scope) == .bool(true))
        #expect(try Expression("some x in empty: true").evaluate(in: scope) == .bool(false))
    }

    @Test func theBoundNameHidesDataOnlyInsideTheCondition() throws {
        #expect(try run("(every score in list: score > 5) && score == 3") == .bool(true))
        let expression = try Expression("every f in list: f > score")
        #expect(expression.referencedIdentifiers == ["list", "score"])
    }

    @Test func theFirstElementThatSettlesTheAnswerStopsTheWalk() throws {
        // A failing host call after the deciding element is never made.
        #expect(try run("some x in list: x == 10 || fail()") == .bool(true))
        #expect(try run("every x in list: x < 10 && fail()") == .bool(false))
    }

    @Test func nestedQuantifiersHaveABudget() throws {
        var scope = FakeScope()
        scope.data["big"] = .array((0..<400).map { .integer($0) })
        // 400 × 400 visits: over the budget, refused rather than run.
        let error = #expect(throws: ExpressionError.self) {
            try Expression("every a in big: every b in big: a + b >= 0").evaluate(in: scope)
        }
        #expect(error?.message.contains("at most 100000 elements") == true)
        #expect(try Expression("every a in big: a >= 0").evaluate(in: scope) == .bool(true))
    }

    @Test func wordsThatOnlyLookLikeAQuantifierStayNames() throws {
        var scope = FakeScope()
        scope.data["every"] = 1
        scope.data["some"] = 2
        #expect(try Expression("every + some").evaluate(in: scope) == .integer(3))
    }

    @Test(
        arguments: [
            ("every x in score: true", ExpressionError.Kind.type, "needs an array, got integer"),
            ("every x in list: x", .type, "must be boolean, got integer"),
            ("every x in list x > 1", .syntax, "expected ':' before the condition"),
            ("some x in list:", .syntax, "ended early"),
            ("every _event in list: true", .syntax, "may not bind a name starting with '_'"),
        ] as [(String, ExpressionError.Kind, String)])
    func mistakesAreExplained(_ source: String, _ kind: ExpressionError.Kind, _ fragment: String) {
        let error = #expect(throws: ExpressionError.self) { try run(source) }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }
}
