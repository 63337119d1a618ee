import AccreditAPI
import Statecharts
import Workflows

extension Problem {
    /// The definition findings a `definition.invalid` problem carries (its `findings` member), as the diagnostics
    /// direct mode prints; nil for any other problem.
    var diagnostics: XMLDiagnostics? {
        guard code == "definition.invalid", let findings = extensions["findings"]?.arrayValue else { return nil }
        return XMLDiagnostics(
            findings.map { finding in
                func number(_ key: String) -> Int {
                    if case .integer(let value)? = finding[key] { return Int(value) }
                    return 0
                }
                return XMLDiagnostic(
                    file: finding["file"]?.stringValue ?? "", line: number("line"), column: number("column"),
                    severity: finding["severity"]?.stringValue.flatMap { XMLDiagnostic.Severity(rawValue: $0) }
                        ?? .error,
                    rule: finding["rule"]?.stringValue ?? "", message: finding["message"]?.stringValue ?? "")
            })
    }
}
