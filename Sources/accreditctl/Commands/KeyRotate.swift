import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Key {
    /// `accreditctl key rotate`: replace the current key, keeping the old one retired.
    struct KeyRotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Make a new current signing key and retire the old one.",
            discussion: """
                Administrators only (store.configure), from the home that holds the current key. The old private key \
                is kept in ACCREDIT_HOME/keys/retired/ and its public key stays in key list, so certificates and \
                checkpoints it signed still verify; everything signed from now on uses the new key. Publish the new \
                public key (key list --trust-file) to relying parties.

                Example:
                  accreditctl key rotate --as sam
                """)

        @OptionGroup var who: ReaderOptions

        func run() throws {
            try reportingFailures {
                let desk = try Context.desk()
                let (retired, current) = try desk.rotateSigningKey(home: Context.home, by: try who.actorID())
                Output.line("retired \(retired.fingerprint) (kept in \(retired.path))")
                Output.line("current \(current.fingerprint) (public key in \(current.publicKeyPath))")
                do {
                    try AwardStatusFollowUp.publish(
                        desk: desk, home: Context.home, to: AwardStatusFollowUp.defaultPath(home: Context.home))
                } catch {
                    Output.warning("the award status list was not re-signed: \(FailureReport(error).message)")
                }
            }
        }
    }
}
