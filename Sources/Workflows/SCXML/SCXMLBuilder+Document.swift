import AccreditEngine
import Statecharts

extension SCXMLBuilder {
    /// Builds a document from its `<scxml>` root element.
    mutating func document(_ root: XMLElement) -> Document {
        var document = Document(file: file, line: root.line)
        guard root.name == "scxml", isSCXML(root) else {
            error(root.line, "scxml.root", "the root element must be <scxml> in \(Self.namespace), not <\(root.name)>")
            return document
        }
        checkAttributes(root, allowed: ["initial", "name", "version", "datamodel", "binding", "exmode"])
        document.name = root.attribute("name")
        document.initial = tokens(root.attribute("initial"))
        document.extensions = foreignAttributes(root)
        switch root.attribute("binding") {
        case nil, "early": document.binding = .early
        case "late": document.binding = .late
        case let other?: error(root.line, "scxml.binding", "binding must be early or late, not '\(other)'")
        }
        switch root.attribute("datamodel") {
        case nil, "null": document.datamodel = .null
        case "accredit": document.datamodel = .accredit
        case let other?:
            error(root.line, "scxml.datamodel", "datamodel '\(other)' is not supported: use null or accredit")
        }
        for child in root.elements {
            guard isSCXML(child) else {
                document.extensions.append(foreign(child))
                continue
            }
            switch child.name {
            case "state", "parallel", "final": document.children.append(state(child))
            case "datamodel": document.data += dataItems(child)
            case "script": rejectScript(child)
            default: error(child.line, "scxml.element", "<\(child.name)> is not allowed in <scxml>")
            }
        }
        return document
    }

    mutating func rejectScript(_ element: XMLElement) {
        error(
            element.line, "scxml.script",
            "<script> is not supported: the accredit datamodel has no scripts; use <assign> and expressions instead")
    }

    /// The `<data>` children of a `<datamodel>`.
    mutating func dataItems(_ element: XMLElement) -> [DataItem] {
        element.elements.compactMap { child in
            guard isSCXML(child) else { return nil }
            guard child.name == "data" else {
                error(child.line, "scxml.element", "<\(child.name)> is not allowed in <datamodel>")
                return nil
            }
            checkAttributes(child, allowed: ["id", "src", "expr"])
            guard let id = child.attribute("id") else {
                error(child.line, "scxml.data", "<data> needs an id")
                return nil
            }
            var item = DataItem(id: id, expr: child.attribute("expr"), line: child.line)
            let text = written(child)
            if !text.isEmpty { item.content = text }
            if let src = child.attribute("src") {
                if case .text(let loaded)? = resolve(src, child.line) { item.content = loaded }
            }
            if item.expr != nil && (item.content != nil || child.attribute("src") != nil) {
                error(child.line, "scxml.data", "<data id=\"\(id)\"> may have only one of expr, src and content")
            }
            return item
        }
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    var trimmedText: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
