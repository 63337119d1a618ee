import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

@testable import CaseService

/// Failover (issue #19, item 2): with a synchronous streaming standby, every event the desk acknowledged survives
/// the primary being SIGKILLed at a random moment while writers append, and the standby being promoted; the writers
/// reconnect through one multi-host connection string with `target_session_attrs=read-write`, and the promoted
/// store's chains verify. One kill by default; `ACCREDIT_RELIABILITY=full` runs three, rebuilding a standby each
/// time, and `ACCREDIT_RELIABILITY_SEED` repeats a run's moments.
@Suite(.serialized) struct StandbyFailoverTests {
    /// The steps every writer takes on each case it opens: seven events, each with its own request id.
    static let steps: [(String, Value, String)] =
        [
            ("application.submit", .null, "ann"), ("application.accept", .null, "sec"),
            ("eligibility.confirm", .null, "sec"),
        ] + DeskFixtures.teamEvents + [("impartiality.confirm", .null, "sec")]

    @Test func everyAcknowledgedEventSurvivesKillingThePrimaryAndPromotingItsSynchronousStandby() async throws {
        let environment = ProcessInfo.processInfo.environment
        let rounds = environment["ACCREDIT_RELIABILITY"] == "full" ? 3 : 1
        let seed = environment["ACCREDIT_RELIABILITY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
        print("StandbyFailoverTests: seed \(seed) (ACCREDIT_RELIABILITY_SEED repeats it), \(rounds) round(s)")
        var random = SeededGenerator(seed: seed)
        try await Self.withPair(synchronous: true) { pair, directory in
            let log = FailoverLog()
            for round in 0..<rounds {
                if round > 0 { try pair.rebuildStandby(synchronous: true) }
                let counts = try Self.failOver(
                    pair, round: round, log: log, directory: directory, random: &random,
                    beforeKill: {
                        // At the moment of the kill, every commit waits for the standby's flush.
                        let replication = try pair.replication()
                        #expect(replication.state == "sync" && replication.commits == "on")
                    })
                // Acknowledged by the old primary, and by the promoted standby after it.
                #expect(counts.atKill > counts.before && counts.after > counts.atKill)
            }
            #expect(log.failures.isEmpty, "\(log.failures)")
            let desk = try Self.desk(pair, directory)
            let missing = try Self.lost(log, in: desk)
            #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
            let verified = try desk.verifyStore(.all, since: nil, trusted: nil)
            #expect(verified.report.findings.isEmpty, "\(verified.report.findings)")
            print("StandbyFailoverTests: \(log.acknowledged.count) acknowledged events, all present; chains verify")
        }
    }

    /// The control: the same check finds acknowledged events lost when the standby is asynchronous and has fallen
    /// behind (its streaming stopped) when the primary is killed. Without it, a check that could not see a loss
    /// would pass the test above.
    @Test func theCheckFindsAcknowledgedEventsLostWithAnAsynchronousStandbyThatFellBehind() async throws {
        var random = SeededGenerator(seed: 1)
        try await Self.withPair(synchronous: false) { pair, directory in
            let log = FailoverLog()
            _ = try Self.failOver(
                pair, round: 0, log: log, directory: directory, random: &random,
                beforeKill: {
                    try pair.detachStandby()
                    // Acknowledged by the primary alone, while the standby receives nothing.
                    let detached = log.count
                    try Self.waitUntil("the primary to acknowledge writes alone") {
                        log.count >= detached + 8 || !log.failures.isEmpty
                    }
                })
            #expect(try !Self.lost(log, in: try Self.desk(pair, directory)).isEmpty)
        }
    }

    /// Runs `body` with a primary and its standby under a temporary directory, the store migrated and given the
    /// fixtures' definitions and people; stops both afterwards.
    static func withPair(synchronous: Bool, _ body: (ReplicatedPair, String) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // The clusters run as the postgres user when the tests run as root.
            chmod(directory, 0o755)
            let pair = try ReplicatedPair(in: directory, synchronous: synchronous)
            defer { pair.stop() }
            let setup = try PostgresConnection(conninfo: try pair.clientConninfo())
            try Migrator(connection: setup).migrate()
            _ = try DeskFixtures.desk(setup, blobs: directory + "/blobs")
            try body(pair, directory)
        }
    }

    /// A desk on whichever cluster takes writes now.
    static func desk(_ pair: ReplicatedPair, _ directory: String) throws -> CaseDesk {
        CaseDesk(
            connection: try PostgresConnection(conninfo: try pair.clientConninfo()),
            blobs: try BlobStore(root: directory + "/blobs"))
    }

    /// The acknowledged events that are not in the store with the hash they were acknowledged with (and the cases
    /// acknowledged as opened that it does not have).
    static func lost(_ log: FailoverLog, in desk: CaseDesk) throws -> [String] {
        var missing: [String] = []
        for acknowledged in log.acknowledged {
            guard acknowledged.seq > 0 else {
                if (try? desk.log.head(of: acknowledged.caseID)) == nil { missing.append(acknowledged.caseID) }
                continue
            }
            let stored = try desk.log.events(
                of: acknowledged.caseID, after: acknowledged.seq - 1, through: acknowledged.seq)
            if stored.first?.hash != acknowledged.hash {
                missing.append("\(acknowledged.caseID)#\(acknowledged.seq)")
            }
        }
        return missing
    }

    /// One failover: writers append through the multi-host string; at a random moment the primary is killed and
    /// the standby promoted; the writers carry on against it until each has been acknowledged again.
    static func failOver(
        _ pair: ReplicatedPair, round: Int, log: FailoverLog, directory: String, random: inout SeededGenerator,
        beforeKill: () throws -> Void = {}
    ) throws -> (before: Int, atKill: Int, after: Int) {
        let conninfo = try pair.clientConninfo()
        let writers = 2
        let before = log.count
        let threads = (0..<writers).map { writer in
            Thread {
                Self.write(prefix: "F\(round)-\(writer)", conninfo: conninfo, blobs: directory + "/blobs", log: log)
            }
        }
        for thread in threads { thread.start() }
        var acknowledgedBeforeKill = 0
        do {
            // At least a few events acknowledged by the old primary, then a random moment.
            try Self.waitUntil("writers to be acknowledged by the primary") {
                log.count >= before + 8 || !log.failures.isEmpty
            }
            usleep(UInt32.random(in: 0...800_000, using: &random))
            try beforeKill()
            acknowledgedBeforeKill = log.count
            try pair.killPrimary()
            try pair.promoteStandby()
            try Self.waitUntil("writers to be acknowledged by the promoted standby") {
                log.count >= acknowledgedBeforeKill + 8 || !log.failures.isEmpty
            }
        } catch {
            log.stop()
            throw error
        }
        log.stop()
        for thread in threads { while !thread.isFinished { usleep(10_000) } }
        log.resume()
        return (before, acknowledgedBeforeKill, log.count)
    }

    /// Waits up to a minute for `condition`.
    static func waitUntil(_ what: String, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            guard Date() < deadline else { throw FailoverLog.Timeout(description: "gave up waiting for \(what)") }
            usleep(5_000)
        }
    }

    /// One writer: opens cases and takes them through ``steps``, each write with a request id; when the connection
    /// breaks or no primary answers, it connects again through the same string and repeats the write it was
    /// making with the same request id (applied once however often it is sent), until told to stop.
    static func write(prefix: String, conninfo: String, blobs: String, log: FailoverLog) {
        var desk: CaseDesk?
        var caseNumber = 0
        var step = 0
        while !log.stopped {
            // Opened without a chosen id, so that the store derives it from the request id: a retry after a lost
            // answer finds the case its first attempt opened.
            let openRequest = "\(prefix)-\(caseNumber)"
            let caseID = CaseDesk.caseID(for: "sec", requestID: openRequest)
            do {
                let current: CaseDesk
                if let desk {
                    current = desk
                } else {
                    current = CaseDesk(
                        connection: try PostgresConnection(conninfo: conninfo), blobs: try BlobStore(root: blobs))
                    desk = current
                }
                let requestID = "\(openRequest)-\(step)"
                if step == 0 {
                    let opened = try current.openCase(
                        nil, organisation: "riverside", workflow: DeskFixtures.workflow,
                        framework: DeskFixtures.framework, by: "sec", requestID: openRequest)
                    // Opening writes the case's row, not an event: seq 0 stands for "the case exists".
                    guard opened.open.head.caseID == caseID else {
                        log.fail("\(openRequest) opened \(opened.open.head.caseID), not \(caseID)")
                        return
                    }
                    log.acknowledge(caseID, 0, [])
                } else {
                    let (event, data, actor) = steps[step - 1]
                    let outcome = try current.fire(caseID, event: event, data: data, by: actor, requestID: requestID)
                    for stored in outcome.events { log.acknowledge(caseID, stored.envelope.seq, stored.hash) }
                }
                step = step == steps.count ? 0 : step + 1
                if step == 0 { caseNumber += 1 }
            } catch {
                guard isOutage(error) else {
                    log.fail("\(caseID) step \(step): \(error)")
                    return
                }
                desk = nil
                usleep(20_000)
            }
        }
    }

    /// Whether an error is the primary being gone (or not yet replaced), rather than a refusal.
    static func isOutage(_ error: any Error) -> Bool {
        if let store = error as? StoreError {
            return store.code == .connectionLost || store.code == .databaseUnavailable
        }
        if let database = error as? PostgresError {
            return database.code == .connectionLost || database.code == .connectionFailed
        }
        return false
    }
}

/// What the writers of ``StandbyFailoverTests`` were told, shared between their threads.
final class FailoverLog: @unchecked Sendable {
    /// One acknowledged event.
    struct Acknowledged {
        let caseID: String
        let seq: Int64
        let hash: [UInt8]
    }

    /// A wait that ran out.
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    private let lock = NSLock()
    private var events: [Acknowledged] = []
    private var problems: [String] = []
    private var halted = false

    /// Every acknowledged event so far.
    var acknowledged: [Acknowledged] { lock.withLock { events } }
    /// How many events were acknowledged.
    var count: Int { lock.withLock { events.count } }
    /// Writes that failed other than by an outage.
    var failures: [String] { lock.withLock { problems } }
    /// Whether the writers should stop.
    var stopped: Bool { lock.withLock { halted } }

    func acknowledge(_ caseID: String, _ seq: Int64, _ hash: [UInt8]) {
        lock.withLock { events.append(Acknowledged(caseID: caseID, seq: seq, hash: hash)) }
    }

    func fail(_ problem: String) { lock.withLock { problems.append(problem) } }
    func stop() { lock.withLock { halted = true } }
    func resume() { lock.withLock { halted = false } }
}
