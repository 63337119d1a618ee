import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

struct CaseLogTests {
    @Test func appendsHashChainedEventsAndUpdatesTheProjection() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            let stored = try log.append(
                caseID: "C-1", expectedVersion: 0,
                events: [CaseFixtures.event("application.submit"), CaseFixtures.event("screening.start")],
                definitionHash: "def", projection: CaseFixtures.projection)
            #expect(stored.map(\.envelope.seq) == [1, 2])
            #expect(stored[0].previousHash == HashChain.genesis)
            #expect(stored[1].previousHash == stored[0].hash)
            #expect(stored[1].hash == HashChain.hash(previous: stored[0].hash, envelope: stored[1].envelope))

            let head = try log.head(of: "C-1")
            #expect(head.version == 2)
            #expect(head.headHash == stored[1].hash)
            #expect(head.projection == CaseFixtures.projection)
            let loaded = try log.events(of: "C-1")
            #expect(loaded.map(\.envelope) == stored.map(\.envelope))
            #expect(loaded.map(\.hash) == stored.map(\.hash))
            #expect(loaded.map(\.storedPayload) == stored.map(\.storedPayload))
            #expect(try log.events(of: "C-1", after: 1).map(\.envelope.seq) == [2])
        }
    }

    @Test func aStaleVersionIsATypedConflict() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            try log.append(
                caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("a")], definitionHash: "d",
                projection: CaseFixtures.projection)
            let error = try #require(throws: StoreError.self) {
                try log.append(
                    caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("b")], definitionHash: "d",
                    projection: CaseFixtures.projection)
            }
            #expect(error.code == .conflict)
            #expect(error.actualVersion == 1)
            #expect(error.message == "case C-1 changed to version 1 (you expected 0); reload it and retry")
            #expect(try log.head(of: "C-1").version == 1)
        }
    }

    @Test func unknownCasesAndActorsAreNotFound() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            let missing = try #require(throws: StoreError.self) {
                try log.append(
                    caseID: "C-404", expectedVersion: 0, events: [CaseFixtures.event("a")], definitionHash: "d",
                    projection: CaseFixtures.projection)
            }
            #expect(missing.code == .caseNotFound)
            #expect(missing.message == "case C-404 does not exist")
            let stranger = try #require(throws: StoreError.self) {
                try log.append(
                    caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("a", by: "mallory")],
                    definitionHash: "d", projection: CaseFixtures.projection)
            }
            #expect(stranger.code == .notFound)
            #expect(try log.head(of: "C-1").version == 0)
            #expect(throws: StoreError.self) { try log.head(of: "nope") }
        }
    }

    @Test func eventsAreAppendOnlyAndGapless() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            try CaseLog(connection: db).append(
                caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("a")], definitionHash: "d",
                projection: CaseFixtures.projection)
            let update = try #require(throws: PostgresError.self) {
                try db.execute("UPDATE case_events SET type = 'forged' WHERE case_id = 'C-1'")
            }
            #expect(update.sqlState == "AC403")
            #expect(throws: PostgresError.self) { try db.execute("DELETE FROM case_events") }
            let gap = try #require(throws: PostgresError.self) {
                try db.execute(
                    """
                    INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash,
                                             prev_hash, hash)
                    VALUES ('C-1', 3, 'x', 'sam', accredit_now(), 'null', 'd', $1, $1)
                    """, [.bytea(HashChain.genesis)])
            }
            #expect(gap.sqlState == PostgresError.SQLState.foreignKeyViolation)
        }
    }

    @Test func timersAreScheduledReplacedAndCancelledWithTheirEvents() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            let due = CaseFixtures.opened.adding(days: 60)
            try log.append(
                caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("findings.issued")], definitionHash: "d",
                projection: CaseFixtures.projection,
                timers: [
                    .schedule(id: "corrective", due: due, event: "corrective.lapsed", data: ["days": 60]),
                    .schedule(id: "other", due: due.adding(days: 1), event: "x", data: .null),
                ])
            #expect(try log.dueTimers(at: due.adding(microseconds: -1)).isEmpty)
            let fired = try log.dueTimers(at: due)
            #expect(fired.map(\.timerID) == ["corrective"])
            #expect(fired.first?.data == ["days": 60])
            try log.append(
                caseID: "C-1", expectedVersion: 1, events: [CaseFixtures.event("corrective.submitted")],
                definitionHash: "d", projection: CaseFixtures.projection,
                timers: [.cancel(id: "corrective"), .schedule(id: "other", due: due, event: "y", data: .null)])
            #expect(try log.dueTimers(at: due).map(\.event) == ["y"])
        }
    }

    @Test func eightConcurrentAppendersGetExactlyOneWinnerPerVersion() async throws {
        try await TestDatabase.withDatabase { conninfo in
            let setup = try PostgresConnection(conninfo: conninfo)
            try Migrator(connection: setup).migrate()
            try CaseFixtures.openCase(setup)
            let attemptsEach = 25
            let outcomes = try await withThrowingTaskGroup(of: (wins: Int, conflicts: Int).self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let db = try PostgresConnection(conninfo: conninfo)
                        let log = CaseLog(connection: db)
                        var wins = 0
                        var conflicts = 0
                        for attempt in 0..<attemptsEach {
                            let version = try log.head(of: "C-1").version
                            do {
                                try log.append(
                                    caseID: "C-1", expectedVersion: version,
                                    events: [
                                        CaseFixtures.event(
                                            "note", ["writer": .integer(Int64(writer)), "n": .integer(Int64(attempt))])
                                    ],
                                    definitionHash: "d", projection: CaseFixtures.projection)
                                wins += 1
                            } catch let error as StoreError where error.code == .conflict {
                                conflicts += 1
                            }
                        }
                        return (wins, conflicts)
                    }
                }
                var all: [(wins: Int, conflicts: Int)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let wins = outcomes.map(\.wins).reduce(0, +)
            #expect(wins + outcomes.map(\.conflicts).reduce(0, +) == 8 * attemptsEach)
            let log = CaseLog(connection: setup)
            let events = try log.events(of: "C-1")
            #expect(events.count == wins)
            #expect(events.map(\.envelope.seq) == Array(1...Int64(wins)))
            #expect(try log.head(of: "C-1").version == Int64(wins))
            var previous = HashChain.genesis
            for event in events {
                #expect(event.previousHash == previous)
                #expect(event.hash == HashChain.hash(previous: previous, envelope: event.envelope))
                previous = event.hash
            }
        }
    }

    @Test func loadingUsesTheNewestGoodSnapshotAndFallsBackToFullReplay() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            for version in 0..<4 {
                try log.append(
                    caseID: "C-1", expectedVersion: Int64(version), events: [CaseFixtures.event("e\(version)")],
                    definitionHash: "d", projection: CaseFixtures.projection)
            }
            #expect(try log.load("C-1").snapshot == nil)
            #expect(try log.load("C-1").events.count == 4)
            try log.saveSnapshot(caseID: "C-1", seq: 1, snapshot: ["at": 1])
            try log.saveSnapshot(caseID: "C-1", seq: 3, snapshot: ["at": 3])
            let loaded = try log.load("C-1")
            #expect(loaded.snapshot?.seq == 3)
            #expect(loaded.snapshot?.value == ["at": 3])
            #expect(loaded.events.map(\.envelope.seq) == [4])

            try db.execute("UPDATE snapshots SET snapshot = '{\"at\":99}' WHERE seq = 3")
            let fallback = try log.load("C-1")
            #expect(fallback.skippedSnapshots == [3])
            #expect(fallback.snapshot?.seq == 1)
            #expect(fallback.events.map(\.envelope.seq) == [2, 3, 4])

            try db.execute("UPDATE snapshots SET snapshot = 'garbage', sha256 = repeat('0', 64) WHERE seq = 1")
            let full = try log.load("C-1")
            #expect(full.snapshot == nil)
            #expect(full.events.count == 4)
        }
    }

    @Test func publishingChangedContentUnderAnExistingVersionIsRefused() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let catalog = DefinitionCatalog(connection: db)
            let reference = DefinitionReference(name: "wf", version: "1")
            #expect(try catalog.publish(.workflow, reference, source: "<scxml/>"))
            #expect(try catalog.publish(.workflow, reference, source: "<scxml/>") == false)
            let error = try #require(throws: StoreError.self) {
                try catalog.publish(.workflow, reference, source: "<scxml version='2'/>")
            }
            #expect(error.code == .invalid)
            #expect(error.message.contains("publish the change as a new version"))
            #expect(try catalog.definition(.workflow, reference).source == "<scxml/>")
            #expect(throws: StoreError.self) { try catalog.definition(.framework, reference) }
        }
    }
}

struct CaseLogImportTests {
    @Test func importsALongHistoryWithTheSameChainAsAppends() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db, imported: true)
            try CaseFixtures.openCase(db, caseID: "C-2")
            let log = CaseLog(connection: db)
            let events = (0..<1_000).map {
                CaseFixtures.event("note.\($0 % 7)", ["n": .integer(Int64($0)), "text": "tab\there\nnew \\ line"])
            }
            let imported = try log.importHistory(
                caseID: "C-1", expectedVersion: 0, events: events, definitionHash: "d",
                projection: CaseFixtures.projection)
            #expect(imported == 1_000)
            let viaAppend = try log.append(
                caseID: "C-2", expectedVersion: 0, events: events, definitionHash: "d",
                projection: CaseFixtures.projection)
            #expect(try log.events(of: "C-1").allSatisfy(\.imported))
            #expect(try log.events(of: "C-2").allSatisfy { !$0.imported })
            let stored = try log.events(of: "C-1")
            #expect(stored.map(\.envelope.payload) == events.map(\.payload))
            #expect(stored.last?.hash != nil)
            var previous = HashChain.genesis
            for event in stored {
                #expect(event.hash == HashChain.hash(previous: previous, envelope: event.envelope))
                previous = event.hash
            }
            #expect(try log.head(of: "C-1").headHash == previous)
            #expect(viaAppend.count == 1_000)
            let conflict = try #require(throws: StoreError.self) {
                try log.importHistory(
                    caseID: "C-1", expectedVersion: 5, events: events, definitionHash: "d",
                    projection: CaseFixtures.projection)
            }
            #expect(conflict.code == .conflict)
            #expect(try log.head(of: "C-1").version == 1_000)
        }
    }

    /// An imported case `C-n` with `count` events from a day before the store's time, each noting its position.
    static func importedCase(_ n: Int, count: Int, by actor: String = "sam") -> ImportedCase {
        let start = CaseFixtures.opened.adding(days: -1)
        return ImportedCase(
            NewCase(
                caseID: "C-\(n)", organisationID: "org-1", workflow: CaseFixtures.workflow,
                framework: CaseFixtures.framework, openedAt: start, imported: true),
            events: (0..<count).map {
                NewEvent(
                    type: "note", actor: actor, occurredAt: start.adding(microseconds: Int64($0)),
                    payload: ["n": .integer(Int64($0)), "case": .integer(Int64(n))])
            }, definitionHash: "d-\(n)", projection: CaseProjection(status: "s\(n)", configuration: ["a", "b\(n)"]),
            timers: [
                .schedule(
                    id: "t", due: CaseFixtures.opened.adding(days: Int64(n)), event: "due",
                    data: ["n": .integer(Int64(n))])
            ])
    }

    @Test func importsManyCasesInOneTransactionChainedAsAppendsAre() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            // Given out of order: the store sorts them by id for the index.
            let cases = [12, 3, 7, 10].map { Self.importedCase($0, count: 40 + $0) }
            #expect(try log.importCases(cases) == cases.map(\.events.count).reduce(0, +))
            for item in cases {
                let stored = try log.events(of: item.new.caseID)
                #expect(stored.map(\.envelope.payload) == item.events.map(\.payload))
                #expect(stored.allSatisfy { $0.imported && $0.envelope.definitionHash == item.definitionHash })
                let head = try log.head(of: item.new.caseID)
                let hashes = HashChain.hashes(after: HashChain.genesis, envelopes: stored.map(\.envelope))
                #expect(stored.map(\.hash) == hashes && head.headHash == hashes.last)
                #expect(head.version == Int64(item.events.count))
            }
            let due = try log.dueTimers(at: CaseFixtures.opened.adding(days: 20))
            #expect(due.map(\.caseID).sorted() == ["C-10", "C-12", "C-3", "C-7"])
            #expect(due.first { $0.caseID == "C-7" }?.data == ["n": 7])
        }
    }

    @Test func oneBadCaseImportsNothing() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            let good = [Self.importedCase(2, count: 5), Self.importedCase(3, count: 5)]
            var future = Self.importedCase(4, count: 5)
            future.events[4].occurredAt = CaseFixtures.opened.adding(days: 1)
            var empty = Self.importedCase(5, count: 1)
            empty.events = []
            let refusals: [([ImportedCase], StoreError.Code)] = [
                (good + [Self.importedCase(4, count: 5, by: "mallory")], .notFound),
                (good + [future], .clockMismatch),
                (good + [Self.importedCase(1, count: 5)], .invalid),
                (good + [Self.importedCase(2, count: 3)], .invalid),
                (good + [empty], .invalid),
            ]
            for (cases, code) in refusals {
                let refused = try #require(throws: StoreError.self) { try log.importCases(cases) }
                #expect(refused.code == code, "\(refused)")
                #expect(throws: StoreError.self) { try log.head(of: "C-2") }
            }
            #expect(try log.importCases(good) == 10)
        }
    }

    @Test func backdatingIsRefusedOutsideAnImport() async throws {
        try await TestDatabase.withMigratedConnection { db in
            try CaseFixtures.openCase(db)
            let log = CaseLog(connection: db)
            // A modified client stamps its own times: a year back, a day ahead.
            for occurredAt in [CaseFixtures.opened.adding(years: -1), CaseFixtures.opened.adding(days: 1)] {
                let refused = try #require(throws: StoreError.self) {
                    try log.append(
                        caseID: "C-1", expectedVersion: 0,
                        events: [NewEvent(type: "a", actor: "sam", occurredAt: occurredAt)], definitionHash: "d",
                        projection: CaseFixtures.projection)
                }
                #expect(refused.code == .clockMismatch)
            }
            // Marking the events imported does not help on a case opened live.
            let imported = try #require(throws: StoreError.self) {
                try log.importHistory(
                    caseID: "C-1", expectedVersion: 0,
                    events: [NewEvent(type: "a", actor: "sam", occurredAt: CaseFixtures.opened.adding(years: -1))],
                    definitionHash: "d", projection: CaseFixtures.projection)
            }
            #expect(imported.code == .clockMismatch)
            #expect(try log.head(of: "C-1").version == 0)
            // Nor a case opened in the past without being imported, nor one opened in the future even if imported.
            for (day, isImported) in [(-30, false), (30, true)] {
                let opened = try #require(throws: StoreError.self) {
                    try log.createCase(
                        NewCase(
                            caseID: "C-\(day)", organisationID: "org-1", workflow: CaseFixtures.workflow,
                            framework: CaseFixtures.framework, openedAt: CaseFixtures.opened.adding(days: Int64(day)),
                            imported: isImported),
                        projection: CaseFixtures.projection)
                }
                #expect(opened.code == .clockMismatch)
            }
            // History imported into an imported case cannot follow live events.
            try CaseFixtures.openCase(db, caseID: "C-9", imported: true)
            try log.append(
                caseID: "C-9", expectedVersion: 0, events: [CaseFixtures.event("a")], definitionHash: "d",
                projection: CaseFixtures.projection)
            let afterLive = try #require(throws: StoreError.self) {
                try log.importHistory(
                    caseID: "C-9", expectedVersion: 1, events: [CaseFixtures.event("b")], definitionHash: "d",
                    projection: CaseFixtures.projection)
            }
            #expect(afterLive.code == .clockMismatch)
        }
    }
}
