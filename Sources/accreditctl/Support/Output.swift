import AccreditEngine

/// Writing to stdout and stderr, tables for people and JSON for scripts.
enum Output {
    /// Prints a line to stdout.
    static func line(_ text: String = "") {
        print(text)
    }

    /// Prints `error: message` to stderr.
    static func error(_ message: String) {
        StandardError.print("error: \(message)")
    }

    /// Prints `warning: message` to stderr.
    static func warning(_ message: String) {
        StandardError.print("warning: \(message)")
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
