import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// A legacy history of 1,000,000 real events (20,000 cases × 50: applications taken to desk review, with uploads,
/// self-assessments and ratings) imported through ``CaseDesk/importCases(by:batchEvents:next:)``, every event checked
/// against the rules at its time, against the same cases folded here and written by
/// ``CaseLog/importCases(batches:)`` alone (no rule checks) in the same run. Rounds alternate.
struct DeskImportBenchmark {
    let conninfo: String
    let cases = 20_000
    let eventsPerCase = 50
    let rounds = 3

    func run() throws {
        let db = try PostgresConnection(conninfo: conninfo)
        let blobs = try BlobStore(root: BenchmarkScratch.path("blobs"))
        let real = try RealCases(db, blobs: blobs, count: eventsPerCase)
        let events = Double(cases * eventsPerCase)
        print(
            "desk import: \(rate(events)) real events (\(cases) cases × \(eventsPerCase)), \(rounds) alternating "
                + "rounds, one transaction each")
        var checked: [Double] = []
        var unchecked: [Double] = []
        for round in 0..<rounds {
            try db.execute("CHECKPOINT")
            var index = 0
            let logStart = monotonicSeconds()
            let written = try CaseLog(connection: db).importCases {
                guard index < cases else { return nil }
                var batch: [ImportedCase] = []
                while index < cases, batch.count * eventsPerCase < CaseDesk.importBatchEvents {
                    batch.append(try real.folded("LOG\(getpid() % 100_000)-\(round)-\(index)"))
                    index += 1
                }
                return batch
            }
            unchecked.append(Double(written) / (monotonicSeconds() - logStart))
            try db.execute("CHECKPOINT")
            var next = 0
            let deskStart = monotonicSeconds()
            let summary = try real.desk.importCases(by: "rb-sam") {
                guard next < cases else { return nil }
                defer { next += 1 }
                return real.request("DESK\(getpid() % 100_000)-\(round)-\(next)")
            }
            checked.append(Double(summary.events) / (monotonicSeconds() - deskStart))
            print(
                "  round \(round + 1): folded and written \(rate(unchecked[round])) events/s; through the desk "
                    + "\(rate(checked[round])) events/s")
        }
        let desk = median(checked)
        let log = median(unchecked)
        print(
            "  CaseDesk.importCases (every rule at each event's time, hash chain, COPY): median \(rate(desk)) events/s"
                + "; folded here and written by CaseLog.importCases alone: median \(rate(log)) events/s; desk ÷ log = "
                + String(format: "%.2f", desk / log))
        let audit = try ChainAudit(connection: db).run(.all)
        print(
            "  chain audit of the store afterwards: \(audit.isClean ? "clean" : "FINDINGS: \(audit.findings.count)"), "
                + "\(audit.counts["events"] ?? 0) events")
    }
}
