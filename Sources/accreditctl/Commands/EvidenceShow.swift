import AccreditAPI
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
                let record = try EvidenceView.find(try APICaller(who.reader), item)
                if output.json {
                    Output.json(record)
                    return
                }
                func text(_ key: String) -> String { EvidenceView.text(record, key) }
                let lines: [(String, String)] = [
                    ("evidence", text("evidence")), ("criterion", text("criterion")),
                    ("item", record["item"]?.integerValue.map { "\($0) of the criterion's expected evidence" } ?? "-"),
                    ("status", text("status")),
                    ("file", text("file")),
                    (
                        "media type",
                        text("mediaType") + (record["mediaMismatch"] == .bool(true) ? " (does not match the name)" : "")
                    ),
                    ("size", "\(text("size")) bytes"), ("sha256", text("sha256")),
                    ("uploaded", "\(text("uploadedAt")) by \(text("uploadedBy")), event #\(text("seq"))"),
                    ("supersedes", record["supersedes"]?.stringValue ?? "-"),
                    ("notes", record["notes"]?.stringValue ?? "-"),
                ]
                for (label, value) in lines {
                    Output.line(label + String(repeating: " ", count: max(1, 11 - label.count)) + value)
                }
            }
        }
    }
}
