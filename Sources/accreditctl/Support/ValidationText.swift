import Statecharts
import Workflows

/// The words and JSON for what `workflow validate` and `framework validate` checked.
enum ValidationText {
    /// `ok: workflow NAME@VERSION (FILE): XSD …, N static checks, M states, …`.
    static func line(file: String, _ summary: ValidationSummary) -> String {
        var parts = ["XSD \(summary.schema)", "\(summary.staticChecks) static checks"]
        parts += summary.counts.map { "\($0.value) \($0.noun)" }
        if !summary.roles.isEmpty {
            parts.append("\(summary.roles.count) roles (\(summary.roles.joined(separator: ", ")))")
        }
        switch (summary.kind, summary.checkedAgainst) {
        case ("workflow", let framework?):
            parts.append("criteria checked against \(framework.joined(separator: ", "))")
        case ("workflow", nil):
            parts.append("criteria not checked (no framework found; pass --framework FILE)")
        case (_, let frameworks?):
            parts.append("checked against \(frameworks.joined(separator: " and "))")
        default:
            break
        }
        let warnings =
            summary.warnings == 0 ? "" : " (\(summary.warnings) warning\(summary.warnings == 1 ? "" : "s") above)"
        return "ok: \(summary.kind) \(summary.name)@\(summary.version) (\(file)): "
            + parts.joined(separator: ", ") + warnings
    }

    /// `{"file", "valid", "checked": {…} | null, "diagnostics": […]}`.
    static func json(file: String, summary: ValidationSummary?, diagnostics: [XMLDiagnostic]) -> Value {
        let checked: Value =
            summary.map { summary in
                .object([
                    "kind": .string(summary.kind), "name": .string(summary.name),
                    "version": .string(summary.version), "schema": .string(summary.schema),
                    "staticChecks": .integer(Int64(summary.staticChecks)),
                    "counts": .object(
                        Dictionary(
                            summary.counts.map { ($0.key, Value.integer(Int64($0.value))) },
                            uniquingKeysWith: { first, _ in first })),
                    "roles": .array(summary.roles.map(Value.string)),
                    "checkedAgainst": summary.checkedAgainst.map { .array($0.map(Value.string)) } ?? .null,
                ])
            } ?? .null
        return .object([
            "file": .string(file), "valid": .bool(summary != nil), "checked": checked,
            "diagnostics": .array(
                diagnostics.map {
                    .object([
                        "file": .string($0.file), "line": .integer(Int64($0.line)),
                        "column": .integer(Int64($0.column)), "severity": .string($0.severity.rawValue),
                        "rule": .string($0.rule), "message": .string($0.message),
                    ])
                }),
        ])
    }
}
