import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct BlobStoreTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".utf8)

    @Test func storesByContentHashOnceAndExportsVerified() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            let store = try BlobStore(root: dir + "/blobs")
            try TestFiles.write(Self.pdf, to: dir + "/policy.pdf")
            try TestFiles.write(Self.pdf, to: dir + "/copy.pdf")
            let first = try store.put(fileAt: dir + "/policy.pdf")
            let second = try store.put(fileAt: dir + "/copy.pdf")
            #expect(first.isNew && !second.isNew)
            #expect(first.sha256 == second.sha256)
            #expect(first.size == Int64(Self.pdf.count))
            #expect(first.mediaType == .pdf)
            #expect(store.storedHashes() == [first.sha256])
            #expect(store.temporaryFiles().isEmpty)
            #expect(try TestFiles.read(store.path(of: first.sha256)) == Self.pdf)
            #expect(store.check(first.sha256) == .intact)
            try store.export(first.sha256, to: dir + "/out.pdf")
            #expect(try TestFiles.read(dir + "/out.pdf") == Self.pdf)
        }
    }

    @Test func refusesEmptyOversizedSymlinkedAndNonRegularFiles() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            let store = try BlobStore(root: dir + "/blobs", maximumSize: 10)
            try TestFiles.write([], to: dir + "/empty.txt")
            try TestFiles.write(Array(repeating: 65, count: 11), to: dir + "/big.txt")
            try TestFiles.write(Array(repeating: 65, count: 5), to: dir + "/small.txt")
            symlink(dir + "/small.txt", dir + "/link.txt")
            let empty = try #require(throws: StoreError.self) { try store.put(fileAt: dir + "/empty.txt") }
            #expect(empty.description.contains("is empty"))
            #expect(empty.code == .fileRefused)
            let big = try #require(throws: StoreError.self) { try store.put(fileAt: dir + "/big.txt") }
            #expect(big.description.contains("over the store's upload limit of 10 bytes"))
            let link = try #require(throws: StoreError.self) { try store.put(fileAt: dir + "/link.txt") }
            #expect(link.description.contains("symbolic link"))
            let directory = try #require(throws: StoreError.self) { try store.put(fileAt: dir) }
            #expect(directory.description.contains("not a regular file"))
            #expect(throws: StoreError.self) { try store.put(fileAt: dir + "/absent.pdf") }
            #expect(store.storedHashes().isEmpty)
            #expect(store.temporaryFiles().isEmpty)
            #expect(try store.put(fileAt: dir + "/small.txt").mediaType == .text)
        }
    }

    @Test func exportRefusesACorruptedBlobAndLeavesNoPartialFile() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            let store = try BlobStore(root: dir + "/blobs")
            try TestFiles.write(Self.pdf, to: dir + "/a.pdf")
            let blob = try store.put(fileAt: dir + "/a.pdf")
            chmod(store.path(of: blob.sha256), 0o640)
            try TestFiles.write(Array("%PDF-forged".utf8), to: store.path(of: blob.sha256))
            guard case .corrupt = store.check(blob.sha256) else {
                Issue.record("a swapped file must be reported corrupt")
                return
            }
            let error = try #require(throws: StoreError.self) {
                try store.export(blob.sha256, to: dir + "/out.pdf")
            }
            #expect(error.description.contains("corrupt"))
            #expect(error.code == .evidenceFileCorrupt)
            #expect(try TestFiles.list(dir).sorted() == ["a.pdf", "blobs"])
            #expect(store.check(String(repeating: "0", count: 64)) == .missing)
        }
    }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], MediaType.png),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
            (Array("%PDF-1.4".utf8), .pdf),
            ([0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml".utf8), .docx),
            ([0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....xl/workbook.xml".utf8), .xlsx),
            ([0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....ppt/slides".utf8), .pptx),
            ([0x50, 0x4B, 0x03, 0x04] + Array("plain zip".utf8), .zip),
            (Array("criterion,rating\nSL-1.1,met\nSL-1.2,partially met\n".utf8), .csv),
            (Array("Minutes of the patient safety committee, 3 March.\nAttendees: …\n".utf8), .text),
            ([0x00, 0x01, 0x02, 0xFE], .unknown),
        ] as [([UInt8], MediaType)])
    func detectsMediaTypeFromContent(_ head: [UInt8], _ expected: MediaType) {
        #expect(MediaType.detect(head) == expected)
    }

    @Test func flagsExtensionsThatDisagreeWithContent() {
        #expect(MediaType.pdf.mismatches(fileName: "report.docx"))
        #expect(!MediaType.pdf.mismatches(fileName: "Report.PDF"))
        #expect(!MediaType.jpeg.mismatches(fileName: "photo.jpeg"))
        #expect(!MediaType.text.mismatches(fileName: "data.csv"))
        #expect(!MediaType.pdf.mismatches(fileName: "no-extension"))
        #expect(MediaType.unknown.mismatches(fileName: "tool.exe"))
    }

    @Test(arguments: [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\evil.pdf", "evil.pdf"),
        ("report\u{202E}fdp.exe", "reportfdp.exe"),
        ("line\nbreak\u{0}.pdf", "linebreak.pdf"),
        ("...hidden", "hidden"),
        ("/", "evidence"),
        ("  spaced name.pdf  ", "spaced name.pdf"),
    ])
    func sanitisesDisplayNames(_ raw: String, _ expected: String) {
        #expect(EvidenceFileName.sanitise(raw) == expected)
    }

    @Test func longNamesAreCutTo255Bytes() {
        #expect(EvidenceFileName.sanitise(String(repeating: "é", count: 300)).utf8.count <= 255)
    }
}
