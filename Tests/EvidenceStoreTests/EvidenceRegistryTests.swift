import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct EvidenceRegistryTests {
    /// Stores a file and records it with its upload event, as the case layer does.
    static func upload(
        _ bytes: [UInt8], named name: String, criterion: String, caseID: String = "C-1", supersedes: String? = nil,
        db: PostgresConnection, blobs: BlobStore, dir: String
    ) throws -> EvidenceRecord {
        try TestFiles.write(bytes, to: dir + "/" + name)
        let blob = try blobs.put(fileAt: dir + "/" + name)
        let log = CaseLog(connection: db)
        let version = try log.head(of: caseID).version
        var record = EvidenceRecord(
            caseID: caseID, evidenceID: try EvidenceRegistry(connection: db).nextEvidenceID(caseID: caseID),
            criterionID: criterion, fileName: EvidenceFileName.sanitise(name), mediaType: blob.mediaType,
            mediaMismatch: blob.mediaType.mismatches(fileName: name), size: blob.size, sha256: blob.sha256,
            uploadedBy: "sam", uploadedAt: CaseFixtures.opened, supersedes: supersedes, recordedSeq: version + 1)
        try log.append(
            caseID: caseID, expectedVersion: version,
            events: [CaseFixtures.event("evidence.uploaded", record.eventPayload)], definitionHash: "d",
            projection: CaseFixtures.projection, alsoStatements: EvidenceRegistry.insertStatements(record))
        record.recordedSeq = version + 1
        return record
    }

    @Test func uploadsAreRecordedWithTheirEventAndSupersede() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                let blobs = try BlobStore(root: dir + "/blobs")
                let first = try Self.upload(
                    BlobStoreTests.pdf, named: "policy.docx", criterion: "SL-1.1", db: db, blobs: blobs, dir: dir)
                #expect(first.evidenceID == "E-1")
                #expect(first.mediaType == .pdf && first.mediaMismatch)
                let second = try Self.upload(
                    Array("a,b\n1,2\n".utf8), named: "data.csv", criterion: "SL-1.1", supersedes: "E-1", db: db,
                    blobs: blobs, dir: dir)
                let registry = EvidenceRegistry(connection: db)
                #expect(try registry.records(caseID: "C-1").map(\.status) == [.superseded, .submitted])
                #expect(try registry.record(caseID: "C-1", evidenceID: "E-2") == second)
                let events = try CaseLog(connection: db).events(of: "C-1")
                #expect(events.map(\.envelope.type) == ["evidence.uploaded", "evidence.uploaded"])
                #expect(events.last?.envelope.payload["sha256"] == .string(second.sha256))
                #expect(throws: StoreError.self) { try registry.record(caseID: "C-1", evidenceID: "E-9") }
            }
        }
    }

    @Test func aFailedRecordLeavesNoRowAndOnlyARecentOrphan() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                let blobs = try BlobStore(root: dir + "/blobs")
                #expect(throws: (any Error).self) {
                    try Self.upload(
                        BlobStoreTests.pdf, named: "x.pdf", criterion: "SL-1.1", supersedes: "E-404", db: db,
                        blobs: blobs,
                        dir: dir)
                }
                #expect(try EvidenceRegistry(connection: db).records().isEmpty)
                #expect(try CaseLog(connection: db).head(of: "C-1").version == 0)
                let findings = try EvidenceFsck(registry: EvidenceRegistry(connection: db), blobs: blobs)
                    .run(repair: true, now: Int64(time(nil)))
                #expect(findings.map(\.kind) == [.orphaned])
                #expect(findings.first?.repaired == false)
            }
        }
    }

    @Test func fsckFindsAndRepairsEachKindOfDamage() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                let blobs = try BlobStore(root: dir + "/blobs")
                let kept = try Self.upload(
                    Array("kept\n".utf8), named: "a.txt", criterion: "SL-1.1", db: db, blobs: blobs, dir: dir)
                let lost = try Self.upload(
                    Array("lost\n".utf8), named: "b.txt", criterion: "SL-1.2", db: db, blobs: blobs, dir: dir)
                let swapped = try Self.upload(
                    Array("swap\n".utf8), named: "c.txt", criterion: "LD-1.1", db: db, blobs: blobs, dir: dir)
                try TestFiles.write(Array("stray\n".utf8), to: dir + "/stray.txt")
                let orphan = try blobs.put(fileAt: dir + "/stray.txt")
                try TestFiles.write([1, 2, 3], to: dir + "/blobs/tmp/upload-dead")
                unlink(blobs.path(of: lost.sha256))
                try TestFiles.write(Array("forged\n".utf8), to: blobs.path(of: swapped.sha256))

                var fsck = EvidenceFsck(registry: EvidenceRegistry(connection: db), blobs: blobs)
                fsck.graceSeconds = 0
                let now = Int64(time(nil)) + 1
                let report = try fsck.run(repair: false, now: now)
                #expect(Set(report.map(\.kind)) == [.missing, .corrupt, .orphaned, .staleTemporary])
                #expect(report.first { $0.kind == .missing }?.evidence == ["C-1/E-2"])
                #expect(report.first { $0.kind == .corrupt }?.subject == swapped.sha256)
                #expect(report.first { $0.kind == .orphaned }?.subject == orphan.sha256)
                #expect(report.allSatisfy { !$0.repaired })

                // A repair never deletes an orphan nobody decided on; once an administrator's disposal is recorded,
                // it does.
                let repaired = try fsck.run(repair: true, now: now)
                #expect(
                    repaired.filter(\.repaired).map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                        .corrupt, .staleTemporary,
                    ])
                #expect(blobs.check(orphan.sha256) == .intact)
                let after = try fsck.run(repair: false, now: now)
                #expect(after.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.missing, .missing, .orphaned])
                try EvidenceRegistry(connection: db).recordDisposal(of: orphan.sha256, by: "system", reason: "stray")
                #expect(try fsck.run(repair: true, now: now).filter(\.repaired).map(\.kind) == [.orphaned])
                #expect(try fsck.run(repair: false, now: now).map(\.kind) == [.missing, .missing])
                #expect(blobs.check(kept.sha256) == .intact)
            }
        }
    }
}
