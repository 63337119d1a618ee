import AccreditAPI
import CaseService
import EvidenceStore
import NIOPosix

/// A desk leased to one request at a time. The desk (and its connection) is used by one thread at a time only: the
/// pool hands it out and takes it back.
final class DeskLease: @unchecked Sendable {
    /// The desk.
    let desk: CaseDesk

    init(_ desk: CaseDesk) {
        self.desk = desk
    }
}

/// The server's database connections: up to `limit` desks, each over its own connection, handed to one request at a
/// time; libpq blocks, so the work runs on a thread pool, never on the event loop. A desk whose connection broke is
/// dropped and a new one made on the next request.
actor DeskPool {
    private let limit: Int
    private let factory: @Sendable () throws -> CaseDesk
    private var idle: [DeskLease] = []
    private var open = 0
    private var waiters: [CheckedContinuation<DeskLease?, Never>] = []
    /// The threads that run blocking database and file work.
    nonisolated let threads: NIOThreadPool

    init(limit: Int, threads: NIOThreadPool, factory: @escaping @Sendable () throws -> CaseDesk) {
        self.limit = max(1, limit)
        self.threads = threads
        self.factory = factory
    }

    /// Runs `body` with a desk on the thread pool.
    func run<T: Sendable>(_ body: @escaping @Sendable (CaseDesk) throws -> T) async throws -> T {
        let lease = try await take()
        do {
            let result = try await threads.runIfActive {
                lease.desk.beginRequest()
                return try body(lease.desk)
            }
            give(lease)
            return result
        } catch {
            if Self.isBroken(error) { discard() } else { give(lease) }
            throw error
        }
    }

    /// A desk: an idle one, a new one while under the limit, or the next one given back.
    private func take() async throws -> DeskLease {
        if let lease = idle.popLast() { return lease }
        if open < limit {
            open += 1
            do {
                let factory = self.factory
                return try await threads.runIfActive { DeskLease(try factory()) }
            } catch {
                open -= 1
                throw error
            }
        }
        if let lease = await withCheckedContinuation({ waiters.append($0) }) { return lease }
        // A broken desk was dropped while this request waited: make a new one.
        return try await take()
    }

    private func give(_ lease: DeskLease) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: lease)
        } else {
            idle.append(lease)
        }
    }

    private func discard() {
        open -= 1
        if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
    }

    /// Whether an error means the desk's connection is unusable (also when an operation already turned it into a
    /// problem document: the desk must still be dropped, or the next request on it fails too).
    static func isBroken(_ error: any Error) -> Bool {
        if let problem = error as? Problem {
            return problem.code == StoreError.Code.connectionLost.name
                || problem.code == StoreError.Code.databaseUnavailable.name
        }
        if let store = error as? StoreError {
            return store.code == .connectionLost || store.code == .databaseUnavailable
        }
        if let database = error as? PostgresError {
            return database.code == .connectionLost || database.code == .connectionFailed
        }
        return false
    }
}
