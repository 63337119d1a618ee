import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing
import Workflows

/// History, replay as at a point, migration checks, and offline bundles, over a case driven through the desk.
struct AuditTrailTests {
    /// Takes C-1 to evidence, uploads two files, and returns the time of the last event.
    static func withEvidence(_ desk: CaseDesk, dir: String) throws -> Instant {
        var time = try CaseDeskTests.toEvidence(desk)
        for (index, criterion) in ["SL-1.1", "SL-1.2"].enumerated() {
            time = time.adding(microseconds: 60_000_000)
            let file = dir + "/e\(index).txt"
            try TestFiles.write(Array("Evidence for \(criterion)\n".utf8), to: file)
            try desk.uploadEvidence("C-1", file: file, criterion: criterion, by: "ann", at: time)
        }
        return time
    }

    @Test func historyShowsActorsRolesStatesEvidenceAndDeadlines() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try Self.withEvidence(desk, dir: dir)
                let history = try desk.history("C-1")
                #expect(history.map(\.seq) == Array(1...8))
                let submit = try #require(history.first)
                #expect(submit.event == "application.submit")
                #expect(submit.actor == "ann" && submit.roles == ["applicant"])
                #expect(!submit.exited.isEmpty && !submit.entered.isEmpty)
                #expect(Set(submit.exited).isDisjoint(with: submit.entered))
                #expect(history.contains { !$0.deadlinesSet.isEmpty })
                let upload = history[6]
                #expect(upload.event == "evidence.upload" && upload.evidence == ["E-1"])
                #expect(upload.summary.contains("criterion=SL-1.1"))

                let filtered = try desk.history("C-1", filter: HistoryFilter(actor: "sec"))
                #expect(filtered.map(\.seq) == [2, 3, 4, 5, 6])
                #expect(try desk.history("C-1", filter: HistoryFilter(event: "evidence.upload")).count == 2)
                let late = try desk.history("C-1", filter: HistoryFilter(since: history[6].occurredAt))
                #expect(late.map(\.seq) == [7, 8])
                let early = try desk.history("C-1", filter: HistoryFilter(until: history[0].occurredAt))
                #expect(early.map(\.seq) == [1])
            }
        }
    }

    @Test func historyShowsDeadlinesFiredAndCancelled() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                var time = try Self.withEvidence(desk, dir: dir)
                time = time.adding(microseconds: 100 * 86_400_000_000)
                #expect(try desk.fireDueTimers(at: time, caseID: "C-1").map(\.event) == ["deadline.evidence"])
                try desk.fire("C-1", event: "evidence.extend", by: "sec", at: time)
                try desk.fire("C-1", event: "case.withdraw", by: "sec", at: time)
                let history = try desk.history("C-1")
                let fired = try #require(history.first { $0.event == "deadline.evidence" })
                #expect(fired.actor == "system" && fired.roles == ["system"])
                #expect(fired.deadlinesFired == ["deadline.evidence"] && fired.deadlinesCancelled.isEmpty)
                #expect(fired.exited == ["evidence-open"] && fired.entered == ["evidence-lapsed"])
                let extended = try #require(history.first { $0.event == "evidence.extend" })
                #expect(extended.deadlinesSet.count == 1 && extended.deadlinesSet[0].hasPrefix("deadline.evidence@"))
                let withdrawn = try #require(history.last)
                #expect(withdrawn.deadlinesCancelled == ["deadline.evidence"])
                #expect(try desk.replay("C-1").projectionDifferences.isEmpty)
            }
        }
    }

    @Test func replayAsAtShowsTheCaseAsItStoodAndTheFullReplayMatches() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try Self.withEvidence(desk, dir: dir)
                let full = try desk.replay("C-1")
                #expect(!full.isTruncated && full.throughSeq == 8)
                #expect(full.projectionDifferences.isEmpty)
                #expect(full.state.record.evidence.keys.sorted() == ["E-1", "E-2"])

                let history = try desk.history("C-1")
                let atFive = try desk.replay("C-1", limit: .through(7))
                #expect(atFive.isTruncated && atFive.throughSeq == 7)
                #expect(atFive.state.record.evidence.keys.sorted() == ["E-1"])
                let asAt = try desk.replay("C-1", limit: .asAt(history[6].occurredAt))
                #expect(asAt.throughSeq == 7)
                #expect(asAt.state.snapshot.configuration == atFive.state.snapshot.configuration)
                let beforeAll = try desk.replay("C-1", limit: .asAt(DeskFixtures.start))
                #expect(beforeAll.throughSeq == 0 && beforeAll.steps.isEmpty)
                #expect(
                    try desk.replay("C-1", limit: .through(2)).steps.map(\.event) == [
                        "application.submit", "application.accept",
                    ])

                try db.execute("UPDATE cases SET status = 'awarded', configuration = '{awarded}' WHERE case_id = 'C-1'")
                let edited = try desk.replay("C-1")
                #expect(edited.projectionDifferences.count == 2)
                #expect(try desk.replay("C-1", limit: .through(3)).projectionDifferences.isEmpty)
            }
        }
    }

    @Test func migrationCheckFindsTheFirstDifferentEventAndRemovedStates() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try Self.withEvidence(desk, dir: dir)
                let path = DeskFixtures.repository + "Definitions/workflows/patient-safety-accreditation.scxml"
                let same = try desk.migrationCheck("C-1", workflow: try SCXMLLoader.load(fileAt: path))
                #expect(same.firstDifference == nil && same.removedStates.isEmpty && same.eventsCompared == 8)

                // A version that drops the eligibility step's state id: renamed states are reported, and the first
                // event that reaches it is handled differently or rejected.
                let source = try String(contentsOfFile: path, encoding: .utf8)
                let renamed = source.replacingOccurrences(of: "\"eligibility\"", with: "\"eligibility-check\"")
                    .replacingOccurrences(of: "'eligibility'", with: "'eligibility-check'")
                #expect(renamed != source)
                let document = try SCXMLLoader.load(Array(renamed.utf8), file: "v2.scxml")
                let check = try desk.migrationCheck("C-1", workflow: document)
                #expect(check.removedStates.contains("eligibility"))
                #expect(check.firstDifference != nil)
                #expect(!check.isCompatible)

                // Named as renamed, the same version is compatible: every configuration matches with the old name
                // replaced, and no state is missing.
                let mapped = try desk.migrationCheck(
                    "C-1", workflow: document, states: ["eligibility": "eligibility-check"])
                #expect(mapped.firstDifference == nil)
                #expect(mapped.removedStates.isEmpty)
                #expect(mapped.isCompatible && mapped.eventsCompared == 8)
                #expect(mapped.mappedStates == ["eligibility": "eligibility-check"])

                // The same states with the evidence deadline a month shorter: the case's date would move, which the
                // check reports as a difference at the event that set it.
                let shorter = source.replacingOccurrences(
                    of: "event=\"deadline.evidence\" delay=\"P90D\"", with: "event=\"deadline.evidence\" delay=\"P60D\""
                )
                #expect(shorter != source)
                let moved = try desk.migrationCheck(
                    "C-1", workflow: try SCXMLLoader.load(Array(shorter.utf8), file: "shorter.scxml"))
                let difference = try #require(moved.firstDifference)
                #expect(difference.deadlines?.pinned.contains { $0.hasPrefix("deadline.evidence@") } == true)
                #expect(difference.deadlines?.pinned != difference.deadlines?.new)
                #expect(!moved.isCompatible)

                // A mapping that cannot be one is refused, with what is wrong.
                for (states, says) in [
                    (["nowhere": "eligibility-check"], "has no state nowhere"),
                    (["draft": "eligibility-check"], "still has the state draft"),
                    (["eligibility": "nowhere"], "has no state nowhere for eligibility"),
                ] {
                    #expect {
                        try desk.migrationCheck("C-1", workflow: document, states: states)
                    } throws: { error in
                        guard let refusal = error as? CaseRefusal else { return false }
                        return refusal.rule == "migration.mapping" && refusal.message.contains(says)
                    }
                }
                // Two states onto one: a renaming, not a merge.
                let merged = renamed.replacingOccurrences(of: "\"draft\"", with: "\"drafting\"")
                    .replacingOccurrences(of: "'draft'", with: "'drafting'")
                #expect(merged != renamed)
                let twice = try SCXMLLoader.load(Array(merged.utf8), file: "v3.scxml")
                #expect {
                    try desk.migrationCheck(
                        "C-1", workflow: twice,
                        states: ["eligibility": "eligibility-check", "draft": "eligibility-check"])
                } throws: { ($0 as? CaseRefusal)?.message.contains("would all become") == true }
            }
        }
    }

    @Test func aBundleVerifiesOfflineAndEveryTamperingIsFound() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try Self.withEvidence(desk, dir: dir)
                _ = try CaseDeskTests.toEvidence(desk, "C-2")
                let key = try SigningKey.create(home: dir + "/home")
                _ = try CheckpointLog(connection: db).publish(key: key, at: time)

                let bundle = try desk.exportBundle("C-1", withFiles: true)
                #expect(bundle.checkpoint?.head.version == 8)
                #expect(bundle.evidence.allSatisfy { $0.content != nil })
                let parsed = try CaseBundle.parse(bundle.fileText)
                #expect(parsed == bundle)
                #expect(BundleVerifier.verify(parsed, trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
                #expect(
                    BundleVerifier.verify(parsed, trusting: TrustedKeys(publicKeys: [[UInt8](repeating: 1, count: 32)]))
                        .map(\.kind) == [
                            .checkpointSignature
                        ])

                var actor = parsed
                actor.events[2].envelope.actor = "mallory"
                #expect(
                    BundleVerifier.verify(actor, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind)
                        .contains(.hashMismatch))

                var file = parsed
                file.evidence[0].content = Array("forged\n".utf8)
                #expect(
                    BundleVerifier.verify(file, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind) == [
                        .evidenceCorrupt
                    ])

                var dropped = parsed
                dropped.evidence.removeFirst()
                #expect(
                    BundleVerifier.verify(dropped, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind) == [
                        .evidenceMissing
                    ])

                var source = parsed
                source.workflow.source += "\n"
                #expect(
                    BundleVerifier.verify(source, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind)
                        .contains(.definitionSource))

                var proof = parsed
                proof.checkpoint?.rootHash[0] ^= 1
                let proofKinds = BundleVerifier.verify(proof, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(
                    \.kind)
                #expect(proofKinds.contains(.checkpointSignature) && proofKinds.contains(.checkpointInclusion))

                var projection = parsed
                projection.projection.status = "awarded"
                #expect(
                    BundleVerifier.verify(projection, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind)
                        == [.projectionDiffers])

                // A whole tail rewritten and re-hashed consistently: only the checkpoint catches it.
                var rewritten = parsed
                rewritten.events[4].envelope.occurredAt = rewritten.events[4].envelope.occurredAt.adding(
                    microseconds: 1)
                var previous = rewritten.events[3].hash
                for index in 4..<rewritten.events.count {
                    rewritten.events[index].previousHash = previous
                    rewritten.events[index].hash = HashChain.hash(
                        previous: previous, envelope: rewritten.events[index].envelope)
                    previous = rewritten.events[index].hash
                }
                rewritten.headHash = previous
                #expect(
                    BundleVerifier.verify(rewritten, trusting: TrustedKeys(publicKeys: [key.publicKey])).map(\.kind)
                        == [.checkpointHead])

                let bare = try desk.exportBundle("C-1", withFiles: false)
                #expect(bare.evidence.allSatisfy { $0.content == nil })
                #expect(BundleVerifier.verify(bare, trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
            }
        }
    }
}
