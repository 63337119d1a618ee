/// Finds attribute values that hold a bare `&` or `<` (a guard written `a && b` or `x < 5`), so that one diagnostic
/// saying how to escape them replaces libxml2's cascade of parser errors.
///
/// Rule: `xml.unescaped-attribute`. Works on the source text alone, only on the lines libxml2 complained about.
enum UnescapedAttributes {
    /// One diagnostic per attribute, on the given lines, whose value holds a bare `&` or `<`.
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - lines: The 1-based lines libxml2 reported errors on.
    ///   - file: The name to put in diagnostics.
    static func find(in bytes: [UInt8], lines: Set<Int>, file: String) -> [XMLDiagnostic] {
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var found: [XMLDiagnostic] = []
        for number in lines.sorted() where number >= 1 && number <= text.count {
            for attribute in attributes(in: Array(text[number - 1])) {
                guard let advice = advice(for: attribute.value) else { continue }
                found.append(
                    XMLDiagnostic(
                        file: file, line: number, column: attribute.column, rule: "xml.unescaped-attribute",
                        message: "\(attribute.name)=\"\(attribute.value)\" holds \(advice.found), which XML does not "
                            + "allow in an attribute: write \(advice.fix), as in \(attribute.name)=\""
                            + escaped(attribute.value) + "\""))
            }
        }
        return found
    }

    /// What a value holds that must be escaped, and how to write it; nil when it is fine.
    static func advice(for value: String) -> (found: String, fix: String)? {
        let characters = Array(value)
        var found: [String] = []
        var fix: [String] = []
        if value.contains("&&") {
            found.append("'&&'")
            fix.append("'&&' as '&amp;&amp;'")
        } else if characters.indices.contains(where: { characters[$0] == "&" && !isReference(characters, at: $0) }) {
            found.append("a bare '&'")
            fix.append("'&' as '&amp;'")
        }
        if value.contains("<") {
            found.append("'<'")
            fix.append("'<' as '&lt;'")
        }
        guard !found.isEmpty else { return nil }
        return (found.joined(separator: " and "), fix.joined(separator: " and "))
    }

    /// The value with every bare `&` and every `<` escaped.
    static func escaped(_ value: String) -> String {
        let characters = Array(value)
        var result = ""
        for (index, character) in characters.enumerated() {
            switch character {
            case "&" where !isReference(characters, at: index): result += "&amp;"
            case "<": result += "&lt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Whether the `&` at `index` starts an entity or character reference (`&amp;`, `&#60;`).
    static func isReference(_ characters: [Character], at index: Int) -> Bool {
        var position = index + 1
        while position < characters.count,
            characters[position].isLetter || characters[position].isNumber
                || characters[position] == "#" || characters[position] == "_"
        {
            position += 1
        }
        return position > index + 1 && position < characters.count && characters[position] == ";"
    }

    /// The `name="value"` (or `'value'`) attributes on a line, with the 1-based column of each name; a value
    /// without its closing quote on the line runs to the end of the line.
    static func attributes(in line: [Character]) -> [(name: String, value: String, column: Int)] {
        var found: [(name: String, value: String, column: Int)] = []
        var index = 0
        while index < line.count {
            guard isNameStart(line[index]), index == 0 || line[index - 1].isWhitespace else {
                index += 1
                continue
            }
            let start = index
            while index < line.count, isNameCharacter(line[index]) { index += 1 }
            let name = String(line[start..<index])
            var cursor = index
            while cursor < line.count, line[cursor] == " " { cursor += 1 }
            guard cursor < line.count, line[cursor] == "=" else { continue }
            cursor += 1
            while cursor < line.count, line[cursor] == " " { cursor += 1 }
            guard cursor < line.count, line[cursor] == "\"" || line[cursor] == "'" else { continue }
            let quote = line[cursor]
            let valueStart = cursor + 1
            var valueEnd = valueStart
            while valueEnd < line.count, line[valueEnd] != quote { valueEnd += 1 }
            found.append((name, String(line[valueStart..<valueEnd]), start + 1))
            index = valueEnd + 1
        }
        return found
    }

    private static func isNameStart(_ character: Character) -> Bool {
        character.isLetter || character == "_" || character == ":"
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        isNameStart(character) || character.isNumber || character == "-" || character == "."
    }
}
