import ArgumentParser

extension Accreditctl {
    /// `accreditctl key`: the store's signing key.
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Create, show, rotate and list the body's signing keys.",
            discussion: """
                The body signs checkpoints, award certificates and the award status list with one Ed25519 key, \
                ACCREDIT_HOME/keys/signing-key (mode 0600, owned by you; its public key is signing-key.pub). The \
                store lists its keys, so a key made in another home directory is refused, and keeps retired keys \
                so that old signatures still verify. Keys are made only by accreditctl init, key create and key \
                rotate, never as a side effect of signing. Give relying parties the output of key list \
                --trust-file (or a fingerprint) through a channel you control.

                Examples:
                  accreditctl key create
                  accreditctl key show
                  accreditctl key list --trust-file > trusted-keys.txt
                  accreditctl key rotate --as sam
                """,
            subcommands: [KeyCreate.self, KeyShow.self, KeyList.self, KeyRotate.self]
        )
    }
}
