import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Key {
    /// `accreditctl key list`: every key the store lists, current and retired.
    struct KeyList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the store's signing keys, current and retired.",
            discussion: """
                Public keys only. --trust-file prints them as a trust file for award verify, audit verify and \
                audit verify-bundle (--trusted-key FILE or ACCREDIT_TRUSTED_KEYS): one public key a line with a \
                comment. Keep retired keys in it to verify what they signed before the rotation.

                Examples:
                  accreditctl key list
                  accreditctl key list --json
                  accreditctl key list --trust-file > trusted-keys.txt
                """)

        @OptionGroup var output: OutputOptions

        @Flag(help: "Print a trust file: one public key a line, with a comment.")
        var trustFile = false

        func run() throws {
            try reportingFailures {
                let keys = try SigningKeyListing.keys()
                func text(_ key: Value, _ field: String) -> String { JSONField.text(key, field) }
                if trustFile {
                    Output.line("# signing keys of this store, as listed by accreditctl key list")
                    for key in keys {
                        let current = text(key, "status") == "current"
                        Output.line(
                            "\(text(key, "publicKey"))  # \(text(key, "fingerprint")) "
                                + (current ? "current" : "retired \(text(key, "retiredAt"))"))
                    }
                    return
                }
                Listing<Value>(
                    key: "keys", header: ["FINGERPRINT", "STATUS", "CREATED", "BY", "RETIRED", "BY"],
                    empty: "no signing keys registered; run: accreditctl init",
                    row: { key in
                        [
                            text(key, "fingerprint"), text(key, "status"), text(key, "createdAt"),
                            text(key, "createdBy"), key["retiredAt"]?.stringValue ?? "-",
                            key["retiredBy"]?.stringValue ?? "-",
                        ]
                    },
                    value: { $0 }
                ).print(keys, json: output.json)
            }
        }
    }
}
