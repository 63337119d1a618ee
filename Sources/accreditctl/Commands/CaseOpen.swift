import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Case {
    /// `accreditctl case open CASE --organisation ORG [--workflow NAME@VERSION] [--framework NAME@VERSION]`.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a case for an organisation on published workflow and framework versions.",
            discussion: """
                The secretariat, or an applicant of the organisation, may open a case. The versions are pinned \
                for the life of the case. Without --framework, the case uses the framework the workflow declares \
                (acc:framework and acc:framework-version on <scxml>); a workflow that declares none needs \
                --framework.

                Examples:
                  accreditctl case open C-1 --organisation riverside --as sec
                  accreditctl case open C-2 --organisation hillside \\
                    --workflow patient-safety-accreditation@1 --as sec
                  accreditctl case open C-3 --organisation hillside --workflow my-workflow@2 \\
                    --framework my-framework@1 --as sec
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var target: NewCaseOptions

        func run() throws {
            try reportingFailures {
                guard let workflow = target.workflowReference else { return }
                let open = try Context.desk().openCase(
                    target.caseID, organisation: target.organisation, workflow: workflow,
                    framework: target.frameworkReference, by: try who.actorID())
                Output.line("opened case \(target.caseID) for \(target.organisation): \(open.state.status)")
            }
        }
    }
}
