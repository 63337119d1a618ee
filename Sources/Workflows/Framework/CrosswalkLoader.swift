import AccreditEngine

/// Builds and checks a crosswalk against the two frameworks it names.
///
/// Rules: `crosswalk.framework` (a named framework cannot be loaded or is not the stated id and version),
/// `crosswalk.unknown-criterion` (an entry names a criterion its version lacks), `crosswalk.duplicate-source` (an old
/// criterion named by two entries), and the warnings `crosswalk.unmapped-criterion` (an old criterion the crosswalk
/// neither maps nor retires) and `crosswalk.unreached-criterion` (a new criterion no entry leads to).
enum CrosswalkLoader {
    /// Every rule the crosswalk checks apply.
    static let rules = [
        "crosswalk.framework", "crosswalk.duplicate-source", "crosswalk.unknown-criterion",
        "crosswalk.unmapped-criterion", "crosswalk.unreached-criterion",
    ]

    /// Loads the frameworks beside `file`, builds the crosswalk and checks it.
    static func load(_ root: XMLElement, bytes: [UInt8], file: String) throws(XMLDiagnostics) -> LoadedCrosswalk {
        let frameworkID = root.attribute("framework") ?? ""
        var diagnostics: [XMLDiagnostic] = []
        func side(_ prefix: String) -> LoadedFramework? {
            let href = root.attribute(prefix + "-href") ?? ""
            let version = root.attribute(prefix + "-version") ?? ""
            let path = FileBytes.directory(of: file) + href
            do {
                let loaded = try FrameworkReader.loadFramework(fileAt: path)
                if loaded.framework.id != frameworkID || loaded.framework.version != version {
                    diagnostics.append(
                        XMLDiagnostic(
                            file: file, line: root.line, rule: "crosswalk.framework",
                            message: "\(prefix)-href '\(href)' is \(loaded.framework.id) version "
                                + "\(loaded.framework.version), not \(frameworkID) version \(version)"))
                    return nil
                }
                return loaded
            } catch {
                diagnostics.append(
                    XMLDiagnostic(
                        file: file, line: root.line, rule: "crosswalk.framework",
                        message: "\(prefix)-href '\(href)' does not load: fix it first (\(error.items.count) problems"
                            + (error.items.first.map { ", first: \($0)" } ?? "") + ")"))
                return nil
            }
        }
        let from = side("from")
        let to = side("to")
        let entries = root.elements.map(entry)
        if let from, let to {
            diagnostics += check(root, entries, from: from.framework, to: to.framework, file: file)
        }
        guard let from, let to, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw XMLDiagnostics(diagnostics)
        }
        let crosswalk = Crosswalk(
            frameworkID: frameworkID, fromVersion: from.framework.version, toVersion: to.framework.version,
            entries: entries)
        let identity = DefinitionIdentity(
            name: frameworkID + "-crosswalk", version: crosswalk.fromVersion + "-" + crosswalk.toVersion, bytes: bytes)
        return LoadedCrosswalk(crosswalk: crosswalk, from: from, to: to, identity: identity, warnings: diagnostics)
    }

    private static func entry(_ element: XMLElement) -> CrosswalkEntry {
        func ids(_ name: String) -> [String] {
            (element.attribute(name) ?? "").split(separator: " ").map(String.init)
        }
        return CrosswalkEntry(
            kind: CrosswalkEntry.Kind(rawValue: element.name) ?? .map, from: ids("from"), to: ids("to"),
            note: element.attribute("note") ?? "")
    }

    private static func check(
        _ root: XMLElement, _ entries: [CrosswalkEntry], from: Framework, to: Framework, file: String
    ) -> [XMLDiagnostic] {
        let elements = root.elements
        var diagnostics: [XMLDiagnostic] = []
        let old = Set(from.criteria.map(\.id))
        let new = Set(to.criteria.map(\.id))
        for (element, entry) in zip(elements, entries) {
            for id in entry.from where !old.contains(id) {
                diagnostics.append(
                    XMLDiagnostic(
                        file: file, line: element.line, rule: "crosswalk.unknown-criterion",
                        message: "<\(element.name)> names '\(id)', which is not a criterion of version "
                            + "\(from.version)\(new.contains(id) ? " (it is in \(to.version): use <new>)" : "")"))
            }
            for id in entry.to where !new.contains(id) {
                diagnostics.append(
                    XMLDiagnostic(
                        file: file, line: element.line, rule: "crosswalk.unknown-criterion",
                        message: "<\(element.name)> maps to '\(id)', which is not a criterion of version "
                            + "\(to.version)\(old.contains(id) ? " (it is in \(from.version): use <retire>)" : "")"))
            }
        }
        var firstLine: [String: Int] = [:]
        for (element, entry) in zip(elements, entries) {
            for id in entry.from {
                if let first = firstLine[id] {
                    diagnostics.append(
                        XMLDiagnostic(
                            file: file, line: element.line, rule: "crosswalk.duplicate-source",
                            message: "'\(id)' is already carried over at line \(first): "
                                + "name each old criterion in one entry only (use <split> to copy it to several)"))
                } else {
                    firstLine[id] = element.line
                }
            }
        }
        let reached = Set(entries.flatMap(\.to))
        for criterion in to.criteria where !reached.contains(criterion.id) {
            diagnostics.append(
                XMLDiagnostic(
                    file: file, line: root.line, severity: .warning, rule: "crosswalk.unreached-criterion",
                    message: "criterion '\(criterion.id)' of version \(to.version) is neither a target nor <new>: "
                        + "say where it comes from, or list it in <new>"))
        }
        let mentioned = Set(entries.flatMap(\.from))
        for criterion in from.criteria where !mentioned.contains(criterion.id) {
            diagnostics.append(
                XMLDiagnostic(
                    file: file, line: root.line, severity: .warning, rule: "crosswalk.unmapped-criterion",
                    message: "criterion '\(criterion.id)' of version \(from.version) is neither mapped nor retired: "
                        + "its ratings and evidence will not carry over"))
        }
        return diagnostics
    }
}
