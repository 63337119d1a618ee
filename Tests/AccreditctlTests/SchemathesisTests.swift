import Foundation
import Testing

/// schemathesis (from PyPI, installed into `.venv` by `scripts/install-deps`) fuzzes the served OpenAPI document
/// against the real server, signed in as each role in turn and as nobody: no request may get a 5xx, and every
/// response must match the document (status, content type, headers and schema), with invalid input refused.
@Suite(.serialized) struct SchemathesisTests {
    /// The schemathesis executable.
    static let tool = CLIRunner.repository + "/.venv/bin/schemathesis"

    /// The checks: every one schemathesis has, except those that judge business rules as data errors
    /// (`positive_data_acceptance`: a well-formed request may still be refused by a rule) and the stateful ones that
    /// assume a created resource can be fetched by anyone at the path the response names.
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "negative_data_rejection", "missing_required_header", "ignored_auth",
        "unsupported_method",
    ]

    /// Examples per operation and phase; `ACCREDIT_SCHEMATHESIS_EXAMPLES` raises it for a longer run.
    static var examples: String { ProcessInfo.processInfo.environment["ACCREDIT_SCHEMATHESIS_EXAMPLES"] ?? "6" }

    @Test func everyResponseMatchesTheDocumentForEveryRole() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tool) else {
            Issue.record("schemathesis is not installed in \(Self.tool): run scripts/install-deps")
            return
        }
        try await CLIRunner.withWorld { cli in
            let (server, base) = try ClientModeEndToEndTests.serve(cli)
            defer {
                server.process.terminate()
                _ = try? server.finish()
            }
            // A case with evidence, so that the documented example ids find something.
            try cli.toEvidence()
            let file = try cli.evidenceFile("policy.pdf", "%PDF-1.4 policy")
            try cli.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            // Real ids, so that requests reach the rules rather than stopping at "not found" (schemathesis reads
            // schemathesis.toml from its working directory).
            try """
            [parameters]
            case = "C-1"
            evidence = "E-1"
            organisation = "riverside"
            """.write(toFile: cli.directory + "/schemathesis.toml", atomically: true, encoding: .utf8)
            // NDJSON (the many-case import) is not among schemathesis's media types: each generated case goes on a
            // line of its own, as a client sends them.
            try """
            import json
            import schemathesis


            @schemathesis.serializer("application/x-ndjson")
            def ndjson(ctx, value):
                if isinstance(value, bytes):
                    return {"data": value}
                items = value if isinstance(value, list) else [value]
                return {"data": b"".join(json.dumps(item).encode("utf-8") + b"\\n" for item in items)}
            """.write(toFile: cli.directory + "/accredit_hooks.py", atomically: true, encoding: .utf8)
            var fuzzer = cli
            fuzzer.executable = Self.tool
            fuzzer.environment["SCHEMATHESIS_HOOKS"] = cli.directory + "/accredit_hooks.py"
            for actor in ["ann", "hal", "alice", "lee", "dana", "aud", "sec", ""] {
                var arguments = [
                    "run", base + "/api/v1/openapi.json", "--url", base, "--checks", Self.checks.joined(separator: ","),
                    "--max-examples", Self.examples, "--phases", "examples,coverage,fuzzing", "--workers", "2",
                    "--request-timeout", "30", "--seed", "1", "--no-color", "--generation-database", "none",
                    "--suppress-health-check", "all", "--generation-with-security-parameters", "false",
                ]
                if !actor.isEmpty {
                    let token = try cli.ok(["token", "create", "--for", actor]).stdout
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    arguments += ["--header", "Authorization: Bearer \(token)"]
                }
                let result = try fuzzer.run(arguments)
                #expect(
                    result.status == 0,
                    "schemathesis as \(actor.isEmpty ? "nobody" : actor):\n\(result.stdout.suffix(20_000))\n\(result.stderr)"
                )
            }
            let log = (try? String(contentsOfFile: server.err, encoding: .utf8)) ?? ""
            let failures = log.split(separator: "\n").filter { $0.contains("\"status\":5") }
            #expect(failures.isEmpty, "the server answered 5xx:\n\(failures.prefix(20).joined(separator: "\n"))")
        }
    }
}
