import ArgumentParser
import Workflows

/// Printing the result of a definition command: its text on stdout, or every diagnostic on stderr and exit 2.
enum DiagnosticOutput {
    /// Prints what `body` returns; on diagnostics, prints each one (`file:line:column: severity: rule: message`)
    /// to stderr and exits 2.
    static func print(_ body: () throws(XMLDiagnostics) -> String) throws {
        Swift.print(try loading(body), terminator: "")
    }

    /// Returns what `body` loads; on diagnostics, prints each one to stderr and exits 2.
    static func loading<Loaded>(_ body: () throws(XMLDiagnostics) -> Loaded) throws -> Loaded {
        do {
            return try body()
        } catch {
            report(error.items)
            throw ExitCode(ExitStatus.invalid.rawValue)
        }
    }

    /// Checks each file with `check`; prints every diagnostic on stderr and, for each file without errors, what was
    /// checked on stdout (`ok: …`), or with `json` one JSON line per file on stdout; exits 2 when any file has an
    /// error.
    static func validate(
        _ files: [String], json: Bool, with check: (String) -> (XMLDiagnostics?, ValidationSummary?)
    ) throws {
        var failed = false
        for file in files {
            let (diagnostics, summary) = check(file)
            let items = diagnostics?.items ?? []
            let clean = summary != nil && !items.contains { $0.severity == .error }
            failed = failed || !clean
            if json {
                Output.json(ValidationText.json(file: file, summary: clean ? summary : nil, diagnostics: items))
                continue
            }
            report(items)
            if clean, let summary { Output.line(ValidationText.line(file: file, summary)) }
        }
        if failed { throw ExitCode(ExitStatus.invalid.rawValue) }
    }

    /// Prints each diagnostic on its own line on stderr (control characters from the file escaped).
    static func report(_ diagnostics: [XMLDiagnostic]) {
        for diagnostic in diagnostics { StandardError.print(Output.printable(diagnostic.description)) }
    }
}
