import Testing

@testable import Statecharts

struct ValueTests {
    @Test(
        arguments: [
            (Value.null, "null"), (true, "boolean"), (1, "integer"), (1.5, "decimal"), ("s", "string"), ([], "array"),
            ([:], "object"),
        ] as [(Value, String)])
    func typeNames(value: Value, name: String) {
        #expect(value.typeName == name)
    }

    @Test func subscripts() {
        let value: Value = ["list": [10, 20], "name": "x"]
        #expect(value["name"] == "x")
        #expect(value["missing"] == nil)
        #expect(value["list"]?[1] == 20)
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value[0] == nil)
        #expect(Value.string("x")["a"] == nil)
    }
}
