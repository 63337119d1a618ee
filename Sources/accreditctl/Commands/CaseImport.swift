import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case import CASE --organisation ORG --file FILE`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a case and its history from an earlier system (administrators only).",
            discussion: """
                The only way to record events at times other than the store's. FILE is JSON: \
                {"openedAt": TIME, "events": [{"event": NAME, "actor": ID, "at": TIME, "data": {…}}]}, the \
                events in the order they happened, none in the store's future. Each event must pass every rule \
                a live event passes at the time it happened (roles, organisation, conflicts of interest, the \
                workflow and the case rules), or nothing is imported. The events are stored marked imported: \
                history shows when each happened and when it was imported. Deadlines are not imported; the \
                case sets them from its history.

                Examples:
                  accreditctl case import C-OLD-7 --organisation riverside \\
                    --file c-old-7.json --as sec
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var target: NewCaseOptions

        @Option(help: ArgumentHelp("The history to import, as JSON.", valueName: "file"))
        var file: String

        func validate() throws {
            guard target.caseID != nil else {
                throw ValidationError("Please give the id of the case to import, such as C-OLD-7.")
            }
        }

        func run() throws {
            try reportingFailures {
                guard let workflow = target.workflowReference, let caseID = target.caseID else { return }
                let (openedAt, events) = try Self.history(in: file)
                var body: [String: Value] = [
                    "case": .string(caseID), "organisation": .string(target.organisation),
                    "workflow": .string("\(workflow.name)@\(workflow.version)"), "openedAt": .string(openedAt.iso8601),
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
                if let framework = target.frameworkReference {
                    body["framework"] = .string("\(framework.name)@\(framework.version)")
                }
                let imported = try APICaller(who).call(.post, "/api/v1/case-imports", body: .object(body))
                Output.line(
                    "imported case \(caseID) for \(target.organisation): \(events.count) event(s), "
                        + imported.text("status"))
            }
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
