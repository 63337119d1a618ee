import ArgumentParser
import Workflows

/// Printing the result of a definition command: its text on stdout, or every diagnostic on stderr and exit 2.
enum DiagnosticOutput {
    /// Prints what `body` returns; on diagnostics, prints each one (`file:line:column: severity: rule: message`)
    /// to stderr and exits 2.
    static func print(_ body: () throws(XMLDiagnostics) -> String) throws {
        do {
            Swift.print(try body(), terminator: "")
        } catch {
            for diagnostic in error.items { StandardError.print(diagnostic.description) }
            throw ExitCode(ExitStatus.invalid.rawValue)
        }
    }
}
