import Testing
import Workflows

struct XMLReaderTests {
    private func read(_ text: String, schema: XMLSchema? = nil) throws(XMLDiagnostics) -> XMLElement {
        try XMLReader.read(Array(text.utf8), file: "doc.xml", schema: schema)
    }

    @Test func readsElementsAttributesNamespacesTextAndLines() throws {
        let root = try read(
            """
            <?xml version="1.0"?>
            <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:a="urn:accredit:workflow:1" initial="s">
              <state id="s" a:roles="assessor">
                <!-- a comment -->
                <onentry><log expr="'x &amp; y'"/>text<![CDATA[ <raw> ]]></onentry>
              </state>
            </scxml>
            """)
        #expect(root.name == "scxml")
        #expect(root.namespace == "http://www.w3.org/2005/07/scxml")
        #expect(root.line == 2)
        #expect(root.attribute("initial") == "s")
        let state = try #require(root.elements.first)
        #expect(state.line == 3)
        #expect(state.attribute("roles", namespace: "urn:accredit:workflow:1") == "assessor")
        #expect(state.attribute("roles") == nil)
        let onentry = try #require(state.elements.first)
        #expect(onentry.line == 5)
        #expect(onentry.elements.first?.attribute("expr") == "'x & y'")
        #expect(onentry.text == "text <raw> ")
    }

    @Test func malformedXMLReportsLineAndColumn() {
        let error = #expect(throws: XMLDiagnostics.self) {
            try read("<a>\n  <b>\n</a>")
        }
        let first = error?.items.first
        #expect(first?.rule == "xml.syntax")
        #expect(first?.line == 3)
        #expect((first?.column ?? 0) > 0)
        #expect(first?.description.hasPrefix("doc.xml:3:") == true)
    }

    @Test(arguments: [
        (
            #"cond="n > 0 && n < 5""#,
            #"cond="n > 0 && n < 5" holds '&&' and '<', which XML does not allow in an attribute: write '&&' as "#
                + #"'&amp;&amp;' and '<' as '&lt;', as in cond="n > 0 &amp;&amp; n &lt; 5""#
        ),
        (
            #"cond="n &lt; 5 || ready""#, nil
        ),
        (
            #"cond="n < 5""#,
            #"cond="n < 5" holds '<', which XML does not allow in an attribute: write '<' as '&lt;', as in "#
                + #"cond="n &lt; 5""#
        ),
        (
            #"cond="ready & done""#,
            #"cond="ready & done" holds a bare '&', which XML does not allow in an attribute: write '&' as "#
                + #"'&amp;', as in cond="ready &amp; done""#
        ),
    ])
    func anUnescapedGuardGetsOneDiagnosticSayingHowToEscapeIt(attribute: String, expected: String?) throws {
        let text = """
            <scxml xmlns="http://www.w3.org/2005/07/scxml" initial="a">
              <state id="a">
                <transition event="go" \(attribute) target="a"/>
              </state>
            </scxml>
            """
        guard let expected else {
            _ = try read(text)
            return
        }
        let error = #expect(throws: XMLDiagnostics.self) { try read(text) }
        #expect(error?.items.count == 1)
        #expect(error?.items.first?.rule == "xml.unescaped-attribute")
        #expect(error?.items.first?.line == 3)
        #expect(error?.items.first?.column == 28)
        #expect(error?.items.first?.message == expected)
    }

    @Test func otherSyntaxErrorsKeepLibxml2sWords() {
        let error = #expect(throws: XMLDiagnostics.self) { try read(#"<a b="1"><c d="x"></a>"#) }
        #expect(error?.items.allSatisfy { $0.rule == "xml.syntax" } == true)
    }

    @Test func emptyInputIsAClearError() {
        let error = #expect(throws: XMLDiagnostics.self) { try read("") }
        #expect(error?.items.isEmpty == false)
    }

    @Test func externalEntitiesAreNeverExpanded() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r>&xxe;</r>
            """
        let error = #expect(throws: XMLDiagnostics.self) { try read(xxe) }
        let text = error?.description ?? ""
        #expect(text.contains("xml.entity"))
        #expect(!text.contains("root:"))
        #expect(error?.items.first { $0.rule == "xml.entity" }?.line == 3)
    }

    @Test func entityExpansionBombsAreRefused() {
        var doctype = "<!DOCTYPE r [<!ENTITY l0 \"lol\">"
        for level in 1...9 {
            doctype += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        // libxml2 itself, or our entity rule, refuses it; either way nothing is expanded and nothing is returned.
        let error = #expect(throws: XMLDiagnostics.self) { try read(doctype + "]><r>&l9;</r>") }
        #expect(error?.items.isEmpty == false)
        #expect(error?.description.contains("lollol") == false)
    }

    @Test func externalDTDsAreNotFetched() throws {
        let root = try read(#"<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>"#)
        #expect(root.name == "r")
    }

    @Test func unreadableFilesNameThePath() {
        let error = #expect(throws: XMLDiagnostics.self) {
            try XMLReader.read(fileAt: "/nonexistent/workflow.scxml")
        }
        #expect(error?.items.first?.rule == "xml.io")
        #expect(error?.items.first?.description.contains("/nonexistent/workflow.scxml") == true)
    }
}
