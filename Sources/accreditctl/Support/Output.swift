import AccreditEngine
import Statecharts

/// Writing to stdout and stderr, tables for people and JSON for scripts.
enum Output {
    /// Prints a line to stdout (control characters in it escaped, newlines and tabs kept).
    static func line(_ text: String = "") {
        print(printable(text, keepingLayout: true))
    }

    /// Prints `error: message` to stderr, on one line.
    static func error(_ message: String) {
        StandardError.print("error: \(printable(message))")
    }

    /// Prints `warning: message` to stderr, on one line.
    static func warning(_ message: String) {
        StandardError.print("warning: \(printable(message))")
    }

    /// `text` with control characters and bidirectional overrides written as `\u{…}` escapes, so stored data cannot
    /// move the cursor, recolour the terminal or reorder the text printed around it. JSON output needs none of
    /// this: its encoder escapes control characters itself.
    static func printable(_ text: String, keepingLayout: Bool = false) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if keepingLayout && (value == 0x0A || value == 0x09) { return false }
            return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if unsafe(scalar) {
                escaped.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Writes text to standard error as it is (for progress bars).
    static func writeRaw(_ text: String) {
        StandardError.write(text)
    }

    /// Prints a JSON value on one line (canonical JSON: sorted keys, stable).
    static func json(_ value: Value) {
        print(CanonicalJSON.encode(value))
    }

    /// Prints rows as an aligned table with a header.
    static func table(_ header: [String], _ rows: [[String]]) {
        let rows = rows.map { $0.map { printable($0) } }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func render(_ cells: [String]) -> String {
            var line = ""
            for (column, cell) in cells.enumerated() {
                let isLast = column == cells.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            return line
        }
        print(render(header))
        for row in rows { print(render(row)) }
    }
}
