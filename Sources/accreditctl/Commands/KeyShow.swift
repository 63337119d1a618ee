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
                let record = try Context.desk().registeredSigningKeys().first { $0.publicKey == key.publicKey }
                let standing =
                    record.map { $0.isCurrent ? "current" : "retired at \($0.retiredAt?.iso8601 ?? "?")" }
                    ?? "not registered with this store"
                if output.json {
                    Output.json([
                        "path": .string(key.path), "fingerprint": .string(key.fingerprint),
                        "publicKey": .string(HashChain.hex(key.publicKey)),
                        "status": .string(record.map { $0.isCurrent ? "current" : "retired" } ?? "unregistered"),
                    ])
                } else {
                    Output.line("signing key: \(key.path)")
                    Output.line("fingerprint: \(key.fingerprint)")
                    Output.line("public key:  \(HashChain.hex(key.publicKey)) (\(key.publicKeyPath))")
                    Output.line("store:       \(standing)")
                }
                guard record?.isCurrent == true else {
                    throw CommandFailure(.refused, "the store does not list \(key.fingerprint) as its current key")
                }
            }
        }
    }
}
