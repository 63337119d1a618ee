import CLibXML2

/// Reads XML definitions with libxml2: no network, no external entities, every problem reported with its line and column.
public enum XMLReader {
    /// The libxml2 options used for every parse: no network, big line numbers, no entity substitution, no DTD loading.
    static let parseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// Parses a document from memory and, when a schema is given, validates it.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes (UTF-8 unless its declaration says otherwise).
    ///   - file: The name to put in diagnostics.
    ///   - schema: An XSD to validate against, or nil.
    /// - Returns: The root element, with warnings (if any) in `warnings`.
    /// - Throws: ``XMLDiagnostics`` holding every error found, not only the first.
    public static func read(
        _ bytes: [UInt8], file: String, schema: XMLSchema? = nil
    ) throws(XMLDiagnostics) -> XMLElement {
        let (element, diagnostics) = try readKeepingSchemaErrors(bytes, file: file, schema: schema)
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw XMLDiagnostics(diagnostics)
        }
        return element
    }

    /// Parses a document from memory and validates it against `schema`, returning the tree even when the schema
    /// refuses it, so that later stages can still report what they find.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - file: The name to put in diagnostics.
    ///   - schema: An XSD to validate against, or nil.
    /// - Returns: The root element and the schema's diagnostics (with any warnings of the parse).
    /// - Throws: ``XMLDiagnostics`` when the document is not well-formed or has no usable tree.
    public static func readKeepingSchemaErrors(
        _ bytes: [UInt8], file: String, schema: XMLSchema?
    ) throws(XMLDiagnostics) -> (XMLElement, [XMLDiagnostic]) {
        _ = LibXML2Setup.installed
        let collector = LibXML2ErrorCollector(file: file, rule: "xml.syntax")
        guard bytes.count < Int(Int32.max) else {
            throw XMLDiagnostics([
                XMLDiagnostic(file: file, line: 0, rule: "xml.size", message: "the file is larger than 2 GiB")
            ])
        }
        xmlSetStructuredErrorFunc(collector.context, LibXML2ErrorCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlReadMemory(chars, Int32(buffer.count), file, nil, parseOptions)
                }
            }
        }
        guard let document else {
            let unescaped = UnescapedAttributes.find(
                in: bytes, lines: Set(collector.diagnostics.map(\.line)), file: file)
            if !unescaped.isEmpty { throw XMLDiagnostics(unescaped) }
            if collector.diagnostics.isEmpty {
                collector.diagnostics.append(
                    XMLDiagnostic(file: file, line: 1, rule: "xml.syntax", message: "the document is empty"))
            }
            throw XMLDiagnostics(collector.diagnostics)
        }
        defer { xmlFreeDoc(document) }
        var diagnostics = collector.diagnostics
        guard let root = xmlDocGetRootElement(document) else {
            diagnostics.append(
                XMLDiagnostic(file: file, line: 1, rule: "xml.syntax", message: "the document has no root element"))
            throw XMLDiagnostics(diagnostics)
        }
        var builder = TreeBuilder(file: file)
        let element = builder.element(from: root)
        diagnostics += builder.diagnostics
        let schemaDiagnostics = schema.map { $0.validate(document, file: file) } ?? []
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw XMLDiagnostics(diagnostics + schemaDiagnostics)
        }
        return (element, diagnostics + schemaDiagnostics)
    }

    /// Reads and parses a file; see ``read(_:file:schema:)``.
    ///
    /// - Throws: ``XMLDiagnostics`` with rule `xml.io` when the file cannot be read.
    public static func read(fileAt path: String, schema: XMLSchema? = nil) throws(XMLDiagnostics) -> XMLElement {
        try read(try FileBytes.readDefinition(path), file: path, schema: schema)
    }
}

/// Turns a libxml2 tree into ``XMLElement`` values, flagging entity references instead of expanding them.
private struct TreeBuilder {
    let file: String
    var diagnostics: [XMLDiagnostic] = []

    init(file: String) { self.file = file }

    mutating func element(from node: xmlNodePtr) -> XMLElement {
        var element = XMLElement(
            name: string(node.pointee.name), namespace: node.pointee.ns.flatMap { $0.pointee.href.map(string) },
            line: Int(xmlGetLineNo(node)))
        var attribute = node.pointee.properties
        while let current = attribute {
            var value = ""
            var part = current.pointee.children
            while let text = part {
                value += string(text.pointee.content)
                part = text.pointee.next
            }
            element.attributes.append(
                XMLAttribute(
                    name: string(current.pointee.name),
                    namespace: current.pointee.ns.flatMap { $0.pointee.href.map(string) },
                    value: value))
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(.element(self.element(from: current)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                let text = current.pointee.content.map { String(cString: $0) } ?? ""
                if case .text(let previous)? = element.children.last {
                    element.children[element.children.count - 1] = .text(previous + text)
                } else {
                    element.children.append(.text(text))
                }
            case XML_ENTITY_REF_NODE:
                diagnostics.append(
                    XMLDiagnostic(
                        file: file, line: Int(xmlGetLineNo(current)), rule: "xml.entity",
                        message: "entity '&\(string(current.pointee.name));' is not expanded: "
                            + "definitions may not declare or use their own entities"))
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
