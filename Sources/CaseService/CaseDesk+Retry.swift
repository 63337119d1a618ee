import EvidenceStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CaseDesk {
    /// Runs a write's attempts until one commits, refuses or fails otherwise: an attempt that lost a race (a
    /// ``StoreError`` `.conflict` from the append), or whose time the store's clock left more than its tolerance
    /// behind (`.clockMismatch`, a stalled attempt), is run again, from the load, after a random wait
    /// (``retryPolicy``), up to the policy's number of attempts. When the policy says so, the last attempt runs
    /// under the case's row lock (``CaseLog/whileLocked(_:_:)``), so that it cannot lose.
    ///
    /// Each attempt loads the case again and asks the case machine again, so a refusal on the new state is thrown
    /// as the refusal it is. Nothing of a lost attempt was written (its transaction aborted), so an attempt may use
    /// the same request id again, and follow-ups, which run after a commit, run once per committed write.
    ///
    /// - Parameters:
    ///   - caseID: The case written to, for the error and the lock.
    ///   - pinned: True when the caller pinned the version it expects: its conflict is the caller's precondition
    ///     failing, so it is thrown as it is, never retried.
    ///   - outcome: Where the attempt's result holds the ``Outcome``, to add the follow-ups' failures to when they
    ///     run after the locked attempt's commit.
    ///   - attempt: One attempt, given its number (1 for the first).
    /// - Returns: What the attempt that did not lose a race returned.
    /// - Throws: Whatever an attempt throws other than a lost race; ``StoreError`` `.conflict` with the case's
    ///   current version once the attempts run out.
    func retrying<T>(
        _ caseID: String, pinned: Bool = false, outcome: WritableKeyPath<T, Outcome>,
        _ attempt: (_ number: Int) throws -> T
    ) throws -> T {
        if pinned { return try attempt(1) }
        let policy = retryPolicy
        var random = SystemRandomNumberGenerator()
        var number = 1
        while true {
            do {
                if number > 1, number == policy.attempts, policy.locksLastAttempt {
                    return try locked(caseID, outcome: outcome) { try attempt(number) }
                }
                return try attempt(number)
            } catch let error as StoreError where error.code == .conflict || error.code == .clockMismatch {
                // A stamp the store's clock has left behind (a stalled attempt) is decided again at the new time.
                guard number < policy.attempts else {
                    if error.code == .clockMismatch { throw error }
                    throw Self.exhausted(error, caseID: caseID, attempts: number)
                }
                Self.wait(microseconds: policy.delay(beforeRetry: number, using: &random))
                number += 1
            }
        }
    }

    /// Runs an attempt under the case's row lock, then, after the commit, the snapshots and follow-ups of what it
    /// appended.
    private func locked<T>(_ caseID: String, outcome: WritableKeyPath<T, Outcome>, _ attempt: () throws -> T) throws
        -> T
    {
        lockedAppends = []
        defer { lockedAppends = nil }
        var value = try log.whileLocked(caseID, attempt)
        let appended = lockedAppends ?? []
        lockedAppends = nil
        for open in appended { value[keyPath: outcome] = committed(value[keyPath: outcome], to: open) }
        return value
    }

    /// The conflict reported when every attempt lost a race: the case's version when the last one lost, and how
    /// many tried.
    static func exhausted(_ lost: StoreError, caseID: String, attempts: Int) -> StoreError {
        let version = lost.actualVersion.map { "version \($0)" } ?? "a newer version"
        let tries = attempts == 1 ? "the one attempt allowed" : "all \(attempts) attempts"
        return StoreError(
            code: .conflict,
            message: "case \(caseID) kept changing while this command was decided: \(tries) lost to other writers "
                + "(it is at \(version) now) and nothing was written; reload it and retry",
            caseID: lost.caseID ?? caseID, actualVersion: lost.actualVersion, underlying: lost.underlying)
    }

    /// Sleeps the calling thread (the desk is synchronous, one connection per desk).
    private static func wait(microseconds: Int) {
        guard microseconds > 0 else { return }
        var request = timespec(tv_sec: microseconds / 1_000_000, tv_nsec: (microseconds % 1_000_000) * 1_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
