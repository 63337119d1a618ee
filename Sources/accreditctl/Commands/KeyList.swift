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
                let keys = try Context.desk().registeredSigningKeys()
                if trustFile {
                    Output.line("# signing keys of this store, as listed by accreditctl key list")
                    for key in keys {
                        Output.line(
                            "\(HashChain.hex(key.publicKey))  # \(key.fingerprint) "
                                + (key.isCurrent ? "current" : "retired \(key.retiredAt?.iso8601 ?? "")"))
                    }
                    return
                }
                Listing<SigningKeyRecord>(
                    key: "keys", header: ["FINGERPRINT", "STATUS", "CREATED", "BY", "RETIRED", "BY"],
                    empty: "no signing keys registered; run: accreditctl init",
                    row: { key in
                        [
                            key.fingerprint, key.isCurrent ? "current" : "retired", key.createdAt.iso8601,
                            key.createdBy, key.retiredAt?.iso8601 ?? "-", key.retiredBy ?? "-",
                        ]
                    },
                    value: { key in
                        [
                            "fingerprint": .string(key.fingerprint), "publicKey": .string(HashChain.hex(key.publicKey)),
                            "status": .string(key.isCurrent ? "current" : "retired"),
                            "createdAt": .string(key.createdAt.iso8601), "createdBy": .string(key.createdBy),
                            "retiredAt": key.retiredAt.map { .string($0.iso8601) } ?? .null,
                            "retiredBy": key.retiredBy.map(Value.string) ?? .null,
                        ]
                    }
                ).print(keys, json: output.json)
            }
        }
    }
}
