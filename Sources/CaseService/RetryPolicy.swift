/// How a ``CaseDesk`` retries a write that lost a race: how many attempts in all, and how long to wait before each
/// retry (exponential backoff with full jitter, capped).
///
/// A write that loses a race (another writer appended between its load and its append) is reloaded and decided
/// again on the new state; the pure case machine's decision on the reloaded case is the re-check. Waiting a random
/// time before each retry spreads writers that lost together, so they do not collide again at once. Waiting alone
/// guarantees nothing when many writers contend (each attempt's load and decision take longer than the waits), so
/// the last attempt takes the case's row lock before it loads (``locksLastAttempt``): others' appends wait for it,
/// and it cannot lose.
public struct RetryPolicy: Hashable, Sendable {
    /// The most attempts a write makes, the first included: 1 never retries.
    public var attempts: Int
    /// The cap of the random wait before the first retry, in microseconds; it doubles for each further retry.
    public var firstDelayMicroseconds: Int
    /// The cap of the random wait before any retry, in microseconds.
    public var maximumDelayMicroseconds: Int
    /// True when the last attempt (of two or more) holds the case's row lock from its load to its commit, so that
    /// it cannot lose a race; false leaves it optimistic like the others (a conflict once all have lost).
    public var locksLastAttempt: Bool

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - attempts: The most attempts in all, at least 1 (smaller values count as 1).
    ///   - firstDelayMicroseconds: The cap of the wait before the first retry.
    ///   - maximumDelayMicroseconds: The cap of every wait.
    ///   - locksLastAttempt: Whether the last attempt holds the case's lock (see ``locksLastAttempt``).
    public init(
        attempts: Int, firstDelayMicroseconds: Int = 2_000, maximumDelayMicroseconds: Int = 100_000,
        locksLastAttempt: Bool = true
    ) {
        self.attempts = max(1, attempts)
        self.locksLastAttempt = locksLastAttempt
        self.firstDelayMicroseconds = max(0, firstDelayMicroseconds)
        self.maximumDelayMicroseconds = max(0, maximumDelayMicroseconds)
    }

    /// What every desk starts with: up to 8 attempts, waiting a random 0–2 ms before the first retry, doubling the
    /// range each time up to 100 ms (the seven waits add up to at most 226 ms, 113 ms on average); the eighth
    /// attempt holds the case's lock.
    public static let standard = RetryPolicy(attempts: 8)

    /// One attempt and no retry: a lost race is reported as a conflict at once.
    public static let never = RetryPolicy(attempts: 1)

    /// The cap of the wait before retry `retry` (1 for the first retry): `first · 2^(retry − 1)`, at most the maximum.
    public func delayCap(beforeRetry retry: Int) -> Int {
        let doublings = min(max(retry - 1, 0), 30)
        let (grown, overflow) = firstDelayMicroseconds.multipliedReportingOverflow(by: 1 << doublings)
        return overflow ? maximumDelayMicroseconds : min(grown, maximumDelayMicroseconds)
    }

    /// The wait before retry `retry` (1 for the first retry), in microseconds: uniformly random between 0 and
    /// ``delayCap(beforeRetry:)`` ("full jitter").
    ///
    /// - Parameter random: The source of randomness (the system's, on a desk; a seeded one in tests).
    public func delay(beforeRetry retry: Int, using random: inout some RandomNumberGenerator) -> Int {
        let cap = delayCap(beforeRetry: retry)
        return cap == 0 ? 0 : Int.random(in: 0...cap, using: &random)
    }
}
