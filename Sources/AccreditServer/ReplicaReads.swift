import AccreditAPI
import CaseService
import EvidenceStore
import HTTPTypes
import Synchronization

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

/// The standby the server reads from, and where the newest write this server made ends in the WAL.
///
/// A route marked ``APIRoute/replica`` is answered on the standby only when it has applied **every** write this
/// server has made (and, after a start, everything the primary held when the first such read came in) and is at
/// most ``ServerConfiguration/maximumReplicaLagMilliseconds`` behind the primary; otherwise, and whenever the standby
/// cannot be reached or cannot say how far behind it is, the primary answers. Every write counts, not only the
/// reader's: a role removed, a team changed or a conflict declared decides what a reader may see, and the standby
/// decides access from its own copy of them. Credentials are always checked on the primary.
final class ReplicaReads: Sendable {
    /// The standby's connections.
    let pool: DeskPool
    /// The most a standby's answer may lag, in milliseconds.
    let maximumLagMilliseconds: Int64
    private let newestWrite = Mutex<WALPosition?>(nil)

    init(pool: DeskPool, maximumLagMilliseconds: Int64) {
        self.pool = pool
        self.maximumLagMilliseconds = maximumLagMilliseconds
    }

    /// Records where the primary's WAL ended after a write (or an attempt at one: it may have committed before it
    /// failed). Called on the desk's thread, right after the write.
    func wrote(_ desk: CaseDesk) {
        guard let position = try? desk.log.walPosition() else {
            // Where the write ended is unknown: no standby answers until one has been read again.
            newestWrite.withLock { $0 = WALPosition(UInt64.max) }
            return
        }
        raise(to: position)
    }

    /// Moves the fence forward to `position` (never back).
    private func raise(to position: WALPosition) {
        newestWrite.withLock { known in
            if let current = known, current >= position, current.value != UInt64.max { return }
            known = position
        }
    }

    /// Runs `read` on the standby when it may answer: it has applied every write this server made, and is behind
    /// the primary's `position` (taken when the request's credential was checked) by at most the allowed lag.
    /// Returns nil when the primary must answer instead.
    func answer<T: Sendable>(primaryAt position: WALPosition, _ read: @escaping @Sendable (CaseDesk) throws -> T)
        async throws -> (T, ReadSource)?
    {
        // The first read after a start, or after a write whose end was unknown: the fence is where the primary is.
        newestWrite.withLock { known in
            if known == nil || known?.value == UInt64.max { known = position }
        }
        let fence = newestWrite.withLock { $0 } ?? position
        let limit = maximumLagMilliseconds
        do {
            return try await pool.run { desk -> (T, ReadSource)? in
                let state = try desk.log.replayState()
                // A server that takes writes is not a standby of this primary (a promoted copy has its own history).
                guard state.standby, state.applied >= fence else { return nil }
                let lag: Int64
                if state.applied >= position {
                    lag = 0
                } else {
                    // Unknown (it has replayed nothing since it started): not trusted.
                    guard let since = state.millisecondsSinceLastApplied, since <= limit else { return nil }
                    lag = since
                }
                return (try read(desk), ReadSource(server: "replica", lagMilliseconds: lag))
            }
        } catch  where DeskPool.isBroken(error) || (error as? Problem)?.status == 503 {
            // A standby that is down or unreachable, or failed the read (a query cancelled for a conflict with
            // replay, say): the primary answers.
            return nil
        }
    }
}
