import Statecharts
import StatechartsTestSupport
import Testing

/// Executable content and `error.execution`.
struct MachineExecuteTests {
    @Test func failingElementRaisesErrorAndSkipsRestOfBlock() throws {
        let document = DSL.doc([
            DSL.state(
                "s", entry: [DSL.log("before"), DSL.assign("undeclared", "1"), DSL.log("after")],
                on: [DSL.on("error.execution", to: ["caught"])]),
            DSL.state("caught"),
        ])
        let harness = try Harness(document)
        #expect(harness.labels == ["before"])
        #expect(harness.snapshot.configuration == ["caught"])
    }

    @Test func ifRunsOnlyTheFirstTrueBranch() throws {
        let branches = [
            IfBranch(cond: "false", body: [DSL.log("if")]), IfBranch(cond: "true", body: [DSL.log("elseif")]),
            IfBranch(cond: nil, body: [DSL.log("else")]),
        ]
        let document = DSL.doc([DSL.state("s", entry: [Executable(.if(branches: branches))])])
        let harness = try Harness(document)
        #expect(harness.labels == ["elseif"])
    }

    @Test func foreachIteratesAShallowCopy() throws {
        let body = [DSL.assign("sum", "sum + item"), DSL.assign("list", "null")]
        let document = DSL.doc(
            [DSL.state("s", entry: [Executable(.foreach(array: "list", item: "item", index: "i", body: body))])],
            data: [DataItem(id: "list", content: "[1, 2, 3]"), DataItem(id: "sum", expr: "0")])
        let harness = try Harness(document)
        #expect(harness.snapshot.data["sum"] == .integer(6))
        #expect(harness.snapshot.data["i"] == .integer(2))
    }

    @Test func eventFieldsAreVisibleAsEventVariable() throws {
        let document = DSL.doc(
            [
                DSL.state("s", on: [DSL.on("go", to: ["t"], do: [DSL.assign("got", "_event.data.n")])]),
                DSL.state("t"),
            ], data: [DataItem(id: "got", expr: "0")])
        var harness = try Harness(document)
        try harness.send("go", data: .object(["n": .integer(7)]))
        #expect(harness.snapshot.data["got"] == .integer(7))
    }

    @Test func badExpressionIsReportedAtLoadWithItsLine() {
        var transition = DSL.on("go", to: ["s"], cond: "1 +")
        transition.line = 12
        let document = DSL.doc([DSL.state("s", on: [transition])])
        #expect(throws: DocumentError.self) { try Interpreter(document: document) }
        do {
            _ = try Interpreter(document: document)
        } catch {
            #expect(error.issues.first?.line == 12)
            #expect(error.issues.first?.rule == "scxml.expression")
        }
    }

    @Test func unknownTargetIsReported() {
        let document = DSL.doc([DSL.state("s", on: [DSL.on("go", to: ["nowhere"])])])
        do {
            _ = try Interpreter(document: document)
            Issue.record("expected a DocumentError")
        } catch {
            #expect(error.issues.map(\.rule) == ["scxml.target"])
        }
    }
}
