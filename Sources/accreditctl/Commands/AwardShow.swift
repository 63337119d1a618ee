import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import Statecharts

extension Accreditctl.Award {
    /// `accreditctl award show CASE`.
    struct AwardShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the award a case holds.",
            discussion: "Example:\n  accreditctl award show DEMO-1 --as sam")

        @OptionGroup var actor: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let value = try APICaller(actor.reader).call(.get, AwardText.path(target.caseID))
                if output.json {
                    Output.json(value)
                } else {
                    AwardText.print(try AwardText.certificate(value))
                }
            }
        }
    }
}
