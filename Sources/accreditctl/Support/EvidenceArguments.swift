import ArgumentParser

/// `CASE E-n`: one evidence item of a case.
struct EvidenceArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
    var caseID: String

    @Argument(help: ArgumentHelp("The evidence id, such as E-1.", valueName: "evidence"))
    var evidenceID: String
}
