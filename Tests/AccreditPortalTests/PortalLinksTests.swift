import AccreditPortal
import Testing

/// Links the pages build: escaped path segments, and the return address after signing in, which must never leave
/// the site.
struct PortalLinksTests {
    @Test func escapesEverythingButUnreservedCharacters() {
        #expect(PortalLinks.escape("C-1.a_b~") == "C-1.a_b~")
        #expect(PortalLinks.escape("a/b c?d#e\"<é") == "a%2Fb%20c%3Fd%23e%22%3C%C3%A9")
        #expect(PortalLinks.casePage("../admin") == "/cases/..%2Fadmin")
    }

    @Test(arguments: [
        ("/cases/C-1?notice=sent", "/cases/C-1?notice=sent"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
        ("/\\evil.example", "/"), ("javascript:alert(1)", "/"), ("/a\r\nSet-Cookie: x=1", "/"), ("", "/"),
        ("/\t/evil.example", "/"), ("/ /evil.example", "/"), ("/caf\u{E9}", "/"), ("/cases/C-1#x", "/"),
    ])
    func aReturnAddressStaysOnTheSite(_ given: String, _ expected: String) {
        #expect(PortalLinks.safeReturn(given) == expected)
    }

    @Test func wordsAndStatusesReadAsText() {
        #expect(PortalLinks.words("desk-review") == "Desk review")
        #expect(PortalLinks.words("evidence.submit") == "Evidence submit")
        #expect(PortalLinks.status("surveillance-overdue,conditions-none") == "Surveillance overdue; conditions none")
    }
}
