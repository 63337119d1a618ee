import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

@testable import CaseService

/// Concurrent writers on one case: a write that loses a race is decided again on the changed case and retried
/// (``RetryPolicy``), a refusal on the changed case is a refusal, and only a pinned version or exhausted attempts
/// give a conflict.
@Suite(.serialized) struct WriteRetryTests {
    static let rating: Value = ["criterion": "SL-1.1", "rating": "met"]

    /// A store with C-1 at the evidence stage, and a desk on it; `body` gets the connection string to open more.
    static func withCase(_ body: (CaseDesk, String, String) async throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withDatabase { conninfo in
                let db = try PostgresConnection(conninfo: conninfo)
                try Migrator(connection: db).migrate()
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                // Carl rates beside Alice here.
                try desk.fire("C-1", event: "team.assign", data: ["person": "carl"], by: "sec", at: time)
                try await body(desk, conninfo, dir)
            }
        }
    }

    /// Another desk on the same store, with its own connection.
    static func desk(_ conninfo: String, _ dir: String) throws -> CaseDesk {
        CaseDesk(connection: try PostgresConnection(conninfo: conninfo), blobs: try BlobStore(root: dir + "/blobs"))
    }

    /// Uploads one file per criterion and submits the evidence, so the case is in desk review.
    static func toReview(_ desk: CaseDesk, _ dir: String) throws -> [String] {
        let criteria = try desk.load("C-1").definitions.machine.framework.criteria.map(\.id)
        for criterion in criteria {
            try TestFiles.write(Array("Evidence for \(criterion)\n".utf8), to: dir + "/\(criterion).txt")
            try desk.uploadEvidence("C-1", file: dir + "/\(criterion).txt", criterion: criterion, item: 1, by: "ann")
        }
        try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt")
        try desk.fire("C-1", event: "evidence.submit", by: "ann")
        return criteria
    }

    /// Runs `work(writer)` on `count` threads at once, each with its own desk, and returns what each returned.
    static func concurrently<T: Sendable>(
        _ count: Int, conninfo: String, dir: String, _ work: @escaping @Sendable (Int, CaseDesk) throws -> T
    ) throws -> [T] {
        let results = Collected<Result<T, any Error>>()
        let group = DispatchGroup()
        let desks = try (0..<count).map { _ in try Self.desk(conninfo, dir) }
        let boxes = desks.map(DeskBox.init)
        for writer in 0..<count {
            group.enter()
            let box = boxes[writer]
            let thread = Thread {
                results.append(Result { try work(writer, box.desk) })
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return try results.all.map { try $0.get() }
    }

    @Test func eightConcurrentUploadersOnOneCaseAllSucceedOnce() async throws {
        try await Self.withCase { desk, conninfo, dir in
            let before = try desk.log.head(of: "C-1").version
            let followUps = CountingFollowUp()
            let perWriter = 4
            for writer in 0..<8 {
                for index in 0..<perWriter {
                    try TestFiles.write(Array("upload \(writer)-\(index)\n".utf8), to: dir + "/u\(writer)-\(index).txt")
                }
            }
            let attempts = try Self.concurrently(8, conninfo: conninfo, dir: dir) { writer, desk in
                desk.followUps = [followUps]
                return try (0..<perWriter).map { index in
                    try desk.uploadEvidence(
                        "C-1", file: dir + "/u\(writer)-\(index).txt", criterion: "SL-1.1", item: 1, by: "ann",
                        requestID: "up-\(writer)-\(index)"
                    ).1.attempts
                }
            }.flatMap { $0 }
            let writes = 8 * perWriter
            #expect(attempts.count == writes)
            #expect(followUps.count == writes)
            let events = try desk.log.events(of: "C-1")
            #expect(events.map(\.envelope.seq) == Array(1...(before + Int64(writes))))
            let requests = try PostgresConnection(conninfo: conninfo)
                .query("SELECT request_id FROM case_requests WHERE case_id = 'C-1'").map { try $0[0].string() }
            #expect(Set(requests).count == writes && requests.count == writes)
            let ids = try desk.evidence(of: "C-1", for: "sec").map(\.evidenceID)
            #expect(Set(ids) == Set((1...writes).map { "E-\($0)" }))
            #expect(try StoreAudit(checks: desk.auditChecks()).run(.all).isClean)
            print("retry[uploads] 8 writers × \(perWriter): \(attempts.reduce(0, +) - writes) retries")
        }
    }

    @Test func sixteenConcurrentRatersAndReviewersOnOneCaseAllSucceed() async throws {
        try await Self.withCase { desk, conninfo, dir in
            let criteria = try Self.toReview(desk, dir)
            let before = try desk.log.head(of: "C-1").version
            _ = try Self.concurrently(16, conninfo: conninfo, dir: dir) { writer, desk in
                let assessor = writer % 2 == 0 ? "alice" : "carl"
                for round in 0..<3 {
                    if writer % 4 == 3 {
                        // Each reviewer its own items: a second review of one item is refused (evidence.reviewed).
                        let evidence = "E-\((writer / 4) * 3 + round + 1)"
                        try desk.reviewEvidence(
                            "C-1", evidence: evidence, accept: true, reason: nil, by: assessor,
                            requestID: "rev-\(writer)-\(round)")
                    } else {
                        let criterion = criteria[(writer * 3 + round) % criteria.count]
                        try desk.fire(
                            "C-1", event: "review.rate", data: ["criterion": .string(criterion), "rating": "met"],
                            by: assessor, requestID: "rate-\(writer)-\(round)")
                    }
                }
            }
            let events = try desk.log.events(of: "C-1")
            #expect(events.map(\.envelope.seq) == Array(1...(before + 48)))
            #expect(events.suffix(48).allSatisfy { ["review.rate", "evidence.accept"].contains($0.envelope.type) })
            #expect(try StoreAudit(checks: desk.auditChecks()).run(.all).isClean)
        }
    }

    @Test func aLostRaceIsDecidedAgainAndFollowUpsRunOnce() async throws {
        try await Self.withCase { desk, conninfo, dir in
            let other = try Self.desk(conninfo, dir)
            let followUps = CountingFollowUp()
            desk.followUps = [followUps]
            var raced = 0
            desk.beforeAppend = { _ in
                guard raced == 0 else { return }
                raced += 1
                try TestFiles.write(Array("other\n".utf8), to: dir + "/other.txt")
                try other.uploadEvidence("C-1", file: dir + "/other.txt", criterion: "SL-1.1", item: 1, by: "ann")
            }
            try TestFiles.write(Array("mine\n".utf8), to: dir + "/mine.txt")
            let (record, outcome) = try desk.uploadEvidence(
                "C-1", file: dir + "/mine.txt", criterion: "SL-1.2", item: 1, by: "ann", requestID: "mine")
            #expect(outcome.attempts == 2)
            #expect(!outcome.repeated)
            #expect(record.evidenceID == "E-2")
            #expect(followUps.count == 1)
            #expect(try desk.log.event(forRequest: "mine", caseID: "C-1")?.envelope.seq == 9)
            #expect(try desk.evidence(of: "C-1", for: "sec").map(\.evidenceID) == ["E-1", "E-2"])
        }
    }

    @Test func aLostRaceWhoseRecheckRefusesIsTheRefusal() async throws {
        try await Self.withCase { desk, conninfo, dir in
            let other = try Self.desk(conninfo, dir)
            let criteria = try desk.load("C-1").definitions.machine.framework.criteria.map(\.id)
            for criterion in criteria {
                try TestFiles.write(Array("Evidence for \(criterion)\n".utf8), to: dir + "/\(criterion).txt")
                try desk.uploadEvidence(
                    "C-1", file: dir + "/\(criterion).txt", criterion: criterion, item: 1, by: "ann")
            }
            try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt")
            let before = try desk.log.head(of: "C-1").version
            // Between this upload's decision and its append, the evidence is submitted: uploads are closed.
            desk.beforeAppend = { _ in
                desk.beforeAppend = nil
                try other.fire("C-1", event: "evidence.submit", by: "ann")
            }
            try TestFiles.write(Array("late\n".utf8), to: dir + "/late.txt")
            let refusal = try #require(throws: CaseRefusal.self) {
                try desk.uploadEvidence("C-1", file: dir + "/late.txt", criterion: "SL-1.1", item: 1, by: "ann")
            }
            #expect(refusal.rule.hasPrefix("workflow."))
            #expect(try desk.log.head(of: "C-1").version == before + 1)
            #expect(try desk.log.events(of: "C-1").last?.envelope.type == "evidence.submit")
        }
    }

    @Test func exhaustedAttemptsGiveTheConflictWithTheCurrentVersion() async throws {
        try await Self.withCase { desk, conninfo, dir in
            _ = try Self.toReview(desk, dir)
            let other = try Self.desk(conninfo, dir)
            let followUps = CountingFollowUp()
            desk.followUps = [followUps]
            for attempts in [1, 3] {
                desk.retryPolicy = RetryPolicy(attempts: attempts, firstDelayMicroseconds: 0, locksLastAttempt: false)
                var raced = 0
                desk.beforeAppend = { _ in
                    raced += 1
                    try other.fire("C-1", event: "review.rate", data: Self.rating, by: "carl")
                }
                let conflict = try #require(throws: StoreError.self) {
                    try desk.fire(
                        "C-1", event: "review.rate", data: Self.rating, by: "alice", requestID: "r\(attempts)")
                }
                #expect(raced == attempts)
                #expect(conflict.code == .conflict)
                #expect(conflict.actualVersion == (try desk.log.head(of: "C-1").version))
                #expect(conflict.message.contains(attempts == 1 ? "the one attempt allowed" : "all 3 attempts"))
                #expect(conflict.message.contains("reload"))
                #expect(try desk.log.event(forRequest: "r\(attempts)", caseID: "C-1") == nil)
            }
            #expect(followUps.count == 0)
            #expect(try desk.log.events(of: "C-1").filter { $0.envelope.actor == "alice" }.isEmpty)
        }
    }

    @Test func theLastAttemptHoldsTheCaseLockAndCannotLose() async throws {
        try await Self.withCase { desk, conninfo, dir in
            _ = try Self.toReview(desk, dir)
            let other = try Self.desk(conninfo, dir)
            let followUps = CountingFollowUp()
            desk.followUps = [followUps]
            desk.retryPolicy = RetryPolicy(attempts: 3, firstDelayMicroseconds: 0)
            var raced = 0
            desk.beforeAppend = { _ in
                // The first two attempts lose; in the third (under the lock) another writer would wait for it.
                guard raced < 2 else { return }
                raced += 1
                try other.fire("C-1", event: "review.rate", data: Self.rating, by: "carl")
            }
            let outcome = try desk.fire("C-1", event: "review.rate", data: Self.rating, by: "alice", requestID: "r")
            #expect(outcome.attempts == 3)
            #expect(followUps.count == 1)
            #expect(
                try desk.log.event(forRequest: "r", caseID: "C-1")?.envelope.seq == outcome.events.first?.envelope.seq)
            #expect(try desk.log.head(of: "C-1").version == outcome.events.first?.envelope.seq)
        }
    }

    @Test func aPinnedVersionIsNeverRetried() async throws {
        try await Self.withCase { desk, conninfo, dir in
            _ = try Self.toReview(desk, dir)
            let other = try Self.desk(conninfo, dir)
            let version = try desk.log.head(of: "C-1").version

            // Already moved on when loaded.
            let stale = try #require(throws: StoreError.self) {
                try desk.fire("C-1", event: "review.rate", data: Self.rating, by: "alice", expectedVersion: version - 1)
            }
            #expect(stale.code == .conflict)
            #expect(stale.actualVersion == version)
            #expect(stale.message.contains("you expected \(version - 1)"))

            // Moved on between the load and the append: one attempt only.
            var raced = 0
            desk.beforeAppend = { _ in
                raced += 1
                try other.fire("C-1", event: "review.rate", data: Self.rating, by: "carl")
            }
            let lost = try #require(throws: StoreError.self) {
                try desk.fire("C-1", event: "review.rate", data: Self.rating, by: "alice", expectedVersion: version)
            }
            #expect(raced == 1)
            #expect(lost.code == .conflict)
            #expect(lost.actualVersion == version + 1)

            // At the pinned version: appended.
            desk.beforeAppend = nil
            let outcome = try desk.fire(
                "C-1", event: "review.rate", data: Self.rating, by: "alice", expectedVersion: version + 1)
            #expect(outcome.events.map(\.envelope.seq) == [version + 2])
        }
    }

    @Test func theStandardPolicyBacksOffWithFullJitterUpToItsCap() {
        let policy = RetryPolicy.standard
        #expect(policy.attempts == 8)
        #expect(
            (1...7).map { policy.delayCap(beforeRetry: $0) } == [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 100_000])
        #expect(policy.delayCap(beforeRetry: 80) == 100_000)
        var random = SystemRandomNumberGenerator()
        for retry in 1...10 {
            let delay = policy.delay(beforeRetry: retry, using: &random)
            #expect(delay >= 0 && delay <= policy.delayCap(beforeRetry: retry))
        }
        #expect(RetryPolicy(attempts: 0).attempts == 1)
        #expect(RetryPolicy.never.attempts == 1)
        #expect(RetryPolicy(attempts: 3, firstDelayMicroseconds: 0).delay(beforeRetry: 2, using: &random) == 0)
    }
}

/// A follow-up that counts the appends it ran after, from any thread.
final class CountingFollowUp: AppendFollowUp, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0

    var name: String { "counting" }

    func appended(_ outcome: Outcome, to before: OpenCase, desk: CaseDesk) throws {
        lock.lock()
        defer { lock.unlock() }
        calls += 1
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}

/// Values collected from several threads.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T] = []

    func append(_ value: T) {
        lock.lock()
        defer { lock.unlock() }
        values.append(value)
    }

    var all: [T] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

/// Hands a desk to the one thread that uses it.
final class DeskBox: @unchecked Sendable {
    let desk: CaseDesk

    init(_ desk: CaseDesk) { self.desk = desk }
}
