import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case open [CASE] --organisation ORG [--workflow NAME@VERSION] [--framework NAME@VERSION]`.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a case for an organisation on published workflow and framework versions.",
            discussion: """
                The secretariat, or an applicant of the organisation, may open a case. The versions are pinned \
                for the life of the case. Without --framework, the case uses the framework the workflow declares \
                (acc:framework and acc:framework-version on <scxml>); a workflow that declares none needs \
                --framework.

                An administrator may choose the case's id; without one, the store chooses it (C- and ten \
                characters) and the command prints it. An applicant always leaves it out: an id refused as \
                taken would tell them about another organisation's case. With --request-id and no id, running \
                the command again with the same request id prints the case the first run opened instead of \
                opening another.

                Examples:
                  accreditctl case open C-1 --organisation riverside --as sec
                  accreditctl case open --organisation riverside --as ann
                  accreditctl case open C-2 --organisation hillside \\
                    --workflow patient-safety-accreditation@1 --as sec
                  accreditctl case open C-3 --organisation hillside --workflow my-workflow@2 \\
                    --framework my-framework@1 --as sec
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var target: NewCaseOptions

        @OptionGroup var request: RequestOption

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = [
                    "organisation": .string(target.organisation), "workflow": .string(target.workflow),
                ]
                if let caseID = target.caseID { body["case"] = .string(caseID) }
                if let framework = target.framework { body["framework"] = .string(framework) }
                let opened = try APICaller(who.reader).call(
                    .post, "/api/v1/cases", body: .object(body), idempotencyKey: request.requestID)
                Output.line(
                    "opened case \(JSONField.text(opened, "case")) for \(target.organisation): "
                        + (opened["status"]?.stringValue ?? ""))
            }
        }
    }
}
