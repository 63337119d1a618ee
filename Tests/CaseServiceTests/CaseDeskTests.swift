import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

struct CaseDeskTests {
    /// Moves a case to the evidence stage as the secretariat and the applicant would.
    static func toEvidence(_ desk: CaseDesk, _ caseID: String = "C-1") throws -> Instant {
        var time = DeskFixtures.start
        _ = try desk.openCase(
            caseID, organisation: "riverside", workflow: DeskFixtures.workflow, framework: DeskFixtures.framework,
            by: "sec", at: time)
        for (event, actor) in [
            ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
        ] {
            time = time.adding(microseconds: 60_000_000)
            try desk.fire(caseID, event: event, by: actor, at: time)
        }
        for (event, data, actor) in DeskFixtures.teamEvents + [("impartiality.confirm", .null, "sec")] {
            time = time.adding(microseconds: 60_000_000)
            try desk.fire(caseID, event: event, data: data, by: actor, at: time)
        }
        return time
    }

    @Test func aCaseRunsToAwardThroughTheDeskAndPersistsEveryStep() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                var time = try Self.toEvidence(desk)
                let criteria = try desk.load("C-1").definitions.machine.framework.criteria
                for criterion in criteria {
                    time = time.adding(microseconds: 1_000_000)
                    try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                    try desk.uploadEvidence(
                        "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
                }
                try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", at: time)
                try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
                try desk.reviewEvidence(
                    "C-1", evidence: "E-1", accept: false, reason: "illegible scan", by: "alice", at: time)
                for criterion in criteria {
                    try desk.fire(
                        "C-1", event: "review.rate", data: ["criterion": .string(criterion.id), "rating": "met"],
                        by: "alice", at: time)
                }
                for (event, actor) in [
                    ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
                    ("findings.clear", "lee"),
                    ("recommendation.submit", "lee"),
                ] {
                    try desk.fire("C-1", event: event, by: actor, at: time)
                }
                let involved = try #require(throws: CaseRefusal.self) {
                    try desk.fire(
                        "C-1", event: "decision.record", data: ["outcome": "accredited"], by: "alice", at: time)
                }
                // Alice is no decision maker: the workflow's roles refuse her first (the impartiality rule for someone
                // who holds both roles is RoleKindTests' "both").
                #expect(involved.rule == "workflow.role-not-allowed")
                let outcome = try desk.fire(
                    "C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana", at: time)
                #expect(outcome.state.status.contains("surveillance-scheduled"))

                let head = try desk.log.head(of: "C-1")
                // An upload per expected item, a self-assessment and a rating per criterion.
                let items = criteria.map(\.evidenceSlots.count).reduce(0, +)
                #expect(head.version == Int64(6 + items + 2 * criteria.count + 1 + 1 + 5 + 1))
                #expect(head.projection.status == outcome.state.status)
                let evidence = try desk.evidence(of: "C-1", for: "alice")
                #expect(evidence.count == items)
                #expect(evidence.first?.item == 1 && evidence.contains { $0.criterionID == "SL-1.1" && $0.item == 3 })
                #expect(evidence.first?.status == .rejected)
                #expect(evidence.first?.notes == "illegible scan")
                #expect(try desk.load("C-1").state.record == outcome.state.record)
                let timers = try desk.log.dueTimers(at: time.adding(years: 4))
                #expect(Set(timers.map(\.event)) == ["award.expire", "surveillance.overdue"])

                // Loading starts from the newest snapshot (taken every 50 events) and must equal a full replay.
                let snapshots = try db.query("SELECT seq FROM snapshots WHERE case_id = 'C-1'").map {
                    try $0["seq"].int()
                }
                #expect(snapshots == [50, 100], "\(snapshots)")
                let machine = try desk.load("C-1").definitions.machine
                var replayed = machine.open(caseID: "C-1", at: DeskFixtures.start)
                for event in try desk.log.events(of: "C-1") {
                    guard case .success(let (next, _)) = machine.apply(event.envelope, to: replayed) else {
                        Issue.record("event \(event.envelope.seq) must replay")
                        return
                    }
                    replayed = next
                }
                let viaSnapshot = try desk.load("C-1").state
                #expect(viaSnapshot.snapshot == replayed.snapshot)
                #expect(viaSnapshot.record == replayed.record)
                // A snapshot that passes its checksum but is not a state of this machine falls back to replay.
                try db.execute(
                    "UPDATE snapshots SET snapshot = '{\"format\":9}', sha256 = encode(sha256('{\"format\":9}'), 'hex')"
                )
                #expect(try desk.load("C-1").state.record == replayed.record)
            }
        }
    }

    @Test func peopleRulesRefuseWithTheirRuleName() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try Self.toEvidence(desk)
                try TestFiles.write(Array("x\n".utf8), to: dir + "/x.txt")
                let stranger = try #require(throws: CaseRefusal.self) {
                    try desk.uploadEvidence("C-1", file: dir + "/x.txt", criterion: "SL-1.1", by: "hal", at: time)
                }
                #expect(stranger.rule == "access.organisation")
                #expect(throws: CaseRefusal.self) { try desk.evidence(of: "C-1", for: "hal") }
                let auditor = try #require(throws: CaseRefusal.self) {
                    try desk.fire("C-1", event: "case.withdraw", by: "aud", at: time)
                }
                #expect(auditor.rule == "access.read-only")
                // Carl is on the team when his (ended) conflict is recorded: he is told why he may not act.
                try desk.fire("C-1", event: "team.assign", data: ["person": "carl"], by: "sec", at: time)
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "carl", organisation: "riverside", from: DeskFixtures.start.adding(years: -3),
                        until: DeskFixtures.start.adding(years: -1), reason: "consulted for the trust"))
                let conflicted = try #require(throws: CaseRefusal.self) {
                    try desk.fire(
                        "C-1", event: "review.rate", data: ["criterion": "SL-1.1", "rating": "met"], by: "carl",
                        at: time)
                }
                #expect(conflicted.rule == "impartiality.conflict-of-interest")
                let unknown = try #require(throws: StoreError.self) {
                    try desk.fire("C-1", event: "case.withdraw", by: "mallory", at: time)
                }
                #expect(unknown.code == .actorNotFound)
                #expect(unknown.actorID == "mallory")
            }
        }
    }

    @Test func aStaleWriterGetsAConflictAndNothingIsLost() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withDatabase { conninfo in
                let db = try PostgresConnection(conninfo: conninfo)
                try Migrator(connection: db).migrate()
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try Self.toEvidence(desk)
                let stale = try desk.load("C-1")
                try desk.fire("C-1", event: "case.suspend", by: "sec", at: time)
                let other = CaseDesk(connection: try PostgresConnection(conninfo: conninfo), blobs: desk.blobs)
                let error = try #require(throws: StoreError.self) {
                    try other.log.append(
                        caseID: "C-1", expectedVersion: stale.head.version, expectedHead: stale.head.headHash,
                        events: [NewEvent(type: "case.withdraw", actor: "sec", occurredAt: time)], definitionHash: "x",
                        projection: CaseProjection(status: "x", configuration: []))
                }
                #expect(error.code == .conflict)
                #expect(try desk.load("C-1").state.status == "suspension-appealable")
            }
        }
    }

    @Test func dueTimersAreDeliveredOnce() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try Self.toEvidence(desk)
                #expect(try desk.fireDueTimers(at: time.adding(days: 89)).isEmpty)
                let delivered = try desk.fireDueTimers(at: time.adding(days: 91))
                #expect(delivered.map(\.event) == ["deadline.evidence"])
                #expect(try desk.fireDueTimers(at: time.adding(days: 91)).isEmpty)
                #expect(try desk.load("C-1").state.status == "evidence-lapsed")
                let last = try desk.log.events(of: "C-1").last
                #expect(last?.envelope.actor == "system")
            }
        }
    }
}
