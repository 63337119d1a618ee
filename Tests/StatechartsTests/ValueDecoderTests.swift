import Testing

@testable import Statecharts

struct ValueDecoderTests {
    typealias Criterion = ValueEncoderTests.Criterion

    @Test func typeMismatchCarriesCodingPath() throws {
        let value: Value = ["id": "x", "score": 1, "tags": ["ok", 5]]
        let error = try #require(throws: DecodingError.self) { try ValueDecoder().decode(Criterion.self, from: value) }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("expected typeMismatch, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["tags", "Index 1"])
    }

    @Test func missingKeyIsKeyNotFound() throws {
        let error = try #require(throws: DecodingError.self) {
            try ValueDecoder().decode(Criterion.self, from: ["id": "x"])
        }
        guard case .keyNotFound(let key, _) = error else {
            Issue.record("expected keyNotFound, got \(error)")
            return
        }
        #expect(key.stringValue == "score")
    }

    @Test func integerOverflowIsDataCorrupted() {
        #expect(throws: DecodingError.self) { try ValueDecoder().decode(UInt8.self, from: 256) }
        #expect(throws: DecodingError.self) { try ValueDecoder().decode(Int.self, from: 1.5) }
    }

    @Test func unkeyedElementMismatchNamesBothTypes() throws {
        let error = try #require(throws: DecodingError.self) {
            try ValueDecoder().decode([Int].self, from: [1, "x"])
        }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("expected typeMismatch, got \(error)")
            return
        }
        #expect(context.debugDescription == "expected an integer, found string")
    }

    @Test func optionalMembersDecodeFromNullOrAbsence() throws {
        let value: Value = ["id": "x", "rating": nil, "score": 1.5, "tags": []]
        let criterion = try ValueDecoder().decode(Criterion.self, from: value)
        #expect(criterion.rating == nil)
        #expect(criterion.score == 1.5)
    }
}
