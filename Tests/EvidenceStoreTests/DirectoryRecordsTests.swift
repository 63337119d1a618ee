import EvidenceStore
import PostgresTestSupport
import Testing

/// Organisations in the directory: ids and ODS codes are unique, and a taken one is named with its holder.
struct DirectoryRecordsTests {
    @Test func aTakenODSCodeNamesTheOrganisationThatHoldsIt() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let directory = DirectoryRecords(connection: db)
            try directory.register(
                Organisation(id: "riverside", name: "Riverside NHS Foundation Trust", odsCode: "RXQ"))
            let error = #expect(throws: StoreError.self) {
                try directory.register(Organisation(id: "hillside", name: "Hillside Hospital", odsCode: "RXQ"))
            }
            #expect(error?.code == .odsCodeTaken)
            #expect(
                error?.message
                    == "ODS code RXQ is already taken by organisation riverside (Riverside NHS Foundation Trust); "
                    + "hillside was not registered")
            #expect(try directory.organisations().map(\.id) == ["riverside"])
            #expect(try directory.holder(ofODSCode: "RXQ")?.id == "riverside")
            #expect(try directory.holder(ofODSCode: "RYY") == nil)
        }
    }

    @Test func aTakenIdIsStillReportedAsTheId() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let directory = DirectoryRecords(connection: db)
            try directory.register(Organisation(id: "riverside", name: "Riverside", odsCode: "RXQ"))
            let error = #expect(throws: StoreError.self) {
                try directory.register(Organisation(id: "riverside", name: "Riverside again", odsCode: "RZZ"))
            }
            #expect(error?.code == .invalid)
            #expect(error?.message == "organisation riverside already exists")
        }
    }

    /// Replay checks every past sender against the directory, so it is append-only (migration 0008): an insider who
    /// gives a conflicted assessor another role, or deletes a conflict declaration, is refused as a rewrite of the
    /// event log is.
    @Test func theDirectoryRefusesRewrites() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let directory = DirectoryRecords(connection: db)
            try directory.register(Organisation(id: "riverside", name: "Riverside", odsCode: "RXQ"))
            try db.execute(
                """
                INSERT INTO conflict_declarations (actor_id, organisation_id, valid_from, reason)
                VALUES ('system', 'riverside', '2026-01-01', 'advised the trust')
                """)
            for statement in [
                "UPDATE actors SET roles = '{decision-maker}' WHERE actor_id = 'system'",
                "DELETE FROM actors WHERE actor_id = 'system'", "TRUNCATE actors CASCADE",
                "UPDATE organisations SET name = 'Elsewhere'", "DELETE FROM organisations",
                "DELETE FROM conflict_declarations", "TRUNCATE conflict_declarations",
            ] {
                let error = #expect(throws: PostgresError.self, "\(statement)") { try db.execute(statement) }
                #expect(error?.sqlState == "AC403", "\(statement)")
            }
            #expect(try directory.organisations().map(\.name) == ["Riverside"])
        }
    }
}
