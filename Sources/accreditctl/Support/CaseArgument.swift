import ArgumentParser

/// `CASE`: the case a command reads or changes.
struct CaseArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
    var caseID: String
}
