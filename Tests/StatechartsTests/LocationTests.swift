import Testing

@testable import Statecharts

struct LocationTests {
    @Test func parsesRootAndSteps() throws {
        let location = try Location("review.scores[_event.data.i]")
        #expect(location.root == "review")
        #expect(location.description == "review.scores[_event.data.i]")
    }

    @Test(
        arguments: [
            ("score", 9, "score"),
            ("review.lead", "bo", "review"),
            ("review.scores[_event.data.i]", 5, "review"),
            ("review['meta'].round", 3, "review"),
            ("review.newMember", true, "review"),
            ("list[0]", nil, "list"),
        ] as [(String, Value, String)])
    func assignsNestedMembers(source: String, value: Value, root: String) throws {
        let scope = FakeScope()
        var data = scope.data
        try Location(source).assign(value, into: &data, in: scope)
        let read = try Expression(source).evaluate(in: FakeScope(data: data))
        #expect(read == value)
        for (key, original) in scope.data where key != root {
            #expect(data[key] == original)
        }
    }

    @Test(arguments: [
        ("undeclared.x", 1, ExpressionError.Kind.invalidLocation, "not declared"),
        ("review.nope.x", 7, .invalidLocation, "no member 'nope'"),
        ("list[3]", 5, .invalidLocation, "out of range"),
        ("list['x']", 5, .invalidLocation, "string index"),
        ("score.x", 6, .invalidLocation, "only objects have members"),
        ("list[missing]", 6, .unknownIdentifier, "unknown identifier"),
    ])
    func reportsAssignmentErrors(source: String, column: Int, kind: ExpressionError.Kind, fragment: String) throws {
        let scope = FakeScope()
        var data = scope.data
        let error = try #require(throws: ExpressionError.self) {
            try Location(source).assign(1, into: &data, in: scope)
        }
        #expect(error.kind == kind)
        #expect(error.column == column)
        #expect(error.message.contains(fragment), "\(error)")
        #expect(data == scope.data)
    }

    @Test(arguments: [
        ("a + 1", 3, ExpressionError.Kind.invalidLocation),
        ("f(x)", 1, .invalidLocation),
        ("_event.data", 1, .invalidLocation),
        ("'a'.b", 1, .invalidLocation),
        ("a.", 3, .syntax),
    ])
    func rejectsNonLocations(source: String, column: Int, kind: ExpressionError.Kind) throws {
        let error = try #require(throws: ExpressionError.self) { try Location(source) }
        #expect(error.kind == kind)
        #expect(error.column == column)
    }
}
