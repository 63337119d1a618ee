import AccreditEngine
import Statecharts

/// Turns an ``XMLElement`` tree into an engine ``Document``, collecting every problem instead of stopping at the first.
struct SCXMLBuilder {
    /// The SCXML namespace.
    static let namespace = "http://www.w3.org/2005/07/scxml"

    let file: String
    /// Loads a referenced file (`<invoke src>`, `<data src>`) relative to the document; nil when it failed.
    let resolve: (_ src: String, _ line: Int) -> ResolvedSource?
    var diagnostics: [XMLDiagnostic] = []
    var generatedIDs = 0
    /// Whether values with child elements hold their markup (see `DefinitionFiles.keepsMarkup`).
    var keepsMarkup = true

    /// What a `<data>`, `<assign>` or `<content>` holds as written: its text, or the markup of its child elements.
    func written(_ element: XMLElement) -> String {
        keepsMarkup ? element.contentMarkup : element.text.trimmedText
    }

    /// What the resolver found at a `src` URI.
    enum ResolvedSource {
        /// A parsed SCXML document.
        case document(Document)
        /// Raw text (for `<data src>`).
        case text(String)
    }

    mutating func error(_ line: Int, _ rule: String, _ message: String) {
        diagnostics.append(XMLDiagnostic(file: file, line: line, rule: rule, message: message))
    }

    /// Whether an element belongs to SCXML (its namespace, or none at all).
    func isSCXML(_ element: XMLElement) -> Bool {
        element.namespace == Self.namespace || element.namespace == nil
    }

    /// Foreign-namespace attributes of an element.
    func foreignAttributes(_ element: XMLElement) -> [ForeignNode] {
        element.attributes.compactMap { attribute in
            guard let namespace = attribute.namespace, namespace != Self.namespace,
                namespace != "http://www.w3.org/XML/1998/namespace"
            else { return nil }
            return ForeignNode(namespace: namespace, name: attribute.name, value: attribute.value, line: element.line)
        }
    }

    /// A foreign-namespace element kept verbatim.
    func foreign(_ element: XMLElement) -> ForeignNode {
        var attributes: [String: String] = [:]
        for attribute in element.attributes { attributes[attribute.name] = attribute.value }
        return ForeignNode(
            namespace: element.namespace ?? "", name: element.name, value: element.text, attributes: attributes,
            line: element.line)
    }

    /// Splits a space-separated attribute into tokens.
    func tokens(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    /// The `id` attribute, or a generated one that cannot clash with authored ids.
    mutating func id(of element: XMLElement) -> String {
        if let id = element.attribute("id") { return id }
        generatedIDs += 1
        return "_\(element.name).\(element.line).\(generatedIDs)"
    }

    /// Reports attributes SCXML does not define on this element.
    mutating func checkAttributes(_ element: XMLElement, allowed: Set<String>) {
        for attribute in element.attributes where attribute.namespace == nil && !allowed.contains(attribute.name) {
            error(element.line, "scxml.attribute", "<\(element.name)> has no attribute '\(attribute.name)'")
        }
    }
}
