import ArgumentParser

/// A hidden `--at` on commands that change a case, so that a client's attempt to choose the time is refused with
/// what to do instead of "unknown option".
struct RefusedTimeOption: ParsableArguments {
    @Option(name: .customLong("at"), help: .hidden)
    var at: String?

    func validate() throws {
        guard at != nil else { return }
        throw ValidationError(
            "--at is not taken: a change happens at the store's time (the database server's clock). On a sandbox "
                + "store, an administrator moves the simulated clock with 'accreditctl store set clock TIME'; "
                + "history from an earlier system comes in with 'accreditctl case import'.")
    }
}
