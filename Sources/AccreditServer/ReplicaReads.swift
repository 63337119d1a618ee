import AccreditAPI
import CaseService
import EvidenceStore
import HTTPTypes

/// Where a read was answered from, and how far behind that may be: sent as `Accredit-Read-From` and
/// `Accredit-Read-Lag-Ms` with every answer of a route that may be read from a standby.
struct ReadSource: Sendable {
    /// `primary` or `replica`.
    let server: String
    /// How many milliseconds behind the primary the answer may be (0: it holds every commit made before the
    /// request).
    let lagMilliseconds: Int64

    /// Sets the headers on an answer.
    func label(_ headers: inout HTTPFields) {
        headers[.readFrom] = server
        headers[.readLag] = String(lagMilliseconds)
    }

    /// Read from the primary: nothing missing.
    static let primary = ReadSource(server: "primary", lagMilliseconds: 0)
}

/// The standbys the server reads from (``ServerConfiguration/maximumReplicaLagMilliseconds``), and what each person
/// last wrote, so that their reads see it.
///
/// A route marked ``APIRoute/replica`` is answered on a standby when the standby has applied the caller's own
/// newest write and is at most the allowed lag behind; otherwise, and whenever the standby cannot be reached, on the
/// primary. Credentials are always checked on the primary: a revoked token or ended session is refused at once,
/// whatever the standby has applied.
actor ReplicaReads {
    /// The standby's connections.
    nonisolated let pool: DeskPool
    /// The most a standby's answer may lag, in milliseconds.
    nonisolated let maximumLagMilliseconds: Int64
    private var fences: [String: WALPosition] = [:]

    init(pool: DeskPool, maximumLagMilliseconds: Int64) {
        self.pool = pool
        self.maximumLagMilliseconds = maximumLagMilliseconds
    }

    /// Records that `actor` wrote, and that the primary's WAL ended at `position` after it.
    func wrote(_ actor: String, at position: WALPosition) {
        if let known = fences[actor], known >= position { return }
        fences[actor] = position
    }

    /// Where `actor`'s newest write ends, if this server saw one.
    func fence(of actor: String) -> WALPosition? {
        fences[actor]
    }

    /// Runs `read` on the standby when it may answer for `actor`: it has applied the caller's newest write and is
    /// behind the primary's `position` (taken when the request was authenticated) by at most the allowed lag.
    /// Returns nil when the primary must answer instead.
    func answer<T: Sendable>(
        for actor: String, primaryAt position: WALPosition, _ read: @escaping @Sendable (CaseDesk) throws -> T
    ) async throws -> (T, ReadSource)? {
        let fence = fences[actor]
        let limit = maximumLagMilliseconds
        do {
            return try await pool.run { desk -> (T, ReadSource)? in
                let state = try desk.log.replayState()
                if let fence, state.applied < fence { return nil }
                let lag = state.applied >= position ? 0 : state.millisecondsSinceLastApplied
                guard lag <= limit else { return nil }
                return (try read(desk), ReadSource(server: state.standby ? "replica" : "primary", lagMilliseconds: lag))
            }
        } catch  where DeskPool.isBroken(error) {
            // A standby that is down or unreachable: the primary answers.
            return nil
        }
    }
}
