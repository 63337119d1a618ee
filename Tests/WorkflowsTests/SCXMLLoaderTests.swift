import AccreditEngine
import Statecharts
import Testing
import Workflows

/// Reading SCXML into the engine model: lines, every diagnostic, foreign namespaces, scripts.
struct SCXMLLoaderTests {
    static func load(_ text: String) throws(XMLDiagnostics) -> Document {
        try SCXMLLoader.load(Array(text.utf8), file: "inline.scxml")
    }

    /// The attack: a stored definition (a published version, a case bundle from elsewhere) that names a file, to
    /// make the server or an auditor's machine read it (`/dev/zero` would exhaust memory). Nothing is read.
    @Test(arguments: [
        #"<datamodel><data id="x" src="/etc/hostname"/></datamodel>"#,
        #"<state id="a"><invoke src="/dev/zero"/></state>"#,
    ])
    func aStoredDefinitionReadsNoFile(_ element: String) {
        let text = #"<scxml xmlns="http://www.w3.org/2005/07/scxml" datamodel="accredit">\#(element)</scxml>"#
        let error = #expect(throws: XMLDiagnostics.self) {
            try SCXMLLoader.loadStored(Array(text.utf8), file: "stored@1")
        }
        #expect(error?.items.contains { $0.message.contains("reads no file") } == true, "\(error?.items ?? [])")
    }

    @Test func keepsDocumentOrderAndLines() throws {
        let document = try Self.load(
            """
            <scxml xmlns="http://www.w3.org/2005/07/scxml" initial="b" datamodel="accredit">
              <state id="a">
                <transition event="go" target="b" cond="true"/>
              </state>
              <state id="b"/>
            </scxml>
            """)
        #expect(document.initial == ["b"])
        #expect(document.children.map(\.id) == ["a", "b"])
        #expect(document.children.first?.line == 2)
        #expect(document.children.first?.transitions.first?.line == 3)
        #expect(document.children.first?.transitions.first?.targets == ["b"])
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() {
        do {
            _ = try Self.load(
                """
                <scxml xmlns="http://www.w3.org/2005/07/scxml" datamodel="ecmascript">
                  <state id="a">
                    <onentry><script>x = 1</script></onentry>
                    <bogus/>
                  </state>
                </scxml>
                """)
            Issue.record("expected diagnostics")
        } catch {
            let rules = error.items.map(\.rule)
            #expect(rules.contains("scxml.datamodel"))
            #expect(rules.contains("scxml.script"))
            #expect(rules.contains("scxml.element"))
            #expect(error.items.first { $0.rule == "scxml.script" }?.line == 3)
        }
    }

    @Test func compileErrorsBecomeDiagnosticsWithLines() throws {
        let document = try Self.load(
            """
            <scxml xmlns="http://www.w3.org/2005/07/scxml" datamodel="accredit">
              <state id="a">
                <transition event="go" target="nowhere"/>
                <transition event="go" cond="1 +" target="a"/>
              </state>
            </scxml>
            """)
        do {
            _ = try SCXMLLoader.interpreter(for: document)
            Issue.record("expected diagnostics")
        } catch {
            #expect(error.items.map(\.line) == [3, 4])
            #expect(error.items.map(\.rule) == ["scxml.target", "scxml.expression"])
            #expect(error.items.allSatisfy { $0.description.hasPrefix("inline.scxml:") })
        }
    }

    @Test func keepsForeignNamespaceAttributesAndElements() throws {
        let document = try Self.load(
            """
            <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:a="urn:accredit:workflow:1">
              <a:roles><a:role id="assessor"/></a:roles>
              <state id="s">
                <transition event="approve" a:roles="assessor" target="s"/>
              </state>
            </scxml>
            """)
        #expect(document.extensions.map(\.name) == ["roles"])
        let transition = try #require(document.children.first?.transitions.first)
        #expect(
            transition.extensions == [
                ForeignNode(namespace: "urn:accredit:workflow:1", name: "roles", value: "assessor", line: 4)
            ])
    }

    @Test func readsInlineInvokeContentAsChildDocument() throws {
        let document = try Self.load(
            """
            <scxml xmlns="http://www.w3.org/2005/07/scxml">
              <state id="s">
                <invoke id="child"><content><scxml><final id="done"/></scxml></content></invoke>
              </state>
            </scxml>
            """)
        let invoke = try #require(document.children.first?.invokes.first)
        #expect(invoke.id == "child")
        #expect(invoke.document?.document.children.map(\.id) == ["done"])
    }
}
