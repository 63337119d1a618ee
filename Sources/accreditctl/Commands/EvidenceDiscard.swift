import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence discard SHA256 --reason TEXT --as ADMIN`.
    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dispose of an orphaned evidence file, as an administrator, with a reason that is logged.",
            discussion: """
                An orphaned file is one that no evidence of any case references: left by an upload that never \
                committed, or by a file swapped out of a case. audit verify reports it and evidence fsck --repair \
                keeps it until an administrator decides. The decision (who, when, why) is recorded in an \
                append-only log before the file is deleted; audit verify no longer reports it. Files that evidence \
                references (submitted, accepted, rejected or superseded) are never discarded.

                Examples:
                  accreditctl evidence discard "$SHA256" --reason "stray test upload" \\
                    --as sec
                """)

        @OptionGroup var who: ReaderOptions

        @Argument(help: "The file's SHA-256 (64 lowercase hex digits), as audit verify or evidence fsck name it.")
        var sha256: String

        @Option(help: "Why the file may be disposed of (kept in the log).")
        var reason: String

        func validate() throws {
            guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ValidationError("Please give the file's SHA-256 as 64 lowercase hex digits.")
            }
            guard !reason.isEmpty else { throw ValidationError("Please give a --reason for disposing of the file.") }
        }

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who).call(
                    .post, "/api/v1/evidence-files/\(sha256)/discard", body: ["reason": .string(reason)])
                Output.line("evidence file \(sha256) disposed of by \(value.text("disposedBy")): \(reason)")
            }
        }
    }
}
