import AccreditPortal
import Testing

/// Reading a URL-encoded form: escapes, repeated names, and the bodies an attacker would send.
struct FormFieldsTests {
    @Test func decodesPlusAndPercentEscapesAsUTF8() throws {
        let form = try FormFields(urlEncoded: Array("actor=ann&note=a+b%20c%C3%A9%26%3D&empty=&flag".utf8))
        #expect(form["actor"] == "ann")
        #expect(form["note"] == "a b cé&=")
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["missing"] == nil)
    }

    @Test func keepsRepeatedNamesInOrder() throws {
        let form = try FormFields(urlEncoded: Array("c=SL-1.1&c=SL-1.2&x=1&c=SL-2.1".utf8))
        #expect(form.all("c") == ["SL-1.1", "SL-1.2", "SL-2.1"])
        #expect(form["c"] == "SL-1.1")
    }

    @Test func trimmedIsNilForBlankValues() throws {
        let form = try FormFields(urlEncoded: Array("a=++%20&b=+x+".utf8))
        #expect(form.trimmed("a") == nil)
        #expect(form.trimmed("b") == "x")
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "%G0=1", "a=%4g"])
    func refusesMalformedEscapes(_ body: String) {
        #expect(throws: FormError.malformedEscape) { try FormFields(urlEncoded: Array(body.utf8)) }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: FormError.notUTF8) { try FormFields(urlEncoded: Array("a=%FF%FE".utf8)) }
    }

    @Test func refusesMoreFieldsThanAnyFormHas() {
        let body = Array(repeating: "a=1", count: FormFields.maximumFields + 1).joined(separator: "&")
        #expect(throws: FormError.tooManyFields(FormFields.maximumFields)) {
            try FormFields(urlEncoded: Array(body.utf8))
        }
    }
}
