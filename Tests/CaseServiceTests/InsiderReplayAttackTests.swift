import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #15, "replay checks everything that replay can know": an insider with SQL access who rewrites events and
/// re-hashes the chain exactly as the store does leaves a clean chain, so each attack here is one that only replay
/// can see. Every one must be reported with the case, the seq and the rule, by both audit routes alike.
struct InsiderReplayAttackTests {
    /// A case run to an award (more than 50 events, so a snapshot is stored), with a pending award-expiry timer.
    static func awarded(_ desk: CaseDesk, dir: String, _ caseID: String = "C-1") throws -> (
        time: Instant, decision: Int64
    ) {
        var time = try CaseDeskTests.toEvidence(desk, caseID)
        let criteria = try desk.load(caseID).definitions.machine.framework.criteria
        for criterion in criteria {
            time = time.adding(microseconds: 1_000_000)
            try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
            try desk.uploadEvidence(
                caseID, file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
        }
        try desk.completeSubmission(caseID, file: dir + "/SL-1.1.txt", at: time)
        try desk.fire(caseID, event: "evidence.submit", by: "ann", at: time)
        for criterion in criteria {
            try desk.fire(
                caseID, event: "review.rate", data: ["criterion": .string(criterion.id), "rating": "met"], by: "alice",
                at: time)
        }
        for (event, actor) in [
            ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
            ("findings.clear", "lee"), ("recommendation.submit", "lee"),
        ] {
            try desk.fire(caseID, event: event, by: actor, at: time)
        }
        let decided = try desk.fire(
            caseID, event: "decision.record", data: ["outcome": "accredited"], by: "dana", at: time)
        return (time, decided.events[0].envelope.seq)
    }

    /// The replay findings as `case seq kind rule`, after checking that the whole-store and named-case routes agree
    /// and that the chain itself is clean (the insider re-hashed it).
    static func replayFindings(_ db: PostgresConnection, _ desk: CaseDesk, cases: [String] = ["C-1"]) throws
        -> [String]
    {
        #expect(try ChainAudit(connection: db).run(.all).isClean)
        let whole = try ReplayAudit(desk: CaseDesk(connection: db, blobs: desk.blobs)).run(.all)
        let named = try ReplayAudit(desk: desk).run(.cases(cases))
        #expect(whole.findings == named.findings)
        return whole.findings.map { "\($0.caseID) \($0.seq.map(String.init) ?? "-") \($0.kind) \($0.actual)" }
    }

    @Test(arguments: [
        ("hal", "access.organisation"), ("carl", "workflow.role-not-allowed"), ("ghost", "access.unknown-actor"),
        ("system", "access.system"), ("aud", "access.read-only"),
    ])
    func aDecisionRewrittenToAnotherSenderIsReported(sender: String, rule: String) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (_, decision) = try Self.awarded(desk, dir: dir)
                #expect(try Self.replayFindings(db, desk).isEmpty)
                try Insider(db).rewrite("C-1", from: decision) { envelope in
                    if envelope.seq == decision { envelope.actor = sender }
                }
                #expect(try Self.replayFindings(db, desk) == ["C-1 \(decision) actor-not-allowed \(rule)"])
            }
        }
    }

    @Test func aConflictedAssessorsRatingIsReportedButALaterDeclarationDoesNotCondemnEarlierActs() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (time, _) = try Self.awarded(desk, dir: dir)
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "carl", organisation: "riverside", from: DeskFixtures.start.adding(years: -1),
                        until: nil, reason: "board member"))
                // Declared from a day after everything happened: earlier acts stay allowed.
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "alice", organisation: "riverside", from: time.adding(days: 1), until: nil,
                        reason: "new post"))
                #expect(try Self.replayFindings(db, desk).isEmpty)
                let rating = try #require(
                    try desk.log.events(of: "C-1").first { $0.envelope.type == "review.rate" }?.envelope.seq)
                try Insider(db).rewrite("C-1", from: rating) { envelope in
                    if envelope.seq == rating { envelope.actor = "carl" }
                }
                // The snapshot taken later still names alice: it is reported too, as it no longer matches the log.
                let findings = try Self.replayFindings(db, desk).map {
                    $0.split(separator: " ").prefix(4).joined(separator: " ")
                }
                #expect(
                    findings == [
                        "C-1 \(rating) actor-not-allowed impartiality.conflict-of-interest",
                        "C-1 100 snapshot-differs snapshot",
                    ])
            }
        }
    }

    @Test func theSystemDeliversOnlyPendingDeadlinesThatFellDue() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (time, _) = try Self.awarded(desk, dir: dir)
                let expiry = try #require(
                    try desk.log.dueTimers(at: time.adding(years: 10)).first { $0.event == "award.expire" })
                // The award expired early: the system "delivers" its timer before it fell due.
                let open = try desk.load("C-1")
                try desk.log.append(
                    caseID: "C-1", expectedVersion: open.head.version, expectedHead: open.head.headHash,
                    events: [
                        NewEvent(
                            type: "award.expire", actor: "system", occurredAt: try desk.now(),
                            payload: ["timer": .string(expiry.timerID)])
                    ],
                    definitionHash: open.definitions.definitionHash, projection: open.head.projection)
                let early = open.head.version + 1
                let findings = try Self.replayFindings(db, desk)
                #expect(findings.first == "C-1 \(early) actor-not-allowed timer.not-due")
                // A delivery of a timer that was never pending.
                try Insider(db).rewrite("C-1", from: early) { envelope in
                    envelope.payload = ["timer": "C-1/never-scheduled"]
                }
                #expect(
                    try Self.replayFindings(db, desk).prefix(2) == [
                        "C-1 \(early) actor-not-allowed timer.not-pending",
                        "C-1 \(early) replay-rejected workflow.rejected",
                    ])
            }
        }
    }

    @Test func timersRowsMustBeTheDeadlinesReplaySchedules() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (time, decision) = try Self.awarded(desk, dir: dir)
                let insider = Insider(db)
                // The award would never expire.
                try insider.sql("DELETE FROM timers WHERE case_id = 'C-1' AND event_name = 'award.expire'")
                #expect(try Self.replayFindings(db, desk) == ["C-1 \(decision) timer-missing no timers row"])
                // Moved, or an extra one.
                try insider.sql("UPDATE timers SET due_at = due_at + interval '1 year' WHERE case_id = 'C-1'")
                try insider.sql(
                    """
                    INSERT INTO timers (case_id, timer_id, due_at, event_name, event_data, set_by_seq)
                    VALUES ('C-1', 'C-1/extra', $1, 'award.expire', 'null', 3)
                    """, [.timestamp(time)])
                let kinds = try Self.replayFindings(db, desk).map {
                    $0.split(separator: " ").prefix(3).joined(separator: " ")
                }
                #expect(
                    kinds == [
                        "C-1 \(decision) timer-differs", "C-1 \(decision) timer-missing", "C-1 3 timer-unexpected",
                    ])
            }
        }
    }

    @Test func theProjectionsDeadlinesMustBeWhatReplayGives() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (_, _) = try Self.awarded(desk, dir: dir)
                let version = try desk.log.head(of: "C-1").version
                try db.execute("UPDATE cases SET deadlines = '{}' WHERE case_id = 'C-1'")
                let findings = try Self.replayFindings(db, desk)
                #expect(findings.count == 1)
                #expect(findings.first?.hasPrefix("C-1 \(version) projection-differs deadlines {}") == true)
            }
        }
    }

    @Test func aSnapshotWithForgedRatingsAndARecomputedChecksumIsReported() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try Self.awarded(desk, dir: dir)
                let row = try #require(
                    try db.query("SELECT seq, snapshot FROM snapshots WHERE case_id = 'C-1' ORDER BY seq DESC").first)
                let seq = try row["seq"].int()
                var value = try CanonicalJSON.parse(try row["snapshot"].string())
                guard case .object(var object) = value, case .object(var ratings)? = object["ratings"] else {
                    Issue.record("a snapshot holds ratings")
                    return
                }
                for key in ratings.keys { ratings[key] = "exceeded" }
                ratings["CU-3.1"] = "exceeded"
                object["ratings"] = .object(ratings)
                value = .object(object)
                try desk.log.saveSnapshot(caseID: "C-1", seq: seq, snapshot: value)  // checksum recomputed
                // Loading trusts the snapshot (it only speeds up loading) and shows the false ratings...
                #expect(try desk.load("C-1").state.record.ratings.values.contains("exceeded"))
                // ...but replay never trusts one.
                #expect(
                    try Self.replayFindings(db, desk).map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
                        == ["C-1 \(seq) snapshot-differs"])
            }
        }
    }

    @Test func evidenceRowsMustBeWhatTheUploadsRecorded() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try Self.awarded(desk, dir: dir)
                let seqs = try db.query("SELECT evidence_id, recorded_seq FROM evidence WHERE case_id = 'C-1'")
                    .reduce(into: [String: Int64]()) {
                        $0[try $1["evidence_id"].string()] = try $1["recorded_seq"].int()
                    }
                let insider = Insider(db)
                try insider.sql("UPDATE evidence SET status = 'accepted' WHERE case_id = 'C-1' AND evidence_id = 'E-1'")
                try insider.sql("DELETE FROM evidence WHERE case_id = 'C-1' AND evidence_id = 'E-2'")
                #expect(
                    try Self.replayFindings(db, desk).map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
                        == [
                            "C-1 \(seqs["E-1"] ?? 0) evidence-differs", "C-1 \(seqs["E-2"] ?? 0) evidence-unrecorded",
                        ])
            }
        }
    }

    /// Deadlines delivered when due, an imported case, superseded evidence and a sandbox clock: nothing to report.
    @Test func anHonestStoreStaysClean() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let (time, _) = try Self.awarded(desk, dir: dir)
                var later = try CaseDeskTests.toEvidence(desk, "C-2")
                later = later.adding(microseconds: 1_000_000)
                try TestFiles.write(Array("first\n".utf8), to: dir + "/first.txt")
                try TestFiles.write(Array("second\n".utf8), to: dir + "/second.txt")
                try desk.uploadEvidence("C-2", file: dir + "/first.txt", criterion: "SL-1.1", by: "ann", at: later)
                try desk.uploadEvidence(
                    "C-2", file: dir + "/second.txt", criterion: "SL-1.1", supersedes: "E-1", by: "ann", at: later)
                let opened = try desk.now().adding(years: -3)
                try desk.importCase(
                    "C-OLD", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, openedAt: opened,
                    events: [
                        ImportedEvent(name: "application.submit", actor: "ann", occurredAt: opened.adding(days: 1)),
                        ImportedEvent(name: "application.accept", actor: "sec", occurredAt: opened.adding(days: 2)),
                    ], by: "sec")
                #expect(try !desk.fireDueTimers(at: time.adding(years: 4)).isEmpty)
                let cases = ["C-1", "C-2", "C-OLD"]
                #expect(try Self.replayFindings(db, desk, cases: cases).isEmpty)
                let report = try StoreAudit(checks: desk.auditChecks()).run(.all)
                #expect(report.isClean, "\(report.findings)")
            }
        }
    }
}
