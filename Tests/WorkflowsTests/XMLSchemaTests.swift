import Testing
import Workflows

struct XMLSchemaTests {
    static let xsd = """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="framework">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="criterion" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:attribute name="id" type="xs:ID" use="required"/>
                    <xs:attribute name="mandatory" type="xs:boolean"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @Test func validDocumentsPass() throws {
        let schema = try XMLSchema(Array(Self.xsd.utf8), file: "framework.xsd")
        let root = try XMLReader.read(
            Array(#"<framework><criterion id="SL-1.1" mandatory="true"/></framework>"#.utf8), file: "ok.xml",
            schema: schema)
        #expect(root.elements.count == 1)
    }

    @Test func everyValidationErrorIsReportedWithItsLine() throws {
        let schema = try XMLSchema(Array(Self.xsd.utf8), file: "framework.xsd")
        let document = """
            <framework>
              <criterion id="SL-1.1" mandatory="maybe"/>
              <criterion/>
              <criterion id="SL-1.2"/>
            </framework>
            """
        let error = #expect(throws: XMLDiagnostics.self) {
            try XMLReader.read(Array(document.utf8), file: "bad.xml", schema: schema)
        }
        let items = error?.items ?? []
        #expect(items.count == 2)
        #expect(items.map(\.line) == [2, 3])
        #expect(items.allSatisfy { $0.rule == "xsd.valid" && $0.file == "bad.xml" })
        #expect(items.first?.message.contains("maybe") == true)
        #expect(items.last?.description.hasPrefix("bad.xml:3:") == true)
    }

    @Test func anInvalidSchemaIsReported() {
        let error = #expect(throws: XMLDiagnostics.self) {
            try XMLSchema(
                Array("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:bogus/></xs:schema>".utf8),
                file: "s.xsd")
        }
        #expect(error?.items.first?.rule == "xsd.schema")
    }

    @Test func schemasMayNotPullInExternalFiles() {
        let including = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="file:///etc/passwd"/>
            </xs:schema>
            """
        #expect(throws: XMLDiagnostics.self) { try XMLSchema(Array(including.utf8), file: "s.xsd") }
    }
}
