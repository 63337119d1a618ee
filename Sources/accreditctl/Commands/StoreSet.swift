import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Store {
    /// `accreditctl store set NAME VALUE`.
    struct SetSetting: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a store setting (administrators only; recorded with who and when).",
            discussion: """
                Settings:
                  upload.max-bytes BYTES  the largest evidence file (default 536870912, 512 MiB)
                  sandbox true            make a store without cases a sandbox (for tests, demos
                                          and training); a sandbox stays one
                  clock TIME|server       a sandbox's simulated clock: it stamps every event and
                                          decides which deadlines are due; it only moves forward
                  checkpoint.interval SECONDS
                                          how old the newest checkpoint may grow before 'timers
                                          fire' takes one (default 86400, 24 hours; 60 to 31622400)
                  auth.staff-totp required|optional
                                          whether staff (roles of kind administrator, evaluator,
                                          decider or auditor) sign in with a TOTP code too
                                          (default optional); staff invited while it is required
                                          enrol an authenticator app when they set their password

                A store that is not a sandbox always runs on the database server's clock.

                Examples:
                  accreditctl store set upload.max-bytes 104857600 --as sec
                  accreditctl store set sandbox true --as sec
                  accreditctl store set clock 2027-06-01T09:00:00Z --as sec
                  accreditctl store set clock server --as sec
                  accreditctl store set checkpoint.interval 3600 --as sec
                  accreditctl store set auth.staff-totp required --as sec
                """)

        @OptionGroup var who: ReaderOptions

        @Argument(
            help: ArgumentHelp(
                "The setting: upload.max-bytes, sandbox, clock, checkpoint.interval or auth.staff-totp.",
                valueName: "name"))
        var name: String

        @Argument(help: ArgumentHelp("The new value.", valueName: "value"))
        var value: String

        func validate() throws {
            _ = try setting()
        }

        func run() throws {
            try reportingFailures {
                let setting = try setting()
                let change = try APICaller(who).call(
                    .post, "/api/v1/store/settings",
                    body: ["setting": .string(setting.name), "value": .string(setting.value)])
                Output.line(
                    "\(JSONField.text(change, "setting")) = \(JSONField.text(change, "value")) (change "
                        + "\(JSONField.text(change, "id")) by \(JSONField.text(change, "changedBy")))")
            }
        }

        /// The setting the arguments name.
        ///
        /// - Throws: `ValidationError` (exit 2) saying what values the setting takes.
        func setting() throws -> StoreSetting {
            switch name {
            case "upload.max-bytes":
                guard let bytes = Int64(value), bytes > 0 else {
                    throw ValidationError("Please give upload.max-bytes as a whole number of bytes, such as 104857600.")
                }
                return .maximumUploadBytes(bytes)
            case "sandbox":
                guard value == "true" else {
                    throw ValidationError(
                        "Please give sandbox as true: a store becomes a sandbox while it holds no case, and stays one.")
                }
                return .sandbox
            case "clock":
                if value == "server" { return .clock(simulated: nil) }
                guard let time = Moment.parse(value) else {
                    throw ValidationError(
                        "Please give clock as server or an ISO 8601 time, such as 2027-06-01T09:00:00Z.")
                }
                return .clock(simulated: time)
            case "checkpoint.interval":
                guard let seconds = Int64(value), (60...31_622_400).contains(seconds) else {
                    throw ValidationError(
                        "Please give checkpoint.interval as a whole number of seconds from 60 to 31622400, such as 86400."
                    )
                }
                return .checkpointInterval(seconds: seconds)
            case "auth.staff-totp":
                guard value == "required" || value == "optional" else {
                    throw ValidationError("Please give auth.staff-totp as required or optional.")
                }
                return .staffTOTP(required: value == "required")
            default:
                throw ValidationError(
                    "There is no store setting '\(name)'; the settings are \(StoreSetting.names.joined(separator: ", "))."
                )
            }
        }
    }
}
