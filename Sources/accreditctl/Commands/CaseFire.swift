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
                workflow's guards, then appended to the case's log. A refusal exits 1 and names the rule. When \
                another writer changes the case first, the event is checked again against the changed case and \
                retried (the last of 8 attempts holds the case's lock, so it cannot lose); with --expect-version \
                it is not retried but exits 3 when the case is at another version. With --request-id, retrying \
                after a crash or a lost \
                reply is safe: the event is appended once. See what you may send with: accreditctl case next. \
                The event happens at the store's time (the database server's clock); no client chooses it.

                Examples:
                  accreditctl case fire C-1 application.submit --as ann
                  accreditctl case fire C-1 visit.schedule --as sec
                  accreditctl case fire C-1 visit.complete --as lee \\
                    --request-id visit-C-1-2026-04-01
                  accreditctl case fire C-1 review.rate \\
                    --data '{"criterion":"SL-1.1","rating":"met"}' --as alice
                  accreditctl case fire C-1 recommendation.submit --as lee \\
                    --expect-version 31
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The event name, such as application.submit.")
        var event: String

        @Option(help: ArgumentHelp("The event's data as JSON, or @FILE to read it from a file.", valueName: "json"))
        var data: String?

        @Option(
            name: .customLong("expect-version"),
            help: ArgumentHelp(
                "The case version you decided on (from case show); if the case is at another, exit 3 instead of retrying.",
                valueName: "n"))
        var expectedVersion: Int64?

        func validate() throws {
            _ = try payload()
            if let expectedVersion, expectedVersion < 0 {
                throw ValidationError("Please give --expect-version as a case version: 0 or more.")
            }
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
                try write.send(event, data: try payload(), to: target.caseID, expectedVersion: expectedVersion)
            }
        }
    }
}
