import ArgumentParser

extension Accreditctl {
    /// `accreditctl workflow`: commands for workflow authors.
    struct Workflow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workflow",
            abstract: "Check and try out SCXML workflow definitions.",
            subcommands: [Simulate.self]
        )
    }
}
