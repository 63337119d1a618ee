import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence show CASE E-n`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one evidence item's metadata.",
            discussion: """
                Examples:
                  accreditctl evidence show C-1 E-1 --as alice
                  accreditctl evidence show C-1 E-1 --as alice --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var item: EvidenceArguments

        func run() throws {
            try reportingFailures {
                let record = try EvidenceView.find(try Context.desk(), item, actor: try who.actorID())
                if output.json {
                    Output.json(EvidenceView.json(record))
                    return
                }
                let lines: [(String, String)] = [
                    ("evidence", record.evidenceID), ("criterion", record.criterionID),
                    ("status", record.status.rawValue),
                    ("file", record.fileName),
                    (
                        "media type",
                        record.mediaType.rawValue + (record.mediaMismatch ? " (does not match the name)" : "")
                    ),
                    ("size", "\(record.size) bytes"), ("sha256", record.sha256),
                    ("uploaded", "\(record.uploadedAt.iso8601) by \(record.uploadedBy), event #\(record.recordedSeq)"),
                    ("supersedes", record.supersedes ?? "-"), ("notes", record.notes ?? "-"),
                ]
                for (label, value) in lines {
                    Output.line(label + String(repeating: " ", count: max(1, 11 - label.count)) + value)
                }
            }
        }
    }
}
