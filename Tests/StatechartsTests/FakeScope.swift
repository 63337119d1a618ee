@testable import Statecharts

/// A scope over fixed data, a fixed set of active states and two host functions.
struct FakeScope: ExpressionScope {
    var data: [String: Value] = [
        "score": 3, "ratio": 0.5, "name": "Ward 7", "flag": true, "nothing": nil,
        "list": [10, 20, 30], "floats": [10.0, 20, 30.0],
        "review": ["lead": "ana", "scores": [1, 2], "meta": ["round": 2, "null": false]],
        "_event": ["name": "submit", "data": ["i": 1]],
    ]
    var active: Set<String> = ["a", "review"]

    func value(of identifier: String) -> Value? { data[identifier] }

    func isActive(stateID: String) -> Bool { active.contains(stateID) }

    func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        switch name {
        case "count": return .integer(Int64(arguments.count))
        case "fail": throw .host("evidence store unavailable: retry later")
        default: throw .unknownFunction(name)
        }
    }
}

/// A scope that records every identifier read, to prove short-circuiting.
final class RecordingScope: ExpressionScope {
    var reads: [String] = []

    func value(of identifier: String) -> Value? {
        reads.append(identifier)
        return identifier == "t" ? true : identifier == "f" ? false : nil
    }

    func isActive(stateID: String) -> Bool { false }

    func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        throw .unknownFunction(name)
    }
}
