import Foundation
import Testing

/// Issue 14, item 4, through the binary: the client cannot choose the time, raise the upload limit, or read another
/// organisation's event with a request id; settings and imports are the administrator's.
@Suite(.serialized) struct StoreClockEndToEndTests {
    @Test func aClientCannotChooseTheTimeOrTheUploadLimit() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            // The attack of the issue: --at on a write, and on timers fire, is refused with what to do instead.
            for arguments in [
                ["case", "fire", "C-1", "evidence.extend", "--at", "2028-10-03", "--as", "sec"],
                ["timers", "fire", "--at", "2030-01-01", "--as", "sec"],
                ["evidence", "accept", "C-1", "E-1", "--at", "2020-01-01", "--as", "alice"],
            ] {
                let refused = try cli.run(arguments)
                #expect(refused.status == 2)
                #expect(refused.stderr.contains("store's time"), "\(arguments)")
            }
            #expect(try cli.caseVersion("C-1") == 6)
            // Only an administrator changes settings; the client's environment changes nothing.
            let byApplicant = try cli.run(["store", "set", "upload.max-bytes", "1099511627776", "--as", "ann"])
            #expect(byApplicant.status == 1)
            #expect(byApplicant.stderr.contains("access.store.configure"))
            try cli.ok(["store", "set", "upload.max-bytes", "8", "--as", "sec"])
            var lifted = cli
            lifted.environment["ACCREDIT_MAX_UPLOAD_BYTES"] = "1099511627776"
            let file = try cli.evidenceFile("big.csv", "criterion,evidence\nSL-1.1,policy\n")
            let tooBig = try lifted.run([
                "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
            ])
            #expect(tooBig.status == 2)
            #expect(tooBig.stderr.contains("upload.max-bytes"))
            let settings = try cli.ok(["store", "settings", "--json", "--as", "ann"]).json()
            #expect(settings["uploadMaxBytes"] as? Int == 8)
            #expect(settings["sandbox"] as? Bool == true)
            let history = try cli.ok(["store", "settings", "--history", "--json", "--as", "aud"]).json()
            let changes = try #require(history["changes"] as? [[String: Any]])
            #expect(changes.map { $0["setting"] as? String } == ["sandbox", "upload.max-bytes"])
            #expect(changes.allSatisfy { $0["changedBy"] as? String == "sec" })
            // The simulated clock only moves forward.
            let back = try cli.run(["store", "set", "clock", "2020-01-01", "--as", "sec"])
            #expect(back.status == 2)
            #expect(back.stderr.contains("only moves forward"))
        }
    }

    @Test func aReusedRequestIDRevealsNothingOfAnotherOrganisation() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let file = try cli.evidenceFile("policy.csv", "criterion,evidence\nSL-1.1,policy\n")
            try cli.ok([
                "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
                "--request-id", "r-1",
            ])
            for arguments in [
                ["case", "fire", "C-1", "case.withdraw", "--as", "hal", "--request-id", "r-1"],
                [
                    "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "hal",
                    "--request-id", "r-1",
                ],
            ] {
                let refused = try cli.run(arguments)
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("access.organisation"))
                #expect(!refused.stderr.contains("evidence.upload by ann"))
            }
        }
    }

    @Test func importedHistoryIsTheAdministratorsAndMarked() async throws {
        try await CLIRunner.withWorld { cli in
            let file = try cli.evidenceFile(
                "old.json",
                """
                {"openedAt": "2023-02-01T09:00:00Z", "events": [
                 {"event": "application.submit", "actor": "ann", "at": "2023-02-03T10:00:00Z"},
                 {"event": "application.accept", "actor": "sec", "at": "2023-02-10T10:00:00Z"}]}
                """)
            let byApplicant = try cli.run([
                "case", "import", "C-OLD", "--organisation", "riverside", "--file", file, "--as", "ann",
            ])
            #expect(byApplicant.status == 1)
            #expect(byApplicant.stderr.contains("access.cases.import"))
            try cli.ok(["case", "import", "C-OLD", "--organisation", "riverside", "--file", file, "--as", "sec"])
            try cli.ok(["case", "fire", "C-OLD", "eligibility.confirm", "--as", "sec"])
            let history = try cli.ok(["history", "C-OLD", "--json", "--as", "aud"]).json()
            let events = try #require(history["events"] as? [[String: Any]])
            #expect(events.map { $0["time"] as? String }.prefix(2) == ["2023-02-03T10:00:00Z", "2023-02-10T10:00:00Z"])
            #expect(events.prefix(2).allSatisfy { $0["importedAt"] is String })
            #expect(events.last?["importedAt"] is NSNull)
            #expect(try cli.ok(["history", "C-OLD", "--as", "aud"]).stdout.contains("(imported "))
            let again = try cli.run([
                "case", "import", "C-OLD", "--organisation", "riverside", "--file", file, "--as", "sec",
            ])
            #expect(again.status == 2)
        }
    }

    @Test func manyCasesImportFromAnNDJSONFileAllOrNone() async throws {
        try await CLIRunner.withWorld { cli in
            func line(_ caseID: String, _ applicant: String) -> String {
                #"{"case": "\#(caseID)", "organisation": "riverside", "workflow": "patient-safety-accreditation@1", "#
                    + #""openedAt": "2023-02-01T09:00:00Z", "events": [{"event": "application.submit", "#
                    + #""actor": "\#(applicant)", "at": "2023-02-03T10:00:00Z"}]}"#
            }
            let file = try cli.evidenceFile("cases.ndjson", line("C-N1", "ann") + "\n" + line("C-N2", "ann") + "\n")
            let imported = try cli.ok(["case", "import", "--file", file, "--as", "sec"])
            #expect(imported.stdout.contains("imported 2 case(s) with 2 event(s) from"), "\(imported.stdout)")
            let again = try cli.run(["case", "import", "--file", file, "--as", "sec"])
            #expect(again.status == 2 && again.stderr.contains("case C-N1 already exists"), "\(again.stderr)")
            // A refusal on the second line: the first case is not imported either.
            let broken = try cli.evidenceFile("broken.ndjson", line("C-N3", "ann") + "\n" + line("C-N4", "hal"))
            let refused = try cli.run(["case", "import", "--file", broken, "--as", "sec"])
            #expect(refused.status == 1 && refused.stderr.contains("line 2: case C-N4"), "\(refused.stderr)")
            #expect(try cli.run(["case", "show", "C-N3", "--as", "sec"]).status != 0)
            // Each line names its own organisation.
            let mixed = try cli.run(["case", "import", "--file", file, "--organisation", "riverside", "--as", "sec"])
            #expect(mixed.status == 2 && mixed.stderr.contains("each line of --file names its own case"))
        }
    }
}
