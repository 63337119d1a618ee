import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Key {
    /// `accreditctl key show`: this home's signing key and whether the store stands behind it.
    struct KeyShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show this home's signing key and whether the store lists it as current.",
            discussion: """
                Checks the key file as signing does (owner, mode, the .pub file) and asks the store about it. Exits 1 \
                when the store does not list it as its current key.

                Examples:
                  accreditctl key show
                  accreditctl key show --json
                """)

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let key = try SigningKey.load(home: Context.home)
                let publicKey = HashChain.hex(key.publicKey)
                let record = try SigningKeyListing.keys().first { $0["publicKey"]?.stringValue == publicKey }
                let isCurrent = record?["status"]?.stringValue == "current"
                let standing =
                    record.map { isCurrent ? "current" : "retired at \($0["retiredAt"]?.stringValue ?? "?")" }
                    ?? "not registered with this store"
                if output.json {
                    Output.json([
                        "path": .string(key.path), "fingerprint": .string(key.fingerprint),
                        "publicKey": .string(HashChain.hex(key.publicKey)),
                        "status": .string(record.map { _ in isCurrent ? "current" : "retired" } ?? "unregistered"),
                    ])
                } else {
                    Output.line("signing key: \(key.path)")
                    Output.line("fingerprint: \(key.fingerprint)")
                    Output.line("public key:  \(HashChain.hex(key.publicKey)) (\(key.publicKeyPath))")
                    Output.line("store:       \(standing)")
                }
                guard isCurrent else {
                    throw CommandFailure(.refused, "the store does not list \(key.fingerprint) as its current key")
                }
            }
        }
    }
}
