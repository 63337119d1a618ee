import AccreditAPI
import ArgumentParser
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case migrate CASE --to NAME@VERSION [--map OLD=NEW]…`.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a running case to another published version of its workflow.",
            discussion: """
                The secretariat moves a case when the new version handles every event the case has recorded \
                alike: the same states (renamed as --map says), the same deadlines and the same record after each. \
                Check first with: accreditctl replay CASE --workflow FILE [--map OLD=NEW]. The move is one \
                case.migrate event in the case's log; from then on the case runs under the new version, and every \
                audit checks the events before the move under the version in force then. A version that handles \
                the history otherwise is refused (exit 1, migration.incompatible, with the first difference); with \
                --expect-version the move exits 3 if the case changed since you checked it.

                Examples:
                  accreditctl workflow publish patient-safety-v2.scxml --as sec
                  accreditctl replay C-1 --workflow patient-safety-v2.scxml \\
                    --map desk-review=document-review --as sec
                  accreditctl case migrate C-1 --to patient-safety-accreditation@2 \\
                    --map desk-review=document-review --as sec
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp("The published version to move to, NAME@VERSION.", valueName: "name@version"))
        var workflow: String

        @Option(
            name: .customLong("map"),
            help: ArgumentHelp("A state the new version renamed, OLD=NEW; repeat for several.", valueName: "old=new"))
        var renamed: [String] = []

        @Option(
            name: .customLong("expect-version"),
            help: ArgumentHelp(
                "The case version you checked; if the case is at another, exit 3 instead of checking again.",
                valueName: "n"))
        var expectedVersion: Int64?

        func validate() throws {
            guard let at = workflow.lastIndex(of: "@"), at != workflow.startIndex,
                workflow.index(after: at) != workflow.endIndex
            else {
                throw ValidationError("Please give --to as NAME@VERSION, such as patient-safety-accreditation@2.")
            }
            _ = try RenamedStates.parse(renamed)
            if let expectedVersion, expectedVersion < 0 {
                throw ValidationError("Please give --expect-version as a case version: 0 or more.")
            }
        }

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = ["workflow": .string(workflow)]
                let states = try RenamedStates.parse(renamed)
                if !states.isEmpty { body["states"] = .object(states.mapValues(Value.string)) }
                if let expectedVersion { body["expectedVersion"] = .integer(expectedVersion) }
                let moved = try APICaller(who.reader).call(
                    .post, "/api/v1/cases/\(APICaller.segment(target.caseID))/migration", body: .object(body))
                for warning in moved["warnings"]?.arrayValue ?? [] {
                    StandardError.print("warning: \(warning.stringValue ?? "")")
                }
                if output.json {
                    Output.json(moved)
                    return
                }
                Output.line(
                    "\(moved.text("case")) #\(moved.text("seq")) case.migrate: \(moved.text("from")) → "
                        + "\(moved.text("to")) (\(moved.text("eventsCompared")) events handled alike); now in "
                        + "[\(moved.strings("configuration").joined(separator: " "))]")
            }
        }
    }
}
