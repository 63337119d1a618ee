import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl visit`: visits during an award that the organisation is not told of.
    struct Visit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "visit",
            abstract: "Plan unannounced and for-cause visits, and record them as held.",
            discussion: """
                The secretariat plans a visit while the case's workflow records visits (during an award, and a \
                suspension, in the shipped workflow): unannounced, or for cause after complaints triaged \
                for-cause-visit. Plans are kept from the organisation; staff who may read the case see them, and \
                the plan's visitors see it. A member of the case's team records the visit as held, with a report: the plan (who planned it and \
                when, and the complaints' summaries) is sealed into the case's log, where the organisation then \
                reads it. An assessor assigned to the case for the visit would show in its team before the visit: \
                name the plan's visitors instead (--visitor, checked as assignments); the secretariat records the \
                visit as held for them, and they join the team then. Findings the visit makes are raised with \
                accreditctl finding raise.

                Examples:
                  accreditctl visit plan C-1 --for-cause --complaint CMP-1 \\
                    --from 2027-03-01 --to 2027-03-14 --as sam
                  accreditctl visit plan C-1 --unannounced --visitor carl \\
                    --from 2027-05-01 --to 2027-06-30 --as sam
                  accreditctl visit hold V-1 --report "Ward 7 night shift observed" \\
                    --as lee
                  accreditctl visit list C-1 --as sam
                """,
            subcommands: [List.self, Show.self, Plan.self, Cancel.self, Hold.self]
        )

        /// A plan's one-line description.
        static func describe(_ plan: Value) -> String {
            func text(_ key: String) -> String { plan[key]?.stringValue ?? "" }
            var line =
                "\(text("visit")) (\(text("kind"))) to \(text("case")) between \(text("notBefore")) and "
                + "\(text("notAfter")): \(text("status"))"
            let complaints = plan["complaints"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !complaints.isEmpty { line += ", for \(complaints.joined(separator: ", "))" }
            let visitors = plan["visitors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !visitors.isEmpty { line += "; visitors: \(visitors.joined(separator: ", "))" }
            return line
        }
    }
}

extension Accreditctl.Visit {
    /// `accreditctl visit plan CASE (--unannounced | --for-cause --complaint REF…) --from DATE --to DATE`.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a visit the organisation is not told of, as an administrator.",
            discussion: """
                Examples:
                  accreditctl visit plan C-1 --for-cause --complaint CMP-1 --complaint CMP-4 \\
                    --from 2027-03-01 --to 2027-03-14 --note "Start on ward 7" --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        @Flag(help: "A visit the organisation is not told of, following no complaint.")
        var unannounced = false

        @Flag(help: "A visit after complaints (also unannounced); name them with --complaint.")
        var forCause = false

        @Option(help: "A complaint the visit follows, triaged for-cause-visit (repeat for more).")
        var complaint: [String] = []

        @Option(help: "An assessor who is to make the visit (repeat for more); joins the team when it is held.")
        var visitor: [String] = []

        @Option(help: "The window's first day (YYYY-MM-DD).")
        var from: String

        @Option(help: "The window's last day (YYYY-MM-DD).")
        var to: String

        @Option(help: "A note for the team (never shown to the organisation).")
        var note: String?

        func validate() throws {
            guard unannounced != forCause else {
                throw ValidationError("Please give one of --unannounced and --for-cause.")
            }
            guard Moment.parse(from) != nil, Moment.parse(to) != nil else {
                throw ValidationError("Please give --from and --to as dates, such as 2027-03-01.")
            }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "case": .string(target.caseID), "kind": .string(forCause ? "for-cause" : "unannounced"),
                    "notBefore": .string(from), "notAfter": .string(to),
                    "complaints": .array(complaint.map(Value.string)), "visitors": .array(visitor.map(Value.string)),
                ]
                if let note { body["note"] = .string(note) }
                let plan = try APICaller(writer.reader).call(.post, "/api/v1/visits", body: .object(body))
                if output.json { return Output.json(plan) }
                Output.line("planned " + Accreditctl.Visit.describe(plan))
            }
        }
    }

    /// `accreditctl visit cancel REF --reason TEXT`.
    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a visit still to be held, as an administrator.",
            discussion: """
                Examples:
                  accreditctl visit cancel V-1 --reason "The complaint was withdrawn" --as sam
                """)

        @OptionGroup var writer: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The visit's reference, such as V-1.")
        var visit: String

        @Option(help: "Why.")
        var reason: String

        func run() throws {
            try reportingFailures {
                let plan = try APICaller(writer.reader).call(
                    .post, "/api/v1/visits/\(APICaller.segment(visit))/cancel", body: ["reason": .string(reason)])
                if output.json { return Output.json(plan) }
                Output.line("cancelled " + Accreditctl.Visit.describe(plan))
            }
        }
    }

    /// `accreditctl visit hold REF --report TEXT`.
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a planned visit as held, with its report: a member of the team, or the secretariat.",
            discussion: """
                Examples:
                  accreditctl visit hold V-1 \\
                    --report "Night shift observed; two omissions" --as lee
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var request: RequestOption

        @OptionGroup var output: OutputOptions

        @Argument(help: "The visit's reference, such as V-1.")
        var visit: String

        @Option(help: "What the team saw (at most 4,000 characters); raise findings as findings.")
        var report: String

        func run() throws {
            try reportingFailures {
                let receipt = try APICaller(who.reader).call(
                    .post, "/api/v1/visits/\(APICaller.segment(visit))/hold", body: ["report": .string(report)],
                    idempotencyKey: request.requestID)
                EventReceipt.print(receipt, json: output.json)
            }
        }
    }

    /// `accreditctl visit show REF`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a planned visit.",
            discussion: """
                Examples:
                  accreditctl visit show V-1 --as lee
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The visit's reference, such as V-1.")
        var visit: String

        func run() throws {
            try reportingFailures {
                let plan = try APICaller(who).call(.get, "/api/v1/visits/\(APICaller.segment(visit))")
                if output.json { return Output.json(plan) }
                Output.line(Accreditctl.Visit.describe(plan))
                func text(_ key: String, in value: Value) -> String { value[key]?.stringValue ?? "" }
                Output.line("  planned by \(text("plannedBy", in: plan)) on \(text("plannedAt", in: plan))")
                if let note = plan["note"]?.stringValue { Output.line("  note: \(note)") }
                if let outcome = plan["outcome"], outcome != .null {
                    let reason = text("summary", in: outcome)
                    Output.line(
                        "  \(text("decision", in: outcome)) by \(text("by", in: outcome)) on "
                            + text("at", in: outcome) + (reason.isEmpty ? "" : ": \(reason)"))
                }
            }
        }
    }

    /// `accreditctl visit list [CASE]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List planned visits (staff only), newest first: a case's, or every one you may read.",
            discussion: """
                Examples:
                  accreditctl visit list --as sam
                  accreditctl visit list C-1 --as lee --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "Only this case's visits.")
        var caseID: String?

        func run() throws {
            try reportingFailures {
                var query: [String: String] = [:]
                if let caseID { query["case"] = caseID }
                let plans = try APICaller(who).call(.get, "/api/v1/visits", query: query)["visits"]?.arrayValue ?? []
                func text(_ value: Value, _ key: String) -> String { value[key]?.stringValue ?? "" }
                Listing<Value>(
                    key: "visits",
                    header: ["VISIT", "CASE", "KIND", "FROM", "TO", "STATUS", "COMPLAINTS", "VISITORS"],
                    empty: "no planned visits",
                    row: {
                        [
                            text($0, "visit"), text($0, "case"), text($0, "kind"), text($0, "notBefore"),
                            text($0, "notAfter"), text($0, "status"),
                            $0["complaints"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? "",
                            $0["visitors"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? "",
                        ]
                    }, value: { $0 }
                ).print(plans, json: output.json)
            }
        }
    }
}
