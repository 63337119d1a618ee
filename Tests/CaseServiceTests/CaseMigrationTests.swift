import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing
import Workflows

@testable import CaseService

/// Moving a running case to another version of its workflow: the move, what it refuses, and the attacks on it (a
/// repin without its event, a forged migration, a bundle without the old version, a move that dies half way).
struct CaseMigrationTests {
    /// The shipped workflow's source.
    static func shippedSource() throws -> String {
        try String(
            contentsOfFile: DeskFixtures.repository + "Definitions/workflows/patient-safety-accreditation.scxml",
            encoding: .utf8)
    }

    /// The shipped workflow as version `version`, with the eligibility state renamed `eligibility-check` and, when
    /// `evidenceDelay` is given, another time for the evidence deadline.
    static func version(_ version: String, evidenceDelay: String? = nil) throws -> String {
        let source = try shippedSource()
        var changed = source.replacingOccurrences(of: "acc:version=\"1\"", with: "acc:version=\"\(version)\"")
            .replacingOccurrences(of: "\"eligibility\"", with: "\"eligibility-check\"")
            .replacingOccurrences(of: "'eligibility'", with: "'eligibility-check'")
        if let evidenceDelay {
            changed = changed.replacingOccurrences(
                of: "event=\"deadline.evidence\" delay=\"P90D\"",
                with: "event=\"deadline.evidence\" delay=\"\(evidenceDelay)\"")
        }
        #expect(changed != source)
        return changed
    }

    /// Publishes a version of the workflow as the secretariat.
    static func publish(_ source: String, _ desk: CaseDesk) throws -> DefinitionReference {
        let (identity, _) = try desk.publishWorkflow(
            Array(source.utf8), file: "candidate.scxml", framework: nil, by: "sec")
        return DefinitionReference(name: identity.name, version: identity.version)
    }

    static let renamed = ["eligibility": "eligibility-check"]

    /// Every move C-1 at the evidence stage cannot make, with version 2 published.
    static func expectRefusals(_ desk: CaseDesk, _ v2: DefinitionReference) throws {
        let shorter = try Self.publish(try Self.version("3", evidenceDelay: "P60D"), desk)
        Self.refused("migration.incompatible", saying: "deadlines") {
            _ = try desk.migrate("C-1", to: shorter, states: Self.renamed, by: "sec")
        }
        Self.refused("migration.incompatible", saying: "eligibility-check") {
            _ = try desk.migrate("C-1", to: v2, by: "sec")
        }
        Self.refused("migration.mapping", saying: "has no state nowhere") {
            _ = try desk.migrate("C-1", to: v2, states: ["nowhere": "eligibility-check"], by: "sec")
        }
        // A renaming cannot merge a state into one the old version already has (it would no longer be one to one).
        Self.refused("migration.mapping", saying: "would merge into it") {
            _ = try desk.migrate("C-1", to: v2, states: ["eligibility": "draft"], by: "sec")
        }
        Self.refused("migration.same-version", saying: "already runs on") {
            _ = try desk.migrate("C-1", to: DeskFixtures.workflow, by: "sec")
        }
        Self.refused("migration.workflow", saying: "another version of it") {
            _ = try desk.migrate(
                "C-1", to: DefinitionReference(name: "other-workflow", version: "1"), by: "sec")
        }
        for person in ["lee", "dana", "aud", "ann"] {
            Self.refused("access.cases.migrate", saying: "may not move cases") {
                _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: person)
            }
        }
        // Nobody sends the event itself, whatever the workflow offers.
        Self.refused("migration.reserved", saying: "never sent as an event") {
            try desk.fire("C-1", event: "case.migrate", data: Value.object([:]), by: "sec")
        }
        let unpublished = DefinitionReference(name: v2.name, version: "9")
        #expect(
            (Self.thrown { _ = try desk.migrate("C-1", to: unpublished, states: Self.renamed, by: "sec") }
                as? StoreError)?.code == .definitionNotPublished)
        #expect(
            (Self.thrown {
                _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec", expectedVersion: 7)
            } as? StoreError)?.code == .conflict)
        #expect(
            (Self.thrown { _ = try desk.migrate("C-404", to: v2, by: "sec") } as? StoreError)?.code == .caseNotFound)

    }

    /// Expects `move` to be refused by `rule`, with `words` in the message.
    static func refused(
        _ rule: String, saying words: String, _ move: () throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let refusal = thrown(move) as? CaseRefusal
        #expect(
            refusal?.rule == rule && refusal?.message.contains(words) == true, "\(String(describing: refusal))",
            sourceLocation: sourceLocation)
    }

    /// C-1's move to `target` as the desk would record it, for an insider to append past the desk: the move, the
    /// head it follows and the new version's definitions.
    static func forgedMove(_ owner: CaseDesk, to target: DefinitionReference, states: [String: String]) throws -> (
        migration: CaseMigration, head: CaseHead, definitions: CaseDefinitions
    ) {
        let head = try owner.log.head(of: "C-1")
        let pinned = try owner.load("C-1").definitions
        let definitions = try owner.definitions(workflow: target, framework: head.framework)
        let migration = CaseMigration(
            from: CaseMigration.Version(
                name: head.workflow.name, version: head.workflow.version, sha256: pinned.workflow.sha256),
            to: CaseMigration.Version(name: target.name, version: target.version, sha256: definitions.workflow.sha256),
            states: states)
        return (migration, head, definitions)
    }

    /// Appends a `case.migrate` with `payload` to C-1 through `log`, by `actor`, with `also` in its transaction.
    static func appendMove(
        _ log: CaseLog, after head: CaseHead, payload: Value, by actor: String, definitions: CaseDefinitions,
        at time: Instant, also: [PostgresStatement]
    ) throws {
        try log.append(
            caseID: "C-1", expectedVersion: head.version, expectedHead: head.headHash,
            events: [NewEvent(type: "case.migrate", actor: actor, occurredAt: time, payload: payload)],
            definitionHash: definitions.definitionHash, projection: head.projection, alsoStatements: also)
    }

    /// What `body` throws, or nil.
    static func thrown(_ body: () throws -> Void) -> (any Error)? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    /// A store with C-1 at the evidence stage (two uploads, 8 events) and version 2 published; `body` gets the
    /// owner's desk, a desk on the application role's own connection (as the server runs), its connection, and the
    /// owner's connection.
    static func withCase(
        _ body: (
            _ owner: CaseDesk, _ app: CaseDesk, _ appDB: PostgresConnection, _ ownerDB: PostgresConnection,
            _ v2: DefinitionReference, _ dir: String, _ time: Instant
        ) async throws -> Void
    ) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withApplicationRole { ownerDB, application in
                let owner = try DeskFixtures.desk(ownerDB, blobs: dir + "/blobs")
                let time = try AuditTrailTests.withEvidence(owner, dir: dir)
                let v2 = try Self.publish(try Self.version("2"), owner)
                let appDB = try PostgresConnection(conninfo: application)
                let app = CaseDesk(connection: appDB, blobs: try BlobStore(root: dir + "/blobs"))
                try await body(owner, app, appDB, ownerDB, v2, dir, time)
            }
        }
    }

    /// The audit's findings for the case, named and in the whole-store pass.
    static func findings(_ desk: CaseDesk, _ caseID: String = "C-1") throws -> (
        named: [AuditFinding], all: [AuditFinding]
    ) {
        let audit = ReplayAudit(desk: desk)
        return (
            try audit.run(.cases([caseID])).findings,
            try audit.run(.all).findings.filter { $0.caseID == caseID }
        )
    }

    @Test func aRenamedStateIsMovedAndTheCaseGoesOnUnderTheNewVersion() async throws {
        try await Self.withCase { owner, desk, _, _, v2, dir, start in
            var time = start
            let before = try desk.load("C-1")
            let timersBefore = before.state.snapshot.pendingTimers.map { "\($0.event.name)@\($0.due.iso8601)" }

            let moved = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec")
            #expect(moved.check.isCompatible && moved.check.eventsCompared == 8)
            #expect(moved.migration.from.label == "patient-safety-accreditation@1")
            #expect(moved.migration.to.label == "patient-safety-accreditation@2")
            let event = try #require(moved.outcome.events.last)
            #expect(event.envelope.seq == 9 && event.envelope.type == "case.migrate" && event.envelope.actor == "sec")
            #expect(CaseMigration(payload: event.envelope.payload) == moved.migration)

            let head = try desk.log.head(of: "C-1")
            #expect(head.workflow == v2 && head.pinnedSince == 9 && head.version == 9)
            let loaded = try desk.load("C-1")
            #expect(loaded.definitions.workflow.reference == v2)
            #expect(loaded.state.snapshot.configuration == before.state.snapshot.configuration)
            // The same deadlines, delivered from the new version's rows.
            #expect(
                loaded.state.snapshot.pendingTimers.map { "\($0.event.name)@\($0.due.iso8601)" } == timersBefore)
            #expect(try desk.loadFullReplay("C-1").state.record == loaded.state.record)
            let (named, all) = try Self.findings(desk)
            #expect(named.isEmpty, "\(named)")
            #expect(all.isEmpty, "\(all)")

            // The case goes on under the new version: another upload, then the evidence deadline falls due.
            time = time.adding(microseconds: 60_000_000)
            try TestFiles.write(Array("More evidence\n".utf8), to: dir + "/more.txt")
            try owner.travel(to: time)
            try desk.uploadEvidence("C-1", file: dir + "/more.txt", criterion: "SL-2.1", item: 1, by: "ann")
            try owner.travel(to: time.adding(microseconds: 91 * 86_400 * 1_000_000))
            let delivered = try desk.fireDueTimers(caseID: "C-1")
            #expect(delivered.map(\.event).contains("deadline.evidence"))
            let after = try Self.findings(desk)
            #expect(after.named.isEmpty, "\(after.named)")
            #expect(after.all.isEmpty, "\(after.all)")

            // History names the move; replay as at a seq before it folds under the new version too.
            #expect(
                try desk.history("C-1").contains {
                    $0.event == "case.migrate" && $0.actor == "sec"
                        && $0.summary == "version 1 -> 2 eligibility=eligibility-check"
                })
            let early = try desk.replay("C-1", limit: .through(3))
            #expect(early.throughSeq == 3 && early.definitions.workflow.reference == v2)

            // Moving back to version 1 (the renaming reversed) is a move like any other.
            let back = try desk.migrate(
                "C-1", to: DeskFixtures.workflow, states: ["eligibility-check": "eligibility"], by: "sec")
            #expect(back.migration.to.label == "patient-safety-accreditation@1")
            #expect(try desk.log.head(of: "C-1").pinnedSince == back.outcome.events.last?.envelope.seq)
            let twice = try Self.findings(owner)
            #expect(twice.named.isEmpty, "\(twice.named)")
            #expect(twice.all.isEmpty, "\(twice.all)")
        }
    }

    @Test func whatCannotBeMovedIsRefusedAndNothingIsWritten() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try AuditTrailTests.withEvidence(desk, dir: dir)
                let v2 = try Self.publish(try Self.version("2"), desk)
                try Self.expectRefusals(desk, v2)
                let head = try desk.log.head(of: "C-1")
                #expect(head.version == 8 && head.workflow == DeskFixtures.workflow && head.pinnedSince == 0)
            }
        }
    }

    @Test func aMoveThatDiesHalfWayLeavesTheCaseAsItWas() async throws {
        try await Self.withCase { _, desk, appDB, ownerDB, v2, _, _ in
            let timers = try ownerDB.query("SELECT timer_id, due_at::text FROM timers WHERE case_id = 'C-1' ORDER BY 1")
                .map { try [$0[0].string(), $0[1].string()] }
            // The desk's database connection is killed between the decision and the append (as a server killed
            // then would lose it): nothing of the move is stored.
            let pid = try appDB.query("SELECT pg_backend_pid()")[0][0].int()
            desk.retryPolicy = RetryPolicy(attempts: 1)
            desk.beforeAppend = { _ in
                _ = try ownerDB.query("SELECT pg_terminate_backend($1::int)", [.int(pid)])
            }
            #expect(Self.thrown { _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec") } != nil)
            let head = try CaseLog(connection: ownerDB).head(of: "C-1")
            #expect(head.version == 8 && head.workflow == DeskFixtures.workflow && head.pinnedSince == 0)
            #expect(
                try ownerDB.query("SELECT timer_id, due_at::text FROM timers WHERE case_id = 'C-1' ORDER BY 1")
                    .map { try [$0[0].string(), $0[1].string()] } == timers)
            #expect(try ownerDB.query("SELECT count(*) FROM snapshots WHERE case_id = 'C-1'")[0][0].int() == 0)
        }
    }

    @Test func twoMovesAtOnceMoveTheCaseOnce() async throws {
        try await Self.withCase { owner, desk, _, _, v2, _, _ in
            // Between this move's decision and its append, another administrator's desk moves the case: this one
            // loses the race, is decided again on the moved case, and is refused as already done.
            desk.beforeAppend = { _ in
                desk.beforeAppend = nil
                _ = try owner.migrate("C-1", to: v2, states: Self.renamed, by: "sec")
            }
            let refusal = Self.thrown { _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec") }
            #expect((refusal as? CaseRefusal)?.rule == "migration.same-version", "\(String(describing: refusal))")
            let events = try owner.log.events(of: "C-1")
            #expect(events.filter { $0.envelope.type == "case.migrate" }.count == 1)
            #expect(try owner.log.head(of: "C-1").pinnedSince == 9)
        }
    }

    @Test func theStoreRefusesARepinWithoutItsEventAndAnEventWithoutItsRepin() async throws {
        try await Self.withCase { owner, _, appDB, _, v2, _, time in
            let log = CaseLog(connection: appDB)
            let head = try log.head(of: "C-1")
            // The application role may now update the pin, but only with the event that records it.
            for statement in [
                "UPDATE cases SET workflow_version = '2' WHERE case_id = 'C-1'",
                "UPDATE cases SET workflow_version = '2', pinned_since = 8 WHERE case_id = 'C-1'",
                "UPDATE cases SET pinned_since = 3 WHERE case_id = 'C-1'",
            ] {
                #expect(Self.thrown { try appDB.execute(statement) } != nil, "\(statement)")
            }
            let (migration, _, v2Definitions) = try Self.forgedMove(owner, to: v2, states: Self.renamed)
            func append(_ also: [PostgresStatement]) throws {
                try Self.appendMove(
                    log, after: head, payload: migration.payload, by: "sec", definitions: v2Definitions, at: time,
                    also: also)
            }
            // An event without its repin, a repin to another version than the event names, one since another seq.
            let version1 = DefinitionReference(name: v2.name, version: "1")
            #expect(Self.thrown { try append([]) } != nil)
            #expect(
                Self.thrown { try append([CaseLog.repinStatement(caseID: "C-1", workflow: version1, since: 9)]) } != nil
            )
            #expect(Self.thrown { try append([CaseLog.repinStatement(caseID: "C-1", workflow: v2, since: 8)]) } != nil)
            let after = try log.head(of: "C-1")
            #expect(after.version == 8 && after.workflow == head.workflow && after.pinnedSince == 0)
        }
    }

    @Test func theAuditFindsAForgedMigrationAndEventsUnderOtherDefinitions() async throws {
        try await Self.withCase { owner, _, appDB, _, v2, _, time in
            let shorter = try Self.publish(try Self.version("3", evidenceDelay: "P60D"), owner)
            let log = CaseLog(connection: appDB)
            // An insider with the application's login records a move the desk would refuse (the new version
            // moves the evidence deadline), consistently enough for the store's triggers, and sent by the applicant.
            let (migration, head, v3) = try Self.forgedMove(owner, to: shorter, states: Self.renamed)
            try Self.appendMove(
                log, after: head, payload: migration.payload, by: "ann", definitions: v3, at: time,
                also: [CaseLog.repinStatement(caseID: "C-1", workflow: shorter, since: 9)])
            for findings in [try Self.findings(owner).named, try Self.findings(owner).all] {
                let kinds = Set(findings.map(\.kind))
                #expect(kinds.contains(.migrationDiffers), "\(findings)")
                #expect(findings.contains { $0.kind == .actorNotAllowed && $0.actual == "access.migrate" })
            }

            // Events of another case appended under other definitions than its pin: found, once per run.
            _ = try CaseDeskTests.toEvidence(owner, "C-2")
            let other = try log.head(of: "C-2")
            try log.append(
                caseID: "C-2", expectedVersion: other.version, expectedHead: other.headHash,
                events: [NewEvent(type: "evidence.upload", actor: "ann", occurredAt: time, payload: .null)],
                definitionHash: v2.version, projection: other.projection)
            let hashes = try Self.findings(owner, "C-2").named.filter { $0.kind == .definitionSource }
            #expect(hashes.map(\.seq) == [other.version + 1], "\(hashes)")
        }
    }

    @Test func aForgedMoveWithAMergingMappingIsFound() async throws {
        try await Self.withCase { owner, _, appDB, _, v2, _, time in
            // The desk refuses this mapping; recorded past it, the states would compare alike (eligibility is never
            // active now), so only the audit's own check of the mapping finds it.
            let (migration, head, v2Definitions) = try Self.forgedMove(owner, to: v2, states: ["eligibility": "draft"])
            try Self.appendMove(
                CaseLog(connection: appDB), after: head, payload: migration.payload, by: "sec",
                definitions: v2Definitions, at: time,
                also: [CaseLog.repinStatement(caseID: "C-1", workflow: v2, since: 9)])
            let (named, all) = try Self.findings(owner)
            for findings in [named, all] {
                #expect(
                    findings.contains { $0.kind == .migrationDiffers && $0.actual.contains("would merge") },
                    "\(findings)")
            }
        }
    }

    @Test func aMalformedMoveIsFoundAndTheSendersBeforeItAreStillChecked() async throws {
        try await Self.withCase { owner, _, appDB, ownerDB, v2, _, time in
            let (migration, head, v2Definitions) = try Self.forgedMove(owner, to: v2, states: Self.renamed)
            // The store's triggers read only the names and versions: a fourth member passes them, but the event is
            // no migration, so nothing before it may count as judged by an earlier version.
            guard case .object(var payload) = migration.payload else {
                Issue.record("a migration's data is an object")
                return
            }
            payload["note"] = "extra"
            try Self.appendMove(
                CaseLog(connection: appDB), after: head, payload: .object(payload), by: "sec",
                definitions: v2Definitions, at: time,
                also: [CaseLog.repinStatement(caseID: "C-1", workflow: v2, since: 9)])
            // And an earlier event's sender rewritten to the other organisation's applicant.
            try Insider(ownerDB).rewrite("C-1", from: 1) { envelope in
                if envelope.seq == 1 { envelope.actor = "hal" }
            }
            let (named, all) = try Self.findings(owner)
            for findings in [named, all] {
                #expect(
                    findings.contains { $0.kind == .replayRejected && $0.actual == "migration.malformed" },
                    "\(findings)")
                #expect(findings.contains { $0.kind == .migrationDiffers && $0.actual == "pinned since seq 9" })
                #expect(findings.contains { $0.kind == .actorNotAllowed && $0.seq == 1 }, "\(findings)")
            }
        }
    }

    @Test func fiftyMovesBackAndForthAreAuditedAndAFiftyFirstIsRefused() async throws {
        try await Self.withCase { owner, desk, _, _, v2, _, _ in
            let back = ["eligibility-check": "eligibility"]
            for move in 0..<MigrationAudit.limit {
                let even = move.isMultiple(of: 2)
                _ = try desk.migrate(
                    "C-1", to: even ? v2 : DeskFixtures.workflow, states: even ? Self.renamed : back, by: "sec")
            }
            Self.refused("migration.limit", saying: "50 times") {
                _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec")
            }
            let (named, all) = try Self.findings(owner)
            #expect(named.isEmpty, "\(named)")
            #expect(all.isEmpty, "\(all)")
        }
    }

    @Test func aMigratedCasesBundleCarriesItsEarlierVersionAndVerifiesOffline() async throws {
        try await Self.withCase { owner, desk, _, ownerDB, v2, dir, time in
            _ = try desk.migrate("C-1", to: v2, states: Self.renamed, by: "sec")
            let key = try SigningKey.create(home: dir + "/home")
            _ = try CheckpointLog(connection: ownerDB).publish(key: key, at: time)
            let trusted = TrustedKeys(publicKeys: [key.publicKey])
            let bundle = try owner.exportBundle("C-1", withFiles: false)
            #expect(bundle.earlierWorkflows.map(\.version) == ["1"])
            let parsed = try CaseBundle.parse(bundle.fileText)
            #expect(parsed == bundle)
            #expect(BundleVerifier.verify(parsed, trusting: trusted).isEmpty)

            // Without the earlier version, the move cannot be checked; with its source changed, neither.
            var without = parsed
            without.earlierWorkflows = []
            #expect(BundleVerifier.verify(without, trusting: trusted).map(\.kind) == [.migrationDiffers])
            var changed = parsed
            changed.earlierWorkflows[0].source += "\n"
            let kinds = BundleVerifier.verify(changed, trusting: trusted).map(\.kind)
            #expect(kinds.contains(.definitionSource) && kinds.contains(.migrationDiffers))
        }
    }
}
