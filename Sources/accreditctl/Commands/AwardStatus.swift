import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Award {
    /// `accreditctl award status`: make, sign and publish the award status list.
    struct AwardStatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Publish the signed status list of every award certificate.",
            discussion: """
                Lists every certificate the body has issued with its status: current, suspended, withdrawn, \
                expired or superseded (format accredit-award-status/1, signed with the store's key). The list is \
                regenerated after every change to an award and written to ACCREDIT_HOME/published/award-status.json; \
                this command regenerates it now and, with --out, also writes a copy. It is a public document (mode \
                0644). Relying parties check a certificate against it offline with award verify --status.

                Examples:
                  accreditctl award status --as sam
                  accreditctl award status --out award-status.json --as aud
                  accreditctl award status --json --as aud
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Also write the list to this file (replaced if it exists).")
        var out: String?

        func run() throws {
            try reportingFailures {
                let caller = try APICaller(who)
                let value = try caller.call(.post, "/api/v1/award-status")
                if let out {
                    // The signed list as published (the summary above leaves out its signature).
                    let published = try caller.call(.get, "/api/v1/award-status")
                    try AuditFiles.write(CanonicalJSON.encode(published) + "\n", to: out, public: true, replacing: true)
                }
                if output.json {
                    Output.json(value)
                    return
                }
                let entries = value.array("entries").compactMap(AwardStatusList.Entry.init(value:))
                let publicKey = value.text("publicKey").hexBytes
                Listing<AwardStatusList.Entry>(
                    key: "entries", header: ["CERTIFICATE", "CASE", "ORGANISATION", "STATUS", "SINCE", "EXPIRES"],
                    empty: "no award certificates issued yet",
                    row: { entry in
                        [
                            entry.number, entry.caseID, entry.organisationID, entry.status.rawValue,
                            entry.since?.iso8601 ?? "-", entry.expiresAt.iso8601,
                        ]
                    }, value: \.value
                ).print(entries, json: false)
                Output.line(
                    "status list of \(value.text("issuedAt")), signed by \(KeyFingerprint.of(publicKey)); "
                        + "written to \(value.text("file"))" + (out.map { " and \($0)" } ?? ""))
            }
        }
    }
}
