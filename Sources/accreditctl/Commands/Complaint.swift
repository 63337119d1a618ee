import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl complaint`: complaints about organisations.
    struct Complaint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "complaint",
            abstract: "Record, triage and close complaints about organisations, and erase complainants' details.",
            discussion: """
                The public complains through the portal's form (/complaints/new); the secretariat records \
                complaints received by letter or call. Each is triaged: no-action, monitor (looked at in the next \
                surveillance) or for-cause-visit (plan one with accreditctl visit plan). The triage summary is \
                what a for-cause visit carries into the case, where the organisation reads it: say what the \
                complaint is about, never who made it. The complainant's name, contact and words stay outside \
                the case's log, and can be erased once the complaint is triaged.

                Examples:
                  accreditctl complaint record --organisation riverside --source staff \\
                    --text "Night staffing on ward 7 is unsafe" --as sam
                  accreditctl complaint triage CMP-1 --decision for-cause-visit \\
                    --summary "Night staffing on a medical ward" --as sam
                  accreditctl complaint close CMP-1 --outcome substantiated \\
                    --summary "Confirmed on the visit; a major finding was raised" --as sam
                  accreditctl complaint list --status received --as sam
                """,
            subcommands: [List.self, Show.self, Record.self, Triage.self, Close.self, Erase.self]
        )

        /// Prints a complaint's receipt line, or the document with `--json`.
        static func print(_ complaint: Value, json: Bool, _ line: String) {
            if json {
                Output.json(complaint)
            } else {
                Output.line(line)
            }
        }
    }
}

extension Accreditctl.Complaint {
    /// `accreditctl complaint record --organisation ID --text TEXT`.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a complaint received by letter or call, as an administrator.",
            discussion: """
                Examples:
                  accreditctl complaint record --organisation riverside --source public \\
                    --complainant "Jo Bloggs" --contact jo@example.org \\
                    --text "My father went without his medicines for two days" --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "The organisation complained about.")
        var organisation: String

        @Option(help: "Who it comes from: public, staff (of the organisation) or other.")
        var source = "public"

        @Option(help: "The complainant's name (leave out for an anonymous complaint).")
        var complainant: String?

        @Option(help: "How to reach the complainant.")
        var contact: String?

        @Option(help: "The complaint in the complainant's words (at most 10,000 characters).")
        var text: String

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "organisation": .string(organisation), "source": .string(source), "text": .string(text),
                ]
                if let complainant { body["complainant"] = .string(complainant) }
                if let contact { body["contact"] = .string(contact) }
                let complaint = try APICaller(writer.reader).call(.post, "/api/v1/complaints", body: .object(body))
                Accreditctl.Complaint.print(
                    complaint, json: output.json,
                    "recorded complaint \(complaint["complaint"]?.stringValue ?? "") about \(organisation); triage it "
                        + "with: accreditctl complaint triage \(complaint["complaint"]?.stringValue ?? "")")
            }
        }
    }

    /// `accreditctl complaint triage REF --decision D --summary TEXT`.
    struct Triage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Triage a complaint: no-action, monitor or for-cause-visit, with a summary.",
            discussion: """
                Examples:
                  accreditctl complaint triage CMP-1 --decision for-cause-visit \\
                    --summary "Medicines omitted on a medical ward" --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The complaint's reference, such as CMP-1.")
        var complaint: String

        @Option(help: "no-action, monitor or for-cause-visit.")
        var decision: String

        @Option(help: "What the complaint is about, never who made it (at most 2,000 characters).")
        var summary: String

        func run() throws {
            try reportingFailures {
                let result = try APICaller(writer.reader).call(
                    .post, "/api/v1/complaints/\(APICaller.segment(complaint))/triage",
                    body: ["decision": .string(decision), "summary": .string(summary)])
                Accreditctl.Complaint.print(result, json: output.json, "triaged \(complaint): \(decision)")
            }
        }
    }

    /// `accreditctl complaint close REF --outcome O --summary TEXT`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a triaged complaint with its outcome.",
            discussion: """
                A complaint triaged for a visit closes after a visit was held (or as withdrawn, once no visit is \
                still planned for it).

                Examples:
                  accreditctl complaint close CMP-1 --outcome not-substantiated \\
                    --summary "The visit found medicines given as prescribed" --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The complaint's reference, such as CMP-1.")
        var complaint: String

        @Option(help: "substantiated, partly-substantiated, not-substantiated or withdrawn.")
        var outcome: String

        @Option(help: "What was found (at most 2,000 characters).")
        var summary: String

        func run() throws {
            try reportingFailures {
                let result = try APICaller(writer.reader).call(
                    .post, "/api/v1/complaints/\(APICaller.segment(complaint))/close",
                    body: ["outcome": .string(outcome), "summary": .string(summary)])
                Accreditctl.Complaint.print(result, json: output.json, "closed \(complaint): \(outcome)")
            }
        }
    }

    /// `accreditctl complaint erase REF`.
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a triaged complaint's name, contact and words; its triage and outcome stay.",
            discussion: """
                Examples:
                  accreditctl complaint erase CMP-1 --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The complaint's reference, such as CMP-1.")
        var complaint: String

        func run() throws {
            try reportingFailures {
                let result = try APICaller(writer.reader).call(
                    .post, "/api/v1/complaints/\(APICaller.segment(complaint))/erase", body: .object([:]))
                Accreditctl.Complaint.print(
                    result, json: output.json, "erased the complainant's details from \(complaint)")
            }
        }
    }

    /// `accreditctl complaint show REF`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a complaint, its triage and its outcome.",
            discussion: """
                Examples:
                  accreditctl complaint show CMP-1 --as sam
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The complaint's reference, such as CMP-1.")
        var complaint: String

        func run() throws {
            try reportingFailures {
                let shown = try APICaller(who).call(.get, "/api/v1/complaints/\(APICaller.segment(complaint))")
                if output.json { return Output.json(shown) }
                func text(_ key: String, in value: Value? = nil) -> String { (value ?? shown)[key]?.stringValue ?? "" }
                Output.line("\(complaint) about \(text("organisation")): \(text("status"))")
                Output.line(
                    "  received \(text("receivedAt")) from \(text("source"))"
                        + (shown["receivedBy"]?.stringValue.map { ", recorded by \($0)" } ?? " (the public form)"))
                if let erased = shown["erased"], erased != .null {
                    Output.line(
                        "  complainant's details erased by \(text("by", in: erased)) on \(text("at", in: erased))")
                } else {
                    Output.line(
                        "  complainant: \(shown["complainant"]?.stringValue ?? "anonymous")"
                            + (shown["contact"]?.stringValue.map { " (\($0))" } ?? ""))
                    Output.line("  text: \(text("text"))")
                }
                for (label, key) in [("triage", "triage"), ("outcome", "closure")] {
                    guard let step = shown[key], step != .null else { continue }
                    Output.line(
                        "  \(label): \(text("decision", in: step)) by \(text("by", in: step)) on \(text("at", in: step)): \(text("summary", in: step))"
                    )
                }
            }
        }
    }

    /// `accreditctl complaint list [--organisation ID] [--status S]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the complaints register, newest first.",
            discussion: """
                Examples:
                  accreditctl complaint list --as sam
                  accreditctl complaint list --organisation riverside \\
                    --status triaged --as aud --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Only complaints about this organisation.")
        var organisation: String?

        @Option(help: "Only complaints with this status: received, triaged or closed.")
        var status: String?

        func run() throws {
            try reportingFailures {
                var query: [String: String] = [:]
                if let organisation { query["organisation"] = organisation }
                if let status { query["status"] = status }
                let complaints =
                    try APICaller(who).call(.get, "/api/v1/complaints", query: query)["complaints"]?.arrayValue ?? []
                func text(_ value: Value, _ key: String) -> String { value[key]?.stringValue ?? "" }
                Listing<Value>(
                    key: "complaints", header: ["COMPLAINT", "ORGANISATION", "SOURCE", "RECEIVED", "STATUS", "TRIAGE"],
                    empty: "no complaints",
                    row: {
                        [
                            text($0, "complaint"), text($0, "organisation"), text($0, "source"),
                            String(text($0, "receivedAt").prefix(10)), text($0, "status"),
                            $0["triage"]?["decision"]?.stringValue ?? "",
                        ]
                    }, value: { $0 }
                ).print(complaints, json: output.json)
            }
        }
    }
}
