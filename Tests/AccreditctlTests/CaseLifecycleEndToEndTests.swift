import Foundation
import Testing

/// Runs the built binary through a whole case, from application to award, checking tables, JSON and timers.
@Suite(.serialized) struct CaseLifecycleEndToEndTests {
    @Test func aCaseRunsFromApplicationToAwardThroughTheBinary() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let list = try cli.ok(["case", "list", "--as", "sec", "--state", "evidence-open"])
            #expect(list.stdout.contains("C-1"))
            #expect(list.stdout.contains("deadline.evidence"))

            // Evidence: one rejected, the review returned, the item replaced and the evidence submitted again.
            for (index, criterion) in CLIRunner.mandatory.enumerated() {
                let file = try cli.evidenceFile("evidence-\(index).csv", "criterion,evidence\n\(criterion),policy\n")
                try cli.ok(["evidence", "upload", "C-1", file, "--criterion", criterion, "--item", "1", "--as", "ann"])
            }
            let more = try cli.completeSubmission(
                "C-1", file: try cli.evidenceFile("more.csv", "criterion,evidence\nmore,x\n"))
            let replacementID = "E-\(CLIRunner.mandatory.count + more + 1)"
            let next = try cli.ok(["case", "next", "C-1", "--as", "ann", "--json"]).json()
            let events = try #require(next["events"] as? [[String: Any]])
            let submit = try #require(events.first { $0["event"] as? String == "evidence.submit" })
            #expect(submit["enabled"] as? Bool == true)
            try cli.ok(["case", "fire", "C-1", "evidence.submit", "--as", "ann"])
            try cli.ok(["evidence", "reject", "C-1", "E-1", "--reason", "illegible scan", "--as", "alice"])
            try cli.ok(["case", "fire", "C-1", "review.return", "--as", "alice"])
            let replacement = try cli.evidenceFile("replacement.csv", "criterion,evidence\nSL-1.1,clear policy\n")
            let uploaded = try cli.ok([
                "evidence", "upload", "C-1", replacement, "--criterion", "SL-1.1", "--item", "1", "--supersedes", "E-1",
                "--as", "ann",
                "--json",
            ]).json()
            #expect(uploaded["evidence"] as? String == replacementID)
            #expect(uploaded["supersedes"] as? String == "E-1")
            try cli.ok(["case", "fire", "C-1", "evidence.submit", "--as", "ann"])
            try cli.ok(["evidence", "accept", "C-1", replacementID, "--as", "alice"])
            let listed = try cli.ok(["evidence", "list", "C-1", "--as", "alice", "--json"]).json()
            let items = try #require(listed["evidence"] as? [[String: Any]])
            #expect(items.count == CLIRunner.mandatory.count + more + 1)
            #expect(items.first { $0["evidence"] as? String == "E-1" }?["status"] as? String == "superseded")
            let out = cli.directory + "/fetched.csv"
            try cli.ok(["evidence", "get", "C-1", replacementID, "--out", out, "--as", "alice"])
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("clear policy"))
            let again = try cli.run(["evidence", "get", "C-1", replacementID, "--out", out, "--as", "alice"])
            #expect(again.status == 2)
            #expect(again.stderr.contains("--force"))

            // Desk review: every criterion rated; rex, assigned for the data foundation, rates one, which later
            // bars him from deciding; outside his foundation he is refused.
            try cli.ok(["team", "assign", "C-1", "rex", "--foundation", "DI", "--as", "sec"])
            let team = try cli.ok(["team", "list", "C-1", "--as", "sec"]).stdout
            #expect(team.contains("lee") && team.contains("lead") && team.contains("rex") && team.contains("DI"))
            let outside = try cli.run(["review", "rate", "C-1", "SL-1.1", "met", "--as", "rex"])
            #expect(outside.status == 1 && outside.stderr.contains("team.outside-assignment"))
            for criterion in CLIRunner.criteria {
                let rater = criterion == "DI-3.2" ? "rex" : "alice"
                try cli.ok(["review", "rate", "C-1", criterion, "met", "--note", "seen", "--as", rater])
            }
            let summary = try cli.ok(["review", "summary", "C-1", "--as", "lee", "--json"]).json()
            let outcome = try #require(summary["outcome"] as? [String: Any])
            #expect(outcome["outcome"] as? String == "accredited")
            #expect((outcome["rule"] as? String)?.isEmpty == false)
            #expect((summary["coverage"] as? [Any])?.count == 6)

            // Visit, a major finding answered and closed, recommendation.
            for (event, actor) in [("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee")] {
                try cli.ok(["case", "fire", "C-1", event, "--as", actor])
            }
            let raised = try cli.ok([
                "finding", "raise", "C-1", "PP-2.1", "major", "--statement", "Training records are a year old",
                "--as", "lee",
            ])
            #expect(raised.stdout.contains("finding.raise (F-1)"))
            try cli.ok(["case", "fire", "C-1", "findings.issue", "--as", "lee"])
            let early = try cli.run(["case", "fire", "C-1", "corrective.complete", "--as", "lee"])
            #expect(early.status == 1 && early.stderr.contains("workflow.guard-failed"))
            try cli.ok(["finding", "respond", "C-1", "F-1", "--response", "Records brought up to date", "--as", "ann"])
            try cli.ok(["finding", "close", "C-1", "F-1", "--note", "Seen", "--as", "lee"])
            let findingList = try cli.ok(["finding", "list", "C-1", "--as", "ann", "--json"]).json()
            let findings = try #require(findingList["findings"] as? [[String: Any]])
            #expect(findings.first?["status"] as? String == "closed")
            for event in ["corrective.complete", "recommendation.submit"] {
                try cli.ok(["case", "fire", "C-1", event, "--as", "lee"])
            }
            let rated = try cli.run(["decision", "record", "C-1", "accredited", "--as", "rex"])
            #expect(rated.status == 1)
            #expect(rated.stderr.contains("impartiality.decision-maker"))
            let decided = try cli.ok(["decision", "record", "C-1", "accredited", "--as", "dana", "--json"]).json()
            #expect((decided["status"] as? String)?.contains("surveillance-scheduled") == true)

            let shown = try cli.ok(["case", "show", "C-1", "--as", "aud", "--json"]).json()
            #expect(shown["organisation"] as? String == "riverside")
            #expect(shown["workflow"] as? String == "patient-safety-accreditation@1")
            #expect((shown["configuration"] as? [String])?.contains("awarded") == true)
            let deadlines = try #require(shown["deadlines"] as? [[String: Any]])
            #expect(
                Set(deadlines.compactMap { $0["event"] as? String })
                    == ["award.expire", "surveillance.overdue", "finding.lapse"])
            let version = try #require(shown["version"] as? Int)
            #expect(version == 6 + 13 + more + 36 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 36 + 9 + 1)
            let text = try cli.ok(["case", "show", "C-1", "--as", "sec"]).stdout
            #expect(text.contains("Outcome: accredited"))
            #expect(text.contains("award.expire"))

            let report = try cli.ok(["report", "--as", "sec", "--expiring-within", "1200", "--json"]).json()
            #expect((report["expiring"] as? [Any])?.count == 1)
            #expect((report["workload"] as? [String: Int])?["alice"] == 35 + 3 + 1)
            let awardExpiry = deadlines.first { $0["event"] as? String == "award.expire" }?["due"] as? String
            let listedNow = try cli.ok(["case", "list", "--as", "sec", "--json"]).json()
            let awarded = (listedNow["cases"] as? [[String: Any]])?.first { $0["case"] as? String == "C-1" }
            #expect(
                awarded?["awardUntil"] as? String == awardExpiry && awardExpiry != nil,
                "\(String(describing: awarded)) \(String(describing: awardExpiry))")

            // Timers: surveillance falls due after a year; delivering twice delivers once.
            try cli.ok(["store", "set", "clock", "2099-01-01T00:00:00Z", "--as", "sec"])
            let fired = try cli.ok(["timers", "fire", "--as", "sec", "--case", "C-1", "--json"]).json()
            let delivered = try #require(fired["delivered"] as? [[String: Any]])
            #expect(!delivered.isEmpty)
            let repeated = try cli.ok(["timers", "fire", "--as", "sec", "--json"]).json()
            #expect((repeated["delivered"] as? [Any])?.isEmpty == true)
            let afterwards = try cli.ok(["case", "list", "--as", "sec", "--json"]).json()
            let expired = (afterwards["cases"] as? [[String: Any]])?.first { $0["case"] as? String == "C-1" }
            #expect(expired?["awardUntil"] is NSNull)
        }
    }

    @Test func listingsAndDirectoryCommandsPrintTablesAndJSON() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.ok([
                "coi", "declare", "--actor", "carl", "--organisation", "riverside", "--from", "2025-01-01",
                "--reason", "former employee", "--as", "sec",
            ])
            let conflicts = try cli.ok(["coi", "list", "--as", "sec", "--organisation", "riverside", "--json"]).json()
            let first = try #require((conflicts["conflicts"] as? [[String: Any]])?.first)
            #expect(first["actor"] as? String == "carl")
            #expect(first["from"] as? String == "2025-01-01")
            let actors = try cli.ok(["actor", "list", "--as", "sec", "--json"]).json()
            #expect((actors["actors"] as? [[String: Any]])?.contains { $0["id"] as? String == "rex" } == true)
            let table = try cli.ok(["org", "list", "--as", "sec"]).stdout
            #expect(table.hasPrefix("ORGANISATION"))
            #expect(table.contains("Riverside NHS Foundation Trust"))
            // An applicant leaves the id to the store, which names the case it opened.
            let chosen = try cli.run(["case", "open", "C-9", "--organisation", "riverside", "--as", "ann"])
            #expect(chosen.status == 1)
            #expect(chosen.stderr.contains("the store chooses the id"))
            let opened = try cli.ok(["case", "open", "--organisation", "riverside", "--as", "ann"]).stdout
            let id = opened.split(separator: " ").dropFirst(2).first.map(String.init) ?? ""
            #expect(id.wholeMatch(of: /C-[0-9A-Z]{10}/) != nil)
            let organisation = try cli.ok(["org", "show", "--as", "sec", "riverside", "--json"]).json()
            #expect((organisation["cases"] as? [[String: Any]])?.first?["case"] as? String == id)
            let missing = try cli.run(["org", "show", "--as", "sec", "nowhere"])
            #expect(missing.status == 4)
            let unknownCase = try cli.run(["case", "show", "C-404", "--as", "sec"])
            #expect(unknownCase.status == 4)
            #expect(unknownCase.stderr.hasPrefix("error: "))
            let overdue = try cli.ok([
                "case", "list", "--as", "sec", "--overdue", "--at", "2099-01-01T00:00:00Z", "--json",
            ]).json()
            #expect((overdue["cases"] as? [Any])?.count == 0)
        }
    }
}
