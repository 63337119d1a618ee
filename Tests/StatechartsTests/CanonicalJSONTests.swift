import Testing

@testable import Statecharts

struct CanonicalJSONTests {
    @Test(
        arguments: [
            (Value.null, "null"),
            (true, "true"),
            (false, "false"),
            (42, "42"),
            (-9_223_372_036_854_775_808 as Value, "-9223372036854775808"),
            (1.5, "1.5"),
            (2.0, "2.0"),
            (-0.0, "-0.0"),
            (1e20, "1e+20"),
            (0.1, "0.1"),
            ("", "\"\""),
            ("a\"b\\c/d", "\"a\\\"b\\\\c/d\""),
            ("\u{08}\u{0C}\n\r\t\u{01}\u{1F}", "\"\\b\\f\\n\\r\\t\\u0001\\u001f\""),
            ("é😀\u{7F}", "\"é😀\u{7F}\""),
            ([1, "x", nil], "[1,\"x\",null]"),
            (["b": 1, "a": [:], "B": [], "é": true, "aa": 2], "{\"B\":[],\"a\":{},\"aa\":2,\"b\":1,\"é\":true}"),
        ] as [(Value, String)])
    func encodesExactBytes(value: Value, expected: String) throws {
        #expect(CanonicalJSON.encode(value) == expected)
        #expect(value.description == expected)
        #expect(try CanonicalJSON.parse(expected) == value)
    }

    @Test func nonFiniteDecimalIsWrittenAsNull() {
        #expect(CanonicalJSON.encode(.array([.decimal(.nan), .decimal(.infinity)])) == "[null,null]")
    }

    @Test func keysSortByUTF8BytesNotByUnicodeCollation() {
        // U+FF21 (3 bytes, EF BC A1) sorts after U+00E9 (C3 A9), and both after ASCII.
        let value: Value = ["\u{FF21}": 1, "\u{E9}": 2, "z": 3]
        #expect(CanonicalJSON.encode(value) == "{\"z\":3,\"\u{E9}\":2,\"\u{FF21}\":1}")
    }

    /// Small objects are ordered in a stack buffer and large ones by a sort: both give UTF-8 byte order, prefixes
    /// first, whatever order the dictionary holds its keys in.
    @Test(arguments: [1, 2, 3, 15, 16, 17, 40])
    func keysSortByUTF8BytesAtEverySize(count: Int) {
        let pool = ["", "a", "ab", "a\u{0}", "B", "b", "z", "\u{E9}", "\u{FF21}", "😀", "aa", "a b", "~", "0", "9"]
        var members: [String: Value] = [:]
        for index in 0..<count { members[index < pool.count ? pool[index] : "k\(index)"] = .integer(Int64(index)) }
        let ordered = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let expected =
            "{"
            + ordered.map { CanonicalJSON.encode(.string($0)) + ":" + CanonicalJSON.encode(members[$0]!) }
            .joined(separator: ",") + "}"
        #expect(CanonicalJSON.encode(.object(members)) == expected)
    }

    @Test func parsesWhitespaceNumbersAndEscapes() throws {
        let text = " { \"a\" : [ 1 , -0 , 1.0 , 1e2 , 9223372036854775808 , \"\\u00e9\\ud83d\\ude00\\/\" ] } "
        let value = try CanonicalJSON.parse(text)
        #expect(value == ["a": [1, 0, .decimal(1.0), .decimal(100), .decimal(9_223_372_036_854_775_808), "é😀/"]])
        #expect(value["a"]?[2] == .decimal(1))
        #expect(value["a"]?[0]?.typeName == "integer")
    }

    @Test func roundTripIsByteStable() throws {
        let text = "{\"a\":[1,2.5,\"x\\n\"],\"b\":{\"c\":null,\"d\":false},\"e\":1e-07}"
        let once = CanonicalJSON.encode(try CanonicalJSON.parse(text))
        let twice = CanonicalJSON.encode(try CanonicalJSON.parse(once))
        #expect(once == twice)
        #expect(once == text)
    }

    @Test(arguments: [
        ("[1,2,]", 5, "trailing comma"),
        ("{\"a\":1,}", 7, "trailing comma"),
        ("[\"\\x\"]", 2, "invalid escape"),
        ("{\"a\":1,\"a\":2}", 7, "duplicate key"),
        ("[01]", 1, "leading zeros"),
        ("[1] // c", 4, "after the JSON value"),
        ("/* c */ 1", 0, "expected a value"),
        ("\"\\ud800\"", 1, "lone high surrogate"),
        ("\"\\udc00\"", 1, "lone low surrogate"),
        ("\"a\tb\"", 2, "control character"),
        ("", 0, "empty"),
        ("[1e999]", 1, "too large"),
        ("[tru]", 1, "did you mean 'true'"), ("[True]", 1, "expected a value"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("\"abc", 4, "unterminated"),
    ])
    func rejectsInvalidText(text: String, offset: Int, fragment: String) {
        #expect {
            try CanonicalJSON.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.offset == offset && error.message.contains(fragment)
        }
    }

    @Test func reportsLineAndColumn() throws {
        let error = try #require(throws: JSONParseError.self) { try CanonicalJSON.parse("{\n  \"a\": tru\n}") }
        #expect(error.line == 2)
        #expect(error.column == 8)
        #expect(error.description.hasPrefix("line 2, column 8 (byte 9): "))
    }

    @Test func rejectsInvalidUTF8() throws {
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82],
        ] {
            let error = try #require(throws: JSONParseError.self) { try CanonicalJSON.parse(bytes) }
            #expect(error.offset == 1)
            #expect(error.message.contains("UTF-8"))
        }
        #expect(try CanonicalJSON.parse([0x22, 0xE2, 0x82, 0xAC, 0x22]) == "€")
    }

    @Test func depthBombFailsCleanly() throws {
        let bomb = String(repeating: "[", count: 100_000)
        let error = try #require(throws: JSONParseError.self) { try CanonicalJSON.parse(bomb) }
        #expect(error.offset == 256)
        #expect(error.message.contains("nesting deeper than 256"))
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try CanonicalJSON.parse(deepest) != .null)
    }
}
