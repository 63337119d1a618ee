import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// The folded states the server's desks share: used only for exactly the head the store holds.
struct CaseStateCacheTests {
    /// Desks over their own connections to one migrated database with the fixtures; the first `shared` share one
    /// cache, the rest have none.
    static func withDesks(
        shared: Int, uncached: Int, capacity: Int = 16,
        _ body: (_ desks: [CaseDesk], _ cache: CaseStateCache, _ dir: String, _ conninfo: String) throws -> Void
    ) async throws {
        try await TestDatabase.withDatabase { conninfo in
            try await TestFiles.withTemporaryDirectory { dir in
                let first = try PostgresConnection(conninfo: conninfo)
                try Migrator(connection: first).migrate()
                _ = try DeskFixtures.desk(first, blobs: dir + "/blobs")
                let cache = CaseStateCache(capacity: capacity)
                let desks = try (0..<(shared + uncached)).map { index in
                    let desk = CaseDesk(
                        connection: try PostgresConnection(conninfo: conninfo),
                        blobs: try BlobStore(root: dir + "/blobs"))
                    if index < shared { desk.stateCache = cache }
                    return desk
                }
                try body(desks, cache, dir, conninfo)
            }
        }
    }

    /// How many items of evidence a case holds for a criterion.
    static func evidence(_ open: OpenCase, _ criterion: String) -> Int {
        open.state.record.evidence.values.filter { $0.criterion == criterion }.count
    }

    /// The state as canonical JSON, to compare two folds.
    static func encoded(_ open: OpenCase) -> String {
        CanonicalJSON.encode(open.definitions.machine.encode(open.state))
    }

    @Test func aSharedStateIsTheFoldOfExactlyTheStoredEvents() async throws {
        try await Self.withDesks(shared: 2, uncached: 1) { desks, cache, dir, conninfo in
            let (writer, reader, outsider) = (desks[0], desks[1], desks[2])
            var time = try CaseDeskTests.toEvidence(writer)
            // The writer's appends are kept: the reader folds nothing.
            let before = cache.statistics
            let read = try reader.load("C-1")
            #expect(cache.statistics.hits == before.hits + 1)
            #expect(read.head.version == 6)
            #expect(Self.encoded(read) == Self.encoded(try outsider.loadFullReplay("C-1")))
            // A process without the cache appends: the kept state no longer matches the head, so it is not used.
            time = time.adding(microseconds: 1_000_000)
            try TestFiles.write(Array("minutes\n".utf8), to: dir + "/minutes.txt")
            try outsider.uploadEvidence("C-1", file: dir + "/minutes.txt", criterion: "SL-1.1", by: "ann", at: time)
            let missed = cache.statistics.misses
            let fresh = try reader.load("C-1")
            #expect(cache.statistics.misses == missed + 1)
            #expect(fresh.head.version == 7)
            #expect(Self.evidence(fresh, "SL-1.1") == 1)
            #expect(Self.encoded(fresh) == Self.encoded(try outsider.loadFullReplay("C-1")))
            // Audits fold every event and never look here.
            let counted = cache.statistics
            _ = try reader.loadFullReplay("C-1")
            #expect(cache.statistics.hits == counted.hits && cache.statistics.misses == counted.misses)
        }
    }

    @Test func aVersionNumberReusedAfterARewriteIsNotMistakenForTheKeptOne() async throws {
        try await Self.withDesks(shared: 1, uncached: 1) { desks, cache, dir, conninfo in
            let (server, outsider) = (desks[0], desks[1])
            var time = try CaseDeskTests.toEvidence(server)
            time = time.adding(microseconds: 1_000_000)
            try TestFiles.write(Array("policy\n".utf8), to: dir + "/policy.txt")
            try server.uploadEvidence("C-1", file: dir + "/policy.txt", criterion: "SL-1.1", by: "ann", at: time)
            #expect(try Self.evidence(server.load("C-1"), "SL-1.1") == 1)
            // An insider cuts the upload off and a different event takes version 7: same case, same version,
            // another chain. The kept state (with the upload) must not be served for it.
            try Insider(try PostgresConnection(conninfo: conninfo)).truncate("C-1", after: 6)
            try TestFiles.write(Array("board minutes\n".utf8), to: dir + "/board.txt")
            try outsider.uploadEvidence("C-1", file: dir + "/board.txt", criterion: "LD-1.1", by: "ann", at: time)
            let loaded = try server.load("C-1")
            #expect(loaded.head.version == 7)
            #expect(Self.evidence(loaded, "SL-1.1") == 0)
            #expect(Self.evidence(loaded, "LD-1.1") == 1)
            #expect(cache.statistics.cases == 1)
        }
    }

    @Test func theLeastRecentlyUsedCaseMakesRoom() async throws {
        try await Self.withDesks(shared: 1, uncached: 0, capacity: 2) { desks, cache, _, _ in
            let desk = desks[0]
            for caseID in ["C-1", "C-2", "C-3"] { _ = try CaseDeskTests.toEvidence(desk, caseID) }
            #expect(cache.statistics.cases == 2)
            // C-1 went first; C-3, the newest, is still kept.
            let hits = cache.statistics.hits
            _ = try desk.load("C-3")
            #expect(cache.statistics.hits == hits + 1)
            let misses = cache.statistics.misses
            _ = try desk.load("C-1")
            #expect(cache.statistics.misses == misses + 1)
            #expect(cache.statistics.cases == 2)
        }
    }
}
