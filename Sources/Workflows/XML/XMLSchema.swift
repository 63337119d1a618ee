import CLibXML2

/// A compiled XSD schema that documents can be validated against; immutable once built, so it may be shared.
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// Compiles an XSD.
    ///
    /// - Parameters:
    ///   - bytes: The XSD document.
    ///   - file: The name to put in diagnostics.
    /// - Throws: ``XMLDiagnostics`` with every problem in the schema itself.
    public init(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) {
        _ = LibXML2Setup.installed
        let collector = LibXML2ErrorCollector(file: file, rule: "xsd.schema")
        xmlSetStructuredErrorFunc(collector.context, LibXML2ErrorCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        // libxml2 reads the buffer during xmlSchemaParse, so the whole parse happens while the buffer is pinned.
        let parsed: xmlSchemaPtr?? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars -> xmlSchemaPtr? in
                    guard let parser = xmlSchemaNewMemParserCtxt(chars, Int32(buffer.count)) else { return nil }
                    defer { xmlSchemaFreeParserCtxt(parser) }
                    xmlSchemaSetParserStructuredErrors(parser, LibXML2ErrorCollector.callback, collector.context)
                    return xmlSchemaParse(parser)
                }
            }
        }
        guard let parsed else {
            throw XMLDiagnostics([
                XMLDiagnostic(file: file, line: 0, rule: "xsd.schema", message: "the schema is empty")
            ])
        }
        guard let schema = parsed, !collector.diagnostics.contains(where: { $0.severity == .error }) else {
            if let parsed { xmlSchemaFree(parsed) }
            if collector.diagnostics.isEmpty {
                collector.diagnostics.append(
                    XMLDiagnostic(file: file, line: 0, rule: "xsd.schema", message: "the schema could not be compiled"))
            }
            throw XMLDiagnostics(collector.diagnostics)
        }
        self.schema = schema
    }

    /// Compiles the XSD in a file.
    ///
    /// - Throws: ``XMLDiagnostics`` when the file cannot be read or the schema is invalid.
    public convenience init(fileAt path: String) throws(XMLDiagnostics) {
        try self.init(try FileBytes.readDefinition(path), file: path)
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates a parsed document and returns every problem found (empty when valid).
    func validate(_ document: xmlDocPtr, file: String) -> [XMLDiagnostic] {
        let collector = LibXML2ErrorCollector(file: file, rule: "xsd.valid")
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [
                XMLDiagnostic(file: file, line: 0, rule: "xsd.valid", message: "out of memory creating a validator")
            ]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, LibXML2ErrorCollector.callback, collector.context)
        let status = xmlSchemaValidateDoc(context, document)
        if status != 0 && collector.diagnostics.isEmpty {
            collector.diagnostics.append(
                XMLDiagnostic(file: file, line: 0, rule: "xsd.valid", message: "the document does not match the schema")
            )
        }
        return collector.diagnostics
    }
}
