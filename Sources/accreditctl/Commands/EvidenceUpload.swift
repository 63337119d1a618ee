import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Evidence {
    /// `accreditctl evidence upload CASE FILE --criterion ID [--supersedes E-n] [--name DISPLAYNAME]`.
    struct Upload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload a file as evidence for a criterion.",
            discussion: """
                The file is stored under its SHA-256 and recorded with an evidence.upload event. Applicants \
                upload only to their own organisation's cases.

                Examples:
                  accreditctl evidence upload C-1 incident-policy.pdf --criterion SL-1.1 \\
                    --as ann
                  accreditctl evidence upload C-1 policy-v2.pdf --criterion SL-1.1 \\
                    --supersedes E-1 --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The file to upload.")
        var file: String

        @Option(help: "The criterion the evidence supports, such as SL-1.1.")
        var criterion: String

        @Option(help: "The evidence item this one replaces, such as E-1.")
        var supersedes: String?

        @Option(help: "The name to show instead of the file's name.")
        var name: String?

        func run() throws {
            try reportingFailures {
                var bar: ProgressBar?
                let caseID = target.caseID
                let request = write.request
                let (record, outcome) = try Context.desk().uploadEvidence(
                    caseID, file: file, displayName: name, criterion: criterion, supersedes: supersedes,
                    by: try write.who.actorID(), requestID: request.requestID,
                    progress: { done, total in
                        if bar == nil { bar = ProgressBar(label: "uploading", total: total) }
                        bar?.update(done, of: total)
                    })
                if write.output.json {
                    Output.json(EvidenceView.json(record))
                } else if outcome.repeated {
                    Output.line(
                        "already uploaded as \(record.evidenceID) (\(record.fileName), \(record.size) bytes) for "
                            + "\(record.criterionID) to \(caseID) #\(record.recordedSeq) by request "
                            + "\(request.requestID ?? ""); nothing new stored")
                } else {
                    Output.line(
                        "uploaded \(record.evidenceID) (\(record.fileName), \(record.size) bytes, sha256 "
                            + "\(record.sha256.prefix(12))…) for \(criterion) to \(caseID) #\(record.recordedSeq)")
                    if record.mediaMismatch {
                        Output.warning(
                            "\(record.fileName) looks like \(record.mediaType.rawValue), not what its name says")
                    }
                }
            }
        }
    }
}
