import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Testing

struct CheckpointLogTests {
    @Test func publishesASignedCheckpointOverEveryHead() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                try CaseFixtures.openCase(db, caseID: "C-0")
                let stored = try CaseLog(connection: db).append(
                    caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("application.submit")],
                    definitionHash: "d", projection: CaseFixtures.projection)
                let key = try SigningKey.create(home: dir)
                let (id, checkpoint) = try CheckpointLog(connection: db).publish(key: key, at: CaseFixtures.opened)
                #expect(checkpoint.heads.map(\.caseID) == ["C-0", "C-1"])
                #expect(checkpoint.head(of: "C-1")?.head == stored.last?.hash)
                #expect(checkpoint.head(of: "C-0")?.head == HashChain.genesis)
                #expect(checkpoint.problems(trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
                let rows = try db.query(
                    "SELECT tree_size, root_hash, public_key FROM checkpoints WHERE checkpoint_id = $1", [.int(id)])
                #expect(try rows.first?["tree_size"].int() == 2)
                #expect(try rows.first?["root_hash"].byteArray() == checkpoint.rootHash)
            }
        }
    }

    @Test func refusesWhenAStoredHeadIsNotBackedByTheLog() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                try db.execute(
                    "UPDATE cases SET head_hash = $1 WHERE case_id = 'C-1'", [.bytea([UInt8](repeating: 1, count: 32))])
                let key = try SigningKey.create(home: dir)
                #expect(throws: StoreError.self) {
                    try CheckpointLog(connection: db).publish(key: key, at: CaseFixtures.opened)
                }
            }
        }
    }
}
