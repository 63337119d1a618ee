extension XMLElement {
    /// The element's content as it would stand on its own: its text, or, when it has child elements, their markup
    /// with the namespaces they were written in, so that a document held in `<assign>` or `<data>` can be read again.
    /// Leading and trailing whitespace is trimmed.
    public var contentMarkup: String {
        guard !elements.isEmpty else { return text.trimmedText }
        var writer = MarkupWriter()
        writer.writeContent(of: self, defaultNamespace: nil)
        return writer.output.trimmedText
    }
}

/// Writes ``XMLElement`` trees back to markup, declaring each namespace where it is first needed.
struct MarkupWriter {
    /// The XML namespace, whose `xml:` prefix is never declared.
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
    private(set) var output = ""

    mutating func writeContent(of element: XMLElement, defaultNamespace: String?) {
        for child in element.children {
            switch child {
            case .text(let text): output += Self.escaped(text, inAttribute: false)
            case .element(let nested): write(nested, defaultNamespace: defaultNamespace)
            }
        }
    }

    mutating func write(_ element: XMLElement, defaultNamespace: String?) {
        // The XML namespace is never a default namespace: its elements keep the `xml:` prefix.
        let name = element.namespace == Self.xmlNamespace ? "xml:" + element.name : element.name
        output += "<" + name
        if element.namespace != defaultNamespace, element.namespace != Self.xmlNamespace {
            output += " xmlns=\"" + Self.escaped(element.namespace ?? "", inAttribute: true) + "\""
        }
        var prefixes: [String: String] = [:]
        for attribute in element.attributes {
            var name = attribute.name
            if let namespace = attribute.namespace {
                if namespace == Self.xmlNamespace {
                    name = "xml:" + name
                } else {
                    let prefix =
                        prefixes[namespace]
                        ?? {
                            let made = "ns\(prefixes.count + 1)"
                            prefixes[namespace] = made
                            output += " xmlns:\(made)=\"" + Self.escaped(namespace, inAttribute: true) + "\""
                            return made
                        }()
                    name = prefix + ":" + name
                }
            }
            output += " " + name + "=\"" + Self.escaped(attribute.value, inAttribute: true) + "\""
        }
        guard !element.children.isEmpty else {
            output += "/>"
            return
        }
        output += ">"
        let inner = element.namespace == Self.xmlNamespace ? defaultNamespace : element.namespace
        writeContent(of: element, defaultNamespace: inner)
        output += "</" + name + ">"
    }

    /// Escapes text for element content or a double-quoted attribute value.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where inAttribute: result += "&quot;"
            case "\n" where inAttribute: result += "&#10;"
            case "\r": result += "&#13;"
            case "\t" where inAttribute: result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
