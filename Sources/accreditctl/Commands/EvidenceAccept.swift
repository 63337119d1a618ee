import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Evidence {
    /// `accreditctl evidence accept CASE E-n`.
    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept submitted evidence, as an assessor.",
            discussion: """
                Examples:
                  accreditctl evidence accept C-1 E-2 --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var item: EvidenceArguments

        func run() throws {
            try reportingFailures {
                try write.review(item, accept: true, reason: nil)
            }
        }
    }
}
