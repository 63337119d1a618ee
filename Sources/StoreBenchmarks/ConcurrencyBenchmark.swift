import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Workflows

/// Ratings per second through `CaseDesk.fire` (load, access checks, decide, append, request id) with 8 and 64
/// concurrent writers, each a thread with its own connection and desk, on ONE case and on MANY (one case per
/// writer), against one writer on one case measured in the same run. Counts the retries after lost races
/// (``RetryPolicy/standard``) and the writes whose attempts all lost (exit 3 in the tool).
struct ConcurrencyBenchmark {
    let conninfo: String
    let seconds = 5.0
    let writerCounts = [8, 64]
    static let organisation = "concurrency-bench"

    /// What one configuration measured.
    struct Figures {
        var writes = 0
        var retries = 0
        var exhausted = 0
        var latencies: [Double] = []
        var failures: [String] = []

        mutating func add(_ other: Figures) {
            writes += other.writes
            retries += other.retries
            exhausted += other.exhausted
            latencies += other.latencies
            failures += other.failures
        }
    }

    func run() throws {
        let maximum = writerCounts.max() ?? 1
        let (references, criteria) = try setUp(cases: maximum)
        print(
            "concurrency: \(seconds) s per measurement; each writer a thread with its own connection and desk, "
                + "sending review.rate with a request id; retry policy: up to \(RetryPolicy.standard.attempts) "
                + "attempts, full jitter from \(RetryPolicy.standard.firstDelayMicroseconds) µs, capped at "
                + "\(RetryPolicy.standard.maximumDelayMicroseconds) µs")
        let baseline = try measure(writers: 1, cases: 1, references, criteria, label: "1 writer, 1 case")
        for writers in writerCounts {
            for cases in [1, writers] {
                let label = "\(writers) writers, \(cases == 1 ? "1 case" : "\(cases) cases")"
                let figures = try measure(writers: writers, cases: cases, references, criteria, label: label)
                print(String(format: "    ratio to 1 writer on 1 case: %.2f", figures / baseline))
            }
        }
    }

    /// Runs `writers` threads for ``seconds``, writer `w` on case `w % cases`, and prints and returns writes/s.
    private func measure(
        writers: Int, cases: Int, _ references: (DefinitionReference, DefinitionReference), _ criteria: [String],
        label: String
    ) throws -> Double {
        let blobs = BenchmarkScratch.path("blobs")
        let desks = try (0..<writers).map { _ in
            let desk = CaseDesk(
                connection: try PostgresConnection(conninfo: conninfo), blobs: try BlobStore(root: blobs))
            _ = try desk.load(Self.caseID(0))  // compile the definitions before the clock starts
            return UncheckedBox(desk)
        }
        let collected = UncheckedBox([Figures](repeating: Figures(), count: writers))
        let lock = NSLock()
        let group = DispatchGroup()
        let start = monotonicSeconds()
        let deadline = start + seconds
        let run = "\(writers)w\(cases)c\(Int(start * 1000) % 1_000_000)"
        for writer in 0..<writers {
            group.enter()
            let box = desks[writer]
            let caseID = Self.caseID(writer % cases)
            let thread = Thread {
                var figures = Figures()
                var index = 0
                while monotonicSeconds() < deadline {
                    let began = monotonicSeconds()
                    let criterion = criteria[(writer + index) % criteria.count]
                    do {
                        let outcome = try box.value.fire(
                            caseID, event: "review.rate", data: ["criterion": .string(criterion), "rating": "met"],
                            by: writer % 2 == 0 ? "cb-alice" : "cb-carl", requestID: "\(run)-\(writer)-\(index)")
                        figures.writes += 1
                        figures.retries += outcome.attempts - 1
                        figures.latencies.append(monotonicSeconds() - began)
                    } catch let error as StoreError where error.code == .conflict {
                        figures.exhausted += 1
                        figures.retries += RetryPolicy.standard.attempts - 1
                    } catch {
                        figures.failures.append("\(error)")
                        break
                    }
                    index += 1
                }
                lock.lock()
                collected.value[writer] = figures
                lock.unlock()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let elapsed = max(monotonicSeconds() - start, seconds)
        var total = Figures()
        for figures in collected.value { total.add(figures) }
        let sorted = total.latencies.sorted()
        func percentile(_ p: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            return String(format: "%.1f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
        }
        let perSecond = Double(total.writes) / elapsed
        print(
            "  \(label): \(rate(perSecond)) writes/s (\(total.writes) in \(String(format: "%.1f", elapsed)) s), "
                + "\(total.retries) retries (\(String(format: "%.2f", Double(total.retries) / Double(max(total.writes, 1)))) per write), "
                + "\(total.exhausted) exhausted; latency p50 \(percentile(0.5)), p99 \(percentile(0.99)), "
                + "max \(percentile(1))")
        if let failure = total.failures.first {
            throw BenchmarkFailure("\(total.failures.count) writers failed, first: \(failure)")
        }
        return perSecond
    }

    static func caseID(_ index: Int) -> String { "CB-\(index)" }

    /// Publishes the shipped definitions and takes `cases` cases to desk review through a desk, as people would:
    /// an application, screening, an upload per expected item of the mandatory criteria and a self-assessment of
    /// every criterion, the evidence submitted.
    private func setUp(cases: Int) throws -> ((DefinitionReference, DefinitionReference), [String]) {
        let db = try PostgresConnection(conninfo: conninfo)
        let blobs = try BlobStore(root: BenchmarkScratch.path("blobs"))
        let desk = CaseDesk(connection: db, blobs: blobs)
        let frameworkFile = "Definitions/frameworks/patient-safety-standards-v1.xml"
        let framework = try desk.publisher.publishFramework(fileAt: frameworkFile).0
        let loaded = try FrameworkReader.loadFramework(fileAt: frameworkFile)
        let workflow = try desk.publisher.publishWorkflow(
            fileAt: "Definitions/workflows/patient-safety-accreditation.scxml", framework: loaded.framework
        ).0
        let references = (
            DefinitionReference(name: workflow.name, version: workflow.version),
            DefinitionReference(name: framework.name, version: framework.version)
        )
        try BenchmarkDirectory.register(
            Organisation(id: Self.organisation, name: "Benchmark", odsCode: nil),
            actors: [
                Actor(
                    id: "cb-ann", name: "Ann", roles: ["applicant"], organisation: Self.organisation,
                    databaseLogin: nil),
                BenchmarkDirectory.actor("cb-sam", "Sam", "secretariat"),
                BenchmarkDirectory.actor("cb-alice", "Alice", "assessor"),
                BenchmarkDirectory.actor("cb-carl", "Carl", "assessor"),
            ], in: db)
        let sample = BenchmarkScratch.path("evidence.txt")
        try Data("benchmark evidence\n".utf8).write(to: URL(fileURLWithPath: sample))
        let criteria = loaded.framework.criteria
        let setUpStart = monotonicSeconds()
        for index in 0..<cases {
            let caseID = Self.caseID(index)
            if (try? desk.log.head(of: caseID)) != nil { continue }  // set up by an earlier run on this database
            _ = try desk.openCase(
                caseID, organisation: Self.organisation, workflow: references.0, framework: references.1, by: "cb-sam")
            for (event, actor) in [
                ("application.submit", "cb-ann"), ("application.accept", "cb-sam"),
                ("eligibility.confirm", "cb-sam"),
            ] {
                try desk.fire(caseID, event: event, by: actor)
            }
            for (person, position) in [("cb-alice", "lead"), ("cb-carl", "member")] {
                try desk.fire(
                    caseID, event: "team.assign", data: ["person": .string(person), "position": .string(position)],
                    by: "cb-sam")
            }
            try desk.fire(caseID, event: "impartiality.confirm", by: "cb-sam")
            for criterion in criteria {
                for item in criterion.evidenceSlots.compactMap(\.item) where criterion.mandatory {
                    try desk.uploadEvidence(caseID, file: sample, criterion: criterion.id, item: item, by: "cb-ann")
                }
                try desk.fire(
                    caseID, event: "self-assessment.record",
                    data: ["criterion": .string(criterion.id), "rating": "met", "narrative": "How we meet it"],
                    by: "cb-ann")
            }
            try desk.fire(caseID, event: "evidence.submit", by: "cb-ann")
        }
        print(
            "concurrency: \(cases) cases taken to desk review in "
                + String(format: "%.1f s", monotonicSeconds() - setUpStart))
        return (references, criteria.map(\.id))
    }
}

/// Hands a value to threads that the caller keeps apart (each writer its own desk; results under a lock).
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: Value) { self.value = value }
}
