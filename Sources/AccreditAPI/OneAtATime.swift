import Synchronization

/// Lets one piece of heavy work of a kind run at a time in this process (a bundle with files, a verification, a
/// large form read into memory); another asked for meanwhile is refused at once with the gate's problem, not
/// queued behind it.
public final class OneAtATime: Sendable {
    /// Whether the work is running.
    private let busy = Mutex(false)
    /// The answer while it is.
    private let refusal: Problem

    /// Creates a gate that answers `refusal` (a 429) while its work runs.
    public init(refusal: Problem) {
        self.refusal = refusal
    }

    /// The right to run the work, given back with ``release()``.
    public struct Ticket: Sendable {
        /// The gate it came from.
        let gate: OneAtATime

        /// Gives the right back.
        public func release() { gate.busy.withLock { $0 = false } }
    }

    /// Takes the right to run the work.
    ///
    /// - Throws: the gate's ``Problem`` while the work runs.
    public func take() throws(Problem) -> Ticket {
        let taken = busy.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard taken else { throw refusal }
        return Ticket(gate: self)
    }

    /// Runs `work` unless it is already running.
    ///
    /// - Throws: the gate's ``Problem`` while the work runs; what `work` throws.
    public func run<T>(_ work: () throws -> T) throws -> T {
        let ticket = try take()
        defer { ticket.release() }
        return try work()
    }
}
