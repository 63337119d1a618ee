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
}
