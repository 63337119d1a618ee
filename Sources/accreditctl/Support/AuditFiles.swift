import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// Reading and writing checkpoint files and printing audit reports.
enum AuditFiles {
    /// Reads a checkpoint file and checks it against the trusted key (signature, root, heads); refuses one that
    /// does not verify.
    static func readCheckpoint(_ path: String, trustedKey: [UInt8]) throws -> Checkpoint {
        let checkpoint = try read(path, kind: "checkpoint", parse: Checkpoint.parse)
        let problems = checkpoint.problems(trustedKey: trustedKey)
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

    /// Writes a file atomically.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(.environment, "cannot write \(path): \(error.localizedDescription)")
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
