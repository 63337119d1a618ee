import AccreditAPI
import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl {
    /// `accreditctl scope`: what a case assesses, and criteria found not applicable to it.
    struct Scope: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scope",
            abstract:
                "Declare a case's scope, propose and review criteria not applicable, and change an award's scope.",
            discussion: """
                A case's scope is services of the organisation, at its sites, as the directory records them \
                (accreditctl org service). A criterion the framework allows (not-applicable="justified", or \
                applies-to kinds the scope lacks) may be proposed not applicable with a justification; a member \
                of the team accepts or rejects it, and an accepted one leaves the assessment. During an award the \
                organisation asks for a change of scope; the team assesses it (the shipped workflow's \
                scope.assess event, by the lead assessor) and a decision maker approves or refuses it; an \
                approval issues the certificate again with the new scope.

                Examples:
                  accreditctl scope declare C-1 gp nursing --as ann
                  accreditctl scope propose C-1 LD-1.2 \\
                    --justification "A GP partnership has no non-executive directors" --as ann
                  accreditctl scope review C-1 LD-1.2 --accept \\
                    --reason "Partnership deed seen" --as lee
                  accreditctl scope change C-1 gp nursing ward-2 \\
                    --reason "We took over Ward 2" --as ann
                  accreditctl case fire C-1 scope.assess --as lee
                  accreditctl scope decide C-1 --approve --reason "Ward 2 assessed" --as dana
                  accreditctl scope show C-1 --as ann
                """,
            subcommands: [Show.self, Declare.self, Propose.self, Review.self, Change.self, Decide.self]
        )
    }
}

extension Accreditctl.Scope {
    /// `accreditctl scope declare CASE SERVICE...`.
    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare the services a case assesses (sends the workflow's declare-scope event).",
            discussion: """
                Services are named by their codes in the directory; each one's name, kind and site are copied \
                into the case. A new declaration replaces the last.

                Examples:
                  accreditctl scope declare C-1 gp nursing --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The services' codes, such as gp.")
        var services: [String]

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.declareScope, data: ["services": .array(services.map(Value.string))],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl scope propose CASE CRITERION --justification TEXT`.
    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose that a criterion does not apply to the case's scope, as the organisation.",
            discussion: """
                Examples:
                  accreditctl scope propose C-1 DI-1.2 \\
                    --justification "No wards or residential beds" --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The criterion id, such as LD-1.2.")
        var criterion: String

        @Option(help: "Why it does not apply.")
        var justification: String

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.proposeNotApplicable,
                    data: ["criterion": .string(criterion), "justification": .string(justification)],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl scope review CASE CRITERION (--accept | --reject) --reason TEXT`.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept or reject a criterion proposed not applicable, as a member of the team.",
            discussion: """
                Rejecting an accepted criterion brings it back into the assessment. Only the lead assessor \
                accepts a mandatory criterion as not applicable.

                Examples:
                  accreditctl scope review C-1 LD-1.2 --accept \\
                    --reason "Partnership deed seen" --as lee
                  accreditctl scope review C-1 DI-1.2 --reject \\
                    --reason "Two beds for respite" --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The criterion id, such as LD-1.2.")
        var criterion: String

        @Flag(help: "Accept the justification: the criterion leaves the assessment.")
        var accept = false

        @Flag(help: "Reject it: the criterion is assessed.")
        var reject = false

        @Option(help: "The reason for the review.")
        var reason: String

        func validate() throws {
            guard accept != reject else { throw ValidationError("Give one of --accept or --reject.") }
        }

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.reviewNotApplicable,
                    data: [
                        "criterion": .string(criterion), "decision": .string(accept ? "accept" : "reject"),
                        "reason": .string(reason),
                    ],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl scope change CASE SERVICE... --reason TEXT`.
    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask to extend or reduce an award's scope (sends the request-scope-change event).",
            discussion: """
                Name every service the scope should hold afterwards.

                Examples:
                  accreditctl scope change C-1 gp nursing ward-2 \\
                    --reason "We took over Ward 2" --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The services the scope should hold, by code.")
        var services: [String]

        @Option(help: "Why the scope should change.")
        var reason: String

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.requestScopeChange,
                    data: ["services": .array(services.map(Value.string)), "reason": .string(reason)],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl scope decide CASE (--approve | --refuse) --reason TEXT`.
    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve or refuse the pending change of scope, as a decision maker.",
            discussion: """
                Examples:
                  accreditctl scope decide C-1 --approve --reason "Ward 2 assessed" --as dana
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Flag(help: "Approve it: the certificate is issued again with the new scope.")
        var approve = false

        @Flag(help: "Refuse it: the scope stays as it is.")
        var refuse = false

        @Option(help: "The reasons for the decision.")
        var reason: String

        func validate() throws {
            guard approve != refuse else { throw ValidationError("Give one of --approve or --refuse.") }
        }

        func run() throws {
            try reportingFailures {
                try write.send(
                    TransitionAction.decideScopeChange,
                    data: ["decision": .string(approve ? "approve" : "refuse"), "reason": .string(reason)],
                    to: target.caseID)
            }
        }
    }

    /// `accreditctl scope show CASE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a case's scope, a pending change, and criteria proposed not applicable.",
            discussion: """
                Examples:
                  accreditctl scope show C-1 --as ann
                  accreditctl scope show C-1 --as ann --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who).call(.get, "/api/v1/cases/\(APICaller.segment(target.caseID))")
                let shown: Value = [
                    "case": .string(target.caseID), "scope": value["scope"] ?? .null,
                    "scopeChange": value["scopeChange"] ?? .null, "notApplicable": value["notApplicable"] ?? [],
                ]
                if output.json {
                    Output.json(shown)
                    return
                }
                func services(_ list: Value?) {
                    for service in list?.arrayValue ?? [] {
                        Output.line(
                            "  \(JSONField.text(service, "service")): \(JSONField.text(service, "name")) "
                                + "(\(JSONField.text(service, "kind"))), at \(JSONField.text(service, "siteName"))")
                    }
                }
                if let scope = shown["scope"], scope != .null {
                    Output.line(
                        "Scope, declared by \(JSONField.text(scope, "declaredBy")) at "
                            + "\(JSONField.text(scope, "declaredAt")):")
                    services(scope["services"])
                } else {
                    Output.line("No scope declared: every criterion is assessed.")
                }
                if let change = shown["scopeChange"], change != .null {
                    Output.line(
                        "Change asked for by \(JSONField.text(change, "requestedBy")): "
                            + JSONField.text(change, "reason"))
                    services(change["services"])
                }
                for proposal in shown["notApplicable"]?.arrayValue ?? [] {
                    let effect = proposal["inEffect"] == .bool(true) ? ", left out" : ""
                    Output.line(
                        "\(JSONField.text(proposal, "criterion")) not applicable: "
                            + "\(JSONField.text(proposal, "status"))\(effect) (\(JSONField.text(proposal, "justification")))"
                    )
                }
            }
        }
    }
}
