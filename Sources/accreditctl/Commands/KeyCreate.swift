import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Key {
    /// `accreditctl key create`: make and register the store's first signing key.
    struct KeyCreate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Make the store's signing key in this home and register it.",
            discussion: """
                Only when the store has no signing key yet (accreditctl init does the same). An existing key file of \
                yours that the store does not list is registered instead of replaced. Refused when the store already \
                has a key: sign from the home that holds it, or replace it there with accreditctl key rotate.

                Example:
                  accreditctl key create
                """)

        func run() throws {
            try reportingFailures {
                let home = Context.home
                if SigningKey.exists(home: home), let key = try? SigningKey.load(home: home) {
                    throw CommandFailure(
                        .invalid,
                        "\(key.path) already exists (\(key.fingerprint)); to replace it run: accreditctl key rotate "
                            + "--as ID")
                }
                let (key, _) = try Context.desk().establishSigningKey(home: home, by: Context.osUser)
                Output.line("created signing key \(key.path): \(key.fingerprint), public key in \(key.publicKeyPath)")
            }
        }
    }
}
