import ArgumentParser

extension Accreditctl {
    /// `accreditctl store`: the store's settings and clock.
    struct Store: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Show and change the store's settings: the upload limit, sandbox mode and its clock.",
            discussion: """
                Settings belong to the store, not to a client: every command reads them from the database, and \
                only an administrator changes them. Each change is recorded with who made it and when.

                Examples:
                  accreditctl store settings --as sec
                  accreditctl store settings --history --json --as aud
                  accreditctl store set upload.max-bytes 104857600 --as sec
                  accreditctl store set sandbox true --as sec
                  accreditctl store set clock 2027-06-01T09:00:00Z --as sec
                """,
            subcommands: [Settings.self, SetSetting.self]
        )
    }
}
