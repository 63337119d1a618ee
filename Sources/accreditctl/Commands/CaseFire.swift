import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case fire CASE EVENT [--data JSON]`.
    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an event to a case as an actor.",
            discussion: """
                The event is checked against the actor's roles, the organisation binding, impartiality and the \
                workflow's guards, then appended to the case's log. A refusal exits 1 and names the rule; a \
                concurrent change exits 3 (reload and retry). With --request-id, retrying after a crash or a lost \
                reply is safe: the event is appended once. See what you may send with: accreditctl case next. \
                The event happens at the store's time (the database server's clock); no client chooses it.

                Examples:
                  accreditctl case fire C-1 application.submit --as ann
                  accreditctl case fire C-1 visit.schedule --as sec
                  accreditctl case fire C-1 visit.complete --as lee \\
                    --request-id visit-C-1-2026-04-01
                  accreditctl case fire C-1 review.rate \\
                    --data '{"criterion":"SL-1.1","rating":"met"}' --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The event name, such as application.submit.")
        var event: String

        @Option(help: ArgumentHelp("The event's data as JSON, or @FILE to read it from a file.", valueName: "json"))
        var data: String?

        func validate() throws {
            _ = try payload()
        }

        /// The parsed `--data`, read from a file for `@FILE`.
        func payload() throws -> Value {
            guard let data else { return .null }
            var text = data
            if data.hasPrefix("@") {
                let path = String(data.dropFirst())
                guard let bytes = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("Cannot read the --data file \(path); check the path.")
                }
                guard bytes.count <= CaseDesk.maximumPayloadBytes else {
                    throw ValidationError(
                        "The --data file \(path) has \(bytes.count) bytes; event data may have at most "
                            + "\(CaseDesk.maximumPayloadBytes). Upload large material as evidence instead.")
                }
                guard let decoded = String(validating: bytes, as: UTF8.self) else {
                    throw ValidationError("The --data file \(path) is not valid UTF-8.")
                }
                text = decoded
            }
            do {
                return try CanonicalJSON.parse(text)
            } catch {
                throw ValidationError(
                    "Please give --data as JSON, such as '{\"criterion\":\"SL-1.1\"}' (\(error)).")
            }
        }

        func run() throws {
            try reportingFailures {
                try write.send(event, data: try payload(), to: target.caseID)
            }
        }
    }
}
