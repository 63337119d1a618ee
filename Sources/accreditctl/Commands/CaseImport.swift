import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case import CASE --organisation ORG --file FILE`, or `case import --file CASES.ndjson`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import cases and their histories from an earlier system (administrators only).",
            discussion: """
                The only way to record events at times other than the store's. With a CASE, FILE is JSON: \
                {"openedAt": TIME, "events": [{"event": NAME, "actor": ID, "at": TIME, "data": {…}}]}, the \
                events in the order they happened, none in the store's future. Without one, FILE is NDJSON, one \
                case a line, each naming its own: {"case": ID, "organisation": ORG, "workflow": NAME@VERSION, \
                "framework": NAME@VERSION (optional), "openedAt": TIME, "events": [...]}. All the cases are \
                imported in one transaction, or none: a refusal names the line, the case and the event.

                Each event must pass every rule a live event passes at the time it happened (roles, \
                organisation, conflicts of interest, the workflow and the case rules), or nothing is imported. \
                The events are stored marked imported: history shows when each happened and when it was \
                imported. Deadlines are not imported; the case sets them from its history.

                Examples:
                  accreditctl case import C-OLD-7 --organisation riverside \\
                    --file c-old-7.json --as sec
                  accreditctl case import --file legacy-cases.ndjson --as sec
                """)

        @OptionGroup var who: ReaderOptions

        @Argument(help: ArgumentHelp("The new case's id; left out, FILE holds many cases.", valueName: "case"))
        var caseID: String?

        @Option(help: "The organisation the case is for (with a CASE).")
        var organisation: String?

        @Option(help: "The workflow as NAME@VERSION (with a CASE; default: patient-safety-accreditation@1).")
        var workflow: String?

        @Option(help: "The framework as NAME@VERSION (with a CASE; default: the one the workflow declares).")
        var framework: String?

        @Option(
            help: ArgumentHelp("The history to import, as JSON; without a CASE, cases as NDJSON.", valueName: "file"))
        var file: String

        /// The workflow a single case runs.
        var workflowName: String { workflow ?? "patient-safety-accreditation@1" }

        func validate() throws {
            if caseID == nil {
                guard organisation == nil, workflow == nil, framework == nil else {
                    throw ValidationError(
                        "Without a CASE, each line of --file names its own case, organisation and definitions: drop "
                            + "--organisation, --workflow and --framework, or give the CASE to import one.")
                }
                return
            }
            guard organisation != nil else {
                throw ValidationError("Please give --organisation, the organisation the case is for.")
            }
            guard NewCaseOptions.reference(workflowName) != nil else {
                throw ValidationError("Please give --workflow as NAME@VERSION, such as patient-safety-accreditation@1.")
            }
            if let framework, NewCaseOptions.reference(framework) == nil {
                throw ValidationError("Please give --framework as NAME@VERSION, such as patient-safety-standards@1.")
            }
        }

        func run() throws {
            try reportingFailures {
                guard let caseID, let organisation else { return try importMany() }
                let (openedAt, events) = try Self.history(in: file)
                var body: [String: Value] = [
                    "case": .string(caseID), "organisation": .string(organisation), "workflow": .string(workflowName),
                    "openedAt": .string(openedAt.iso8601),
                    "events": .array(
                        events.map {
                            var event: [String: Value] = [
                                "event": .string($0.name), "actor": .string($0.actor),
                                "at": .string($0.occurredAt.iso8601),
                            ]
                            if $0.data != .null { event["data"] = $0.data }
                            return .object(event)
                        }),
                ]
                if let framework { body["framework"] = .string(framework) }
                let imported = try APICaller(who).call(.post, "/api/v1/case-imports", body: .object(body))
                Output.line(
                    "imported case \(caseID) for \(organisation): \(events.count) event(s), "
                        + imported.text("status"))
            }
        }

        /// Imports every case the NDJSON file holds, through the server (the file streamed) or in this process.
        private func importMany() throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw CommandFailure(.invalid, "Cannot read \(file); check the path.")
            }
            let caller = try APICaller(who)
            let path = "/api/v1/case-imports/bulk"
            let answer: Value
            if let client = caller.client {
                answer = try client.upload(path, file: file, contentType: "application/x-ndjson")
            } else {
                answer = try caller.direct(APIRequest(.post, path), upload: .path(file)).json
            }
            func count(_ name: String) -> Int64 {
                if case .integer(let count)? = answer[name] { count } else { 0 }
            }
            let (cases, events) = (count("cases"), count("events"))
            Output.line("imported \(cases) case(s) with \(events) event(s) from \(file)")
        }

        /// Reads the history file.
        ///
        /// - Throws: ``CommandFailure`` (exit 2) saying what is wrong with the file.
        static func history(in path: String) throws -> (Instant, [ImportedEvent]) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let value: Value
            do {
                value = try CanonicalJSON.parse(text)
            } catch {
                throw CommandFailure(.invalid, "\(path) is not JSON (\(error)); see accreditctl case import --help")
            }
            guard case .string(let opened)? = value["openedAt"], let openedAt = Moment.parse(opened),
                case .array(let items)? = value["events"]
            else {
                throw CommandFailure(
                    .invalid,
                    "\(path) needs \"openedAt\" (an ISO 8601 time) and \"events\" (an array); "
                        + "see accreditctl case import --help")
            }
            let events = try items.enumerated().map { index, item -> ImportedEvent in
                guard case .string(let name)? = item["event"], case .string(let actor)? = item["actor"],
                    case .string(let at)? = item["at"], let time = Moment.parse(at)
                else {
                    throw CommandFailure(
                        .invalid,
                        "event \(index + 1) in \(path) needs \"event\", \"actor\" and \"at\" (an ISO 8601 time)")
                }
                return ImportedEvent(name: name, actor: actor, occurredAt: time, data: item["data"] ?? .null)
            }
            return (openedAt, events)
        }
    }
}
