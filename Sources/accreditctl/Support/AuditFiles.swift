import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// Reading and writing checkpoint files and printing audit reports.
enum AuditFiles {
    /// Reads a checkpoint file and checks it against the trusted key (signature, root, heads); refuses one that
    /// does not verify.
    static func readCheckpoint(_ path: String, trusting trusted: TrustedKeys) throws -> Checkpoint {
        let checkpoint = try read(path, kind: "checkpoint", parse: Checkpoint.parse)
        let problems = checkpoint.problems(trusting: trusted)
        guard problems.isEmpty else {
            throw CommandFailure(
                .refused, "checkpoint \(path) does not verify: \(problems.joined(separator: "; "))")
        }
        return checkpoint
    }

    /// Reads a file named on the command line and parses its text.
    ///
    /// - Throws: ``CommandFailure``: `.notFound` when the file cannot be read, `.invalid` (naming the file) when it
    ///   does not parse.
    static func read<Parsed>(_ path: String, kind: String, parse: (String) throws -> Parsed) throws -> Parsed {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.notFound, "cannot read \(kind) file \(path)")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure(.invalid, "\(path): \(error)")
        }
    }

    /// Writes a file atomically, readable by its owner only (mode 0600) unless `public` (0644).
    ///
    /// - Parameters:
    ///   - replacing: Whether an existing file may be replaced; otherwise one that appeared meanwhile is refused.
    /// - Throws: ``CommandFailure``: `.invalid` when the file exists and may not be replaced, `.environment` when
    ///   it cannot be written.
    static func write(_ text: String, to path: String, public: Bool = false, replacing: Bool = false) throws {
        do {
            try AtomicFile.write(
                Array(text.utf8), to: path, mode: `public` ? AtomicFile.publicMode : AtomicFile.privateMode,
                replacing: replacing)
        } catch let error where error.errno == EEXIST {
            throw CommandFailure(.invalid, "\(path) already exists; choose a new file name")
        } catch {
            throw CommandFailure(.environment, "\(error)")
        }
    }

    /// Prints a refused checkpoint's findings, one a line (or as JSON), before the error line.
    static func print(_ refusal: CheckpointRefusal, json: Bool) {
        if json {
            Output.json([
                "signed": .bool(false), "checkpoint": .integer(refusal.sequence),
                "findings": .array(refusal.findings.map(\.value)),
            ])
        } else {
            for finding in refusal.findings { Output.line(finding.description) }
        }
    }

    /// The coverage statement: `N events across M cases are after the newest checkpoint (K of TIME)`.
    static func sentence(_ coverage: CheckpointCoverage) -> String {
        let events = "\(coverage.events) event(s) across \(coverage.cases) case(s)"
        guard let sequence = coverage.sequence else {
            return "coverage: no checkpoint yet: \(events) are covered by none"
        }
        let name = sequence > 0 ? "checkpoint \(sequence)" : "the checkpoint"
        return "coverage: \(events) are after the newest checkpoint (\(name) of "
            + "\(coverage.createdAt?.iso8601 ?? "?"))"
    }

    /// Coverage as JSON.
    static func value(_ coverage: CheckpointCoverage) -> Value {
        [
            "checkpoint": coverage.sequence.map(Value.integer) ?? .null,
            "createdAt": coverage.createdAt.map { .string($0.iso8601) } ?? .null,
            "uncoveredEvents": .integer(coverage.events), "uncoveredCases": .integer(Int64(coverage.cases)),
            "uncovered": .array(
                coverage.uncovered.map {
                    ["case": .string($0.caseID), "from": .integer($0.first), "to": .integer($0.last)]
                }
            ),
        ]
    }

    /// Prints findings one a line with a summary, or one JSON object.
    ///
    /// A sandbox store is said so (its times come from a simulated clock): `store` in JSON, a last line in text.
    static func print(
        _ report: AuditReport, json: Bool, store: StoreSettingValues? = nil, coverage: CheckpointCoverage? = nil
    ) {
        let counts = report.counts
        if json {
            var object: [String: Value] = [
                "clean": .bool(report.isClean), "counts": .object(counts.mapValues(Value.integer)),
                "findings": .array(report.findings.map(\.value)),
            ]
            if let coverage { object["coverage"] = value(coverage) }
            if let store {
                object["store"] = [
                    "sandbox": .bool(store.sandbox),
                    "clock": store.simulatedClock.map { .string($0.iso8601) } ?? .string("server"),
                ]
            }
            Output.json(.object(object))
            return
        }
        for finding in report.findings { Output.line(finding.description) }
        var checked =
            "\(counts["cases"] ?? 0) cases, \(counts["events"] ?? 0) events, \(counts["evidence"] ?? 0) evidence files"
        if let checkpointed = counts["checkpointed"] { checked += ", \(checkpointed) cases against the checkpoint" }
        Output.line(
            report.isClean
                ? "audit: \(checked) checked: clean"
                : "audit: \(checked) checked: \(report.findings.count) problem(s)")
        if let coverage { Output.line(sentence(coverage)) }
        if let store, store.sandbox {
            Output.line(
                "note: this store is a sandbox: its times come from a simulated clock"
                    + (store.simulatedClock.map { " (now at \($0.iso8601))" } ?? "")
                    + ", moved by administrators; see accreditctl store settings --history")
        }
    }
}
