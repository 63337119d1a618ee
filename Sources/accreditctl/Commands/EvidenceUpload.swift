import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence upload CASE FILE --criterion ID [--item N] [--supersedes E-n] [--name DISPLAYNAME]`.
    struct Upload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload a file as evidence for a criterion.",
            discussion: """
                The file is stored under its SHA-256 and recorded with an evidence.upload event. Applicants \
                upload only to their own organisation's cases. --item names which of the criterion's expected \
                evidence items the file is for (1 for the first listed by framework show); a framework that \
                covers evidence by item asks for it when the criterion expects more than one.

                Examples:
                  accreditctl evidence upload C-1 incident-policy.pdf --criterion SL-1.1 \\
                    --item 1 --as ann
                  accreditctl evidence upload C-1 policy-v2.pdf --criterion SL-1.1 \\
                    --supersedes E-1 --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The file to upload.")
        var file: String

        @Option(help: "The criterion the evidence supports, such as SL-1.1.")
        var criterion: String

        @Option(help: "Which of the criterion's expected evidence items the file is for, such as 2.")
        var item: Int?

        @Option(help: "The evidence item this one replaces, such as E-1.")
        var supersedes: String?

        @Option(help: "The name to show instead of the file's name.")
        var name: String?

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let request = write.request
                let caller = try APICaller(write.who.reader)
                let record: Value
                if let client = caller.client {
                    let (size, sha256) = try EvidenceDownload.hash(file)
                    var query = ["criterion": criterion, "name": name ?? file]
                    if let supersedes { query["supersedes"] = supersedes }
                    if let item { query["item"] = String(item) }
                    record = try client.upload(
                        "/api/v1/cases/\(APICaller.segment(caseID))/evidence", file: file, query: query,
                        idempotencyKey: request.requestID, sha256: Self.bytes(hex: sha256), size: size)
                } else {
                    var bar: ProgressBar?
                    let (stored, outcome) = try Context.desk().uploadEvidence(
                        caseID, file: file, displayName: name, criterion: criterion, item: item,
                        supersedes: supersedes, by: try write.who.actorID(), requestID: request.requestID,
                        progress: { done, total in
                            if bar == nil { bar = ProgressBar(label: "uploading", total: total) }
                            bar?.update(done, of: total)
                        })
                    var fields: [String: Value] = [:]
                    if case .object(let given) = EvidenceView.json(stored) { fields = given }
                    fields["repeated"] = .bool(outcome.repeated)
                    fields["warnings"] = .array(outcome.followUpFailures.map { .string("\($0)") })
                    record = .object(fields)
                }
                for warning in record["warnings"]?.arrayValue ?? [] {
                    StandardError.print("warning: \(warning.stringValue ?? "")")
                }
                func text(_ key: String) -> String { EvidenceView.text(record, key) }
                if write.output.json {
                    Output.json(record)
                } else if record["repeated"] == .bool(true) {
                    Output.line(
                        "already uploaded as \(text("evidence")) (\(text("file")), \(text("size")) bytes) for "
                            + "\(text("criterion")) to \(caseID) #\(text("seq")) by request "
                            + "\(request.requestID ?? ""); nothing new stored")
                } else {
                    Output.line(
                        "uploaded \(text("evidence")) (\(text("file")), \(text("size")) bytes, sha256 "
                            + "\(text("sha256").prefix(12))…) for \(criterion)"
                            + (record["item"]?.integerValue.map { " item \($0)" } ?? "")
                            + " to \(caseID) #\(text("seq"))")
                    if record["mediaMismatch"] == .bool(true) {
                        Output.warning("\(text("file")) looks like \(text("mediaType")), not what its name says")
                    }
                }
            }
        }

        /// Bytes from hex.
        static func bytes(hex: String) -> [UInt8] {
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
                bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
                index = next
            }
            return bytes
        }
    }
}
