import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Evidence {
    /// `accreditctl evidence reject CASE E-n --reason TEXT`.
    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject submitted evidence with a reason, as an assessor.",
            discussion: """
                The organisation replaces it with: accreditctl evidence upload CASE FILE --criterion ID --supersedes E-n

                Examples:
                  accreditctl evidence reject C-1 E-1 --reason "illegible scan" --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var item: EvidenceArguments

        @Option(help: "Why the evidence is rejected (shown to the organisation).")
        var reason: String

        func validate() throws {
            guard !reason.isEmpty else { throw ValidationError("Please give a --reason for rejecting the evidence.") }
        }

        func run() throws {
            try reportingFailures {
                try write.review(item, accept: false, reason: reason)
            }
        }
    }
}
