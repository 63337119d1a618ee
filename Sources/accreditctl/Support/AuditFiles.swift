import AccreditAPI
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

    /// Prints a refused checkpoint's findings (``AuditViews/refusal(_:)``), one a line (or as JSON), before the
    /// error line.
    static func print(refusal: Value, json: Bool) {
        if json {
            Output.json(refusal)
        } else {
            for finding in refusal.array("findings") { Output.line(description(finding)) }
        }
    }

    /// A finding (``AuditFinding/value``) as its one line for people.
    static func description(_ finding: Value) -> String {
        AuditFinding(
            caseID: finding.text("case"), seq: finding["seq"]?.integerValue,
            kind: AuditFinding.Kind(rawValue: finding.text("kind")), expected: finding.text("expected"),
            actual: finding.text("actual"), message: finding.text("message")
        ).description
    }

    /// The coverage statement (from ``AuditViews/coverage(_:)``): `N events across M cases are after the newest
    /// checkpoint (K of TIME)`.
    static func sentence(_ coverage: Value) -> String {
        let events = "\(coverage.text("uncoveredEvents")) event(s) across \(coverage.text("uncoveredCases")) case(s)"
        guard let sequence = coverage["checkpoint"]?.integerValue else {
            return "coverage: no checkpoint yet: \(events) are covered by none"
        }
        let name = sequence > 0 ? "checkpoint \(sequence)" : "the checkpoint"
        let created = coverage["createdAt"]?.stringValue ?? "?"
        return "coverage: \(events) are after the newest checkpoint (\(name) of \(created))"
    }

    /// Prints an audit (``AuditViews/report(_:store:coverage:)``): findings one a line with a summary, or the JSON.
    ///
    /// A sandbox store is said so (its times come from a simulated clock) in a last line.
    static func print(report: Value, json: Bool) {
        if json {
            Output.json(report)
            return
        }
        let findings = report.array("findings")
        for finding in findings { Output.line(description(finding)) }
        func count(_ key: String) -> Int64? { report["counts"]?[key]?.integerValue }
        var checked =
            "\(count("cases") ?? 0) cases, \(count("events") ?? 0) events, \(count("evidence") ?? 0) evidence files"
        if let checkpointed = count("checkpointed") { checked += ", \(checkpointed) cases against the checkpoint" }
        Output.line(
            report["clean"]?.boolValue == true
                ? "audit: \(checked) checked: clean"
                : "audit: \(checked) checked: \(findings.count) problem(s)")
        if let coverage = report["coverage"] { Output.line(sentence(coverage)) }
        if let store = report["store"], store["sandbox"]?.boolValue == true {
            let clock = store["clock"]?.stringValue
            Output.line(
                "note: this store is a sandbox: its times come from a simulated clock"
                    + (clock.map { $0 == "server" ? "" : " (now at \($0))" } ?? "")
                    + ", moved by administrators; see accreditctl store settings --history")
        }
    }
}
