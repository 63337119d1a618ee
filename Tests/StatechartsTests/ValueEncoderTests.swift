import Testing

@testable import Statecharts

struct ValueEncoderTests {
    enum Rating: String, Codable, Equatable { case notMet, met }

    enum Outcome: Codable, Equatable {
        case accredited
        case conditional(months: Int)
    }

    struct Criterion: Codable, Equatable {
        var id: String
        var rating: Rating?
        var score: Double
        var tags: [String]
    }

    struct Case: Codable, Equatable {
        var id: String
        var version: Int64
        var small: UInt8
        var ratio: Float
        var open: Bool
        var note: String?
        var criteria: [Criterion]
        var outcome: Outcome
        var nested: [[Int]]
        var byID: [String: Int]
    }

    static let sample = Case(
        id: "C-42", version: 7, small: 255, ratio: 0.1, open: true, note: nil,
        criteria: [
            Criterion(id: "SL-1.2", rating: .met, score: 2, tags: ["a"]),
            Criterion(id: "SL-1.3", rating: nil, score: 0.5, tags: []),
        ],
        outcome: .conditional(months: 6), nested: [[1], [], [2, 3]], byID: ["x": 1])

    @Test func roundTripsNestedStruct() throws {
        let value = try ValueEncoder().encode(Self.sample)
        #expect(value["note"] == nil)
        #expect(value["version"] == 7)
        #expect(value["ratio"] == 0.1)
        #expect(value["criteria"]?[0]?["score"] == .decimal(2))
        #expect(value["criteria"]?[0]?["rating"] == "met")
        #expect(value["criteria"]?[1]?["rating"] == nil)
        #expect(value["outcome"] == ["conditional": ["months": 6]])
        #expect(try ValueDecoder().decode(Case.self, from: value) == Self.sample)
    }

    @Test func roundTripsThroughCanonicalText() throws {
        let text = try CanonicalJSON.encode(Self.sample)
        #expect(text.hasPrefix("{\"byID\":{\"x\":1},\"criteria\":[{\"id\":\"SL-1.2\",\"rating\":\"met\",\"score\":2.0"))
        #expect(try CanonicalJSON.decode(Case.self, from: text) == Self.sample)
    }

    @Test func integerDecodesAsDouble() throws {
        let criterion = try ValueDecoder().decode(Criterion.self, from: ["id": "x", "score": 3, "tags": []])
        #expect(criterion.score == 3)
    }

    @Test func valuePassesThrough() throws {
        let value: Value = ["a": [1, 2.5, nil, "s"]]
        #expect(try ValueEncoder().encode(value) == value)
        #expect(try ValueDecoder().decode(Value.self, from: value) == value)
    }

    @Test func rejectsNonFiniteAndOversizedNumbers() {
        #expect(throws: EncodingError.self) { try ValueEncoder().encode(Double.nan) }
        #expect(throws: EncodingError.self) { try ValueEncoder().encode([UInt64.max]) }
    }

    class Base: Codable {
        var name = "base"

        init() {}
    }

    final class Derived: Base {
        var extra = 1

        override init() { super.init() }

        enum CodingKeys: String, CodingKey { case extra }

        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            extra = try container.decode(Int.self, forKey: .extra)
            try super.init(from: container.superDecoder())
        }

        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(extra, forKey: .extra)
            try super.encode(to: container.superEncoder())
        }
    }

    @Test func superEncoderNestsUnderSuper() throws {
        let value = try ValueEncoder().encode(Derived())
        #expect(value == ["extra": 1, "super": ["name": "base"]])
        let decoded = try ValueDecoder().decode(Derived.self, from: ["extra": 2, "super": ["name": "n"]])
        #expect(decoded.extra == 2)
        #expect(decoded.name == "n")
    }
}
