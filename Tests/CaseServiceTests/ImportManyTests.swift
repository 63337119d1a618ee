import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Importing many cases at once (issue #19): every case checked as a single import is, written in batches inside
/// one transaction, so that a refusal anywhere, in any batch, leaves nothing imported; a conflict declared in one
/// case's history counts for the cases after it.
@Suite struct ImportManyTests {
    /// A case to import for riverside, opened a year ago: submitted by Ann and accepted by the secretariat, then
    /// `more`.
    static func history(_ caseID: String, opened: Instant, more: [ImportedEvent] = []) -> CaseImport {
        CaseImport(
            caseID: caseID, organisation: "riverside", workflow: DeskFixtures.workflow,
            framework: DeskFixtures.framework, openedAt: opened,
            events: [
                ImportedEvent(name: "application.submit", actor: "ann", occurredAt: opened.adding(days: 1)),
                ImportedEvent(name: "application.accept", actor: "sec", occurredAt: opened.adding(days: 2)),
            ] + more)
    }

    /// Imports `cases` through the desk, two events a batch (so every case after the first is another batch).
    @discardableResult
    static func importAll(_ desk: CaseDesk, _ cases: [CaseImport]) throws -> ImportSummary {
        var remaining = cases[...]
        return try desk.importCases(by: "sec", batchEvents: 2) { remaining.popFirst() }
    }

    /// Whether a case exists.
    static func exists(_ desk: CaseDesk, _ caseID: String) -> Bool {
        (try? desk.load(caseID)) != nil
    }

    @Test func manyCasesAreImportedTogetherOrNotAtAll() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let opened = try desk.now().adding(years: -1)
                let summary = try Self.importAll(
                    desk, ["C-M1", "C-M2", "C-M3"].map { Self.history($0, opened: opened) })
                #expect(summary == ImportSummary(cases: 3, events: 6))
                for caseID in ["C-M1", "C-M2", "C-M3"] {
                    let open = try desk.load(caseID)
                    #expect(open.head.version == 2 && open.head.openedAt == opened)
                }
                #expect(
                    try desk.verifyStore(.all, since: nil, trusted: TrustedKeys(publicKeys: [])).report.findings.isEmpty
                )

                // A rule broken in the third case, two batches after the first: nothing is imported.
                let broken = Self.history(
                    "C-M6", opened: opened,
                    more: [
                        ImportedEvent(name: "application.withdraw", actor: "hal", occurredAt: opened.adding(days: 3))
                    ])
                let refused = try #require(throws: CaseRefusal.self) {
                    try Self.importAll(
                        desk, [Self.history("C-M4", opened: opened), Self.history("C-M5", opened: opened), broken])
                }
                #expect(refused.message.hasPrefix("case C-M6: event 3 (application.withdraw by hal"), "\(refused)")
                #expect(!Self.exists(desk, "C-M4") && !Self.exists(desk, "C-M5") && !Self.exists(desk, "C-M6"))

                // A case id already taken, in a later batch: nothing is imported.
                let taken = try #require(throws: StoreError.self) {
                    try Self.importAll(
                        desk, [Self.history("C-M7", opened: opened), Self.history("C-M2", opened: opened)])
                }
                #expect(taken.code == .invalid && taken.message.contains("already exists"), "\(taken)")
                #expect(!Self.exists(desk, "C-M7"))

                // Given twice in one import.
                let twice = try #require(throws: StoreError.self) {
                    var cases = [Self.history("C-M8", opened: opened), Self.history("C-M8", opened: opened)][...]
                    try desk.importCases(by: "sec") { cases.popFirst() }
                }
                #expect(twice.message.contains("given twice"))

                // Only an administrator imports; nothing is read from `next` first.
                var asked = false
                #expect(throws: CaseRefusal.self) {
                    try desk.importCases(by: "ann") {
                        asked = true
                        return nil
                    }
                }
                #expect(!asked)
                #expect(
                    try desk.verifyStore(.all, since: nil, trusted: TrustedKeys(publicKeys: [])).report.findings.isEmpty
                )
            }
        }
    }

    @Test func aConflictDeclaredInOneCaseCountsForTheCasesAfterIt() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let opened = try desk.now().adding(years: -1)
                func at(_ days: Int64) -> Instant { opened.adding(days: days) }
                let declaring = Self.history(
                    "C-D1", opened: opened,
                    more: [
                        ImportedEvent(name: "team.assign", actor: "sec", occurredAt: at(3), data: ["person": "alice"]),
                        ImportedEvent(
                            name: "conflict.declare", actor: "alice", occurredAt: at(4), data: ["reason": "cousin"]),
                    ])
                let assigning = Self.history(
                    "C-D2", opened: opened,
                    more: [
                        ImportedEvent(name: "team.assign", actor: "sec", occurredAt: at(5), data: ["person": "alice"])
                    ])
                // In one batch of many events, the declaring case still ends its batch, so the next case is checked
                // against a register holding the declaration.
                var cases = [declaring, assigning][...]
                let refused = try #require(throws: CaseRefusal.self) {
                    try desk.importCases(by: "sec") { cases.popFirst() }
                }
                #expect(
                    refused.rule == "team.conflict-of-interest" && refused.message.hasPrefix("case C-D2"), "\(refused)")
                #expect(try desk.directory.conflicts(organisation: "riverside").isEmpty)
                #expect(!Self.exists(desk, "C-D1"))

                var alone = [declaring][...]
                try desk.importCases(by: "sec") { alone.popFirst() }
                #expect(try desk.directory.conflicts(organisation: "riverside").map(\.actor) == ["alice"])
            }
        }
    }
}
