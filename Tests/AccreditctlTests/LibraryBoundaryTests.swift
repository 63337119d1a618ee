import Foundation
import Testing

/// The libraries speak in typed errors and leave the words to the front ends; only the store touches tables.
struct LibraryBoundaryTests {
    /// The repository root, from this file's path (`Tests/AccreditctlTests/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Front ends and tools: they may name the command-line tool, and keep their own baselines.
    static let frontEnds: Set<String> = ["accreditctl", "AccreditBenchmarks", "StoreBenchmarks", "AccreditFuzz"]

    /// Every `.swift` file under `Sources/TARGET` for each library target (every target but the front ends), and
    /// every migration script, as paths relative to the repository root.
    static func libraryFiles() throws -> [String] {
        let sources = root + "/Sources"
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources).filter { !frontEnds.contains($0) }
        var files: [String] = []
        for target in targets.sorted() {
            guard let walker = FileManager.default.enumerator(atPath: sources + "/" + target) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift") || path.hasSuffix(".sql") {
                files.append("Sources/\(target)/\(path)")
            }
        }
        return files.sorted()
    }

    /// The lines of the given files that contain any of `needles`, as `file:line: text`.
    static func mentions(of needles: [String], in files: [String]) throws -> [String] {
        var found: [String] = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where needles.contains(where: { line.contains($0) }) {
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test func theScanSeesEveryLibraryAndTheMigrations() throws {
        let files = try Self.libraryFiles()
        for target in ["AccreditEngine", "Workflows", "EvidenceStore", "EmbeddedPostgres", "CaseService"] {
            #expect(files.contains { $0.hasPrefix("Sources/\(target)/") && $0.hasSuffix(".swift") }, "\(target)")
        }
        #expect(files.contains("Sources/EvidenceStore/Migrations/0001_core_schema.sql"))
        #expect(!files.contains { $0.hasPrefix("Sources/accreditctl/") })
        // The scan finds a mention where there is one: the front end's own sources name the tool.
        #expect(try !Self.mentions(of: ["accreditctl"], in: ["Sources/accreditctl/Accreditctl.swift"]).isEmpty)
    }

    @Test func noLibraryOrMigrationNamesTheCommandLineTool() throws {
        let mentions = try Self.mentions(of: ["accreditctl"], in: try Self.libraryFiles())
        #expect(
            mentions.isEmpty,
            Comment(
                rawValue:
                    "libraries throw typed errors and accreditctl/Support/FailureReport.swift adds the commands:\n"
                    + mentions.joined(separator: "\n")))
    }

    @Test func onlyTheStoreRunsSQL() throws {
        let files = try Self.libraryFiles().filter { !$0.hasPrefix("Sources/EvidenceStore/") && $0.hasSuffix(".swift") }
        let calls = [".query(", ".execute(", ".pipeline(", ".copyIn(", ".copyOut(", ".transaction {"]
        let mentions = try Self.mentions(of: calls, in: files + Self.targetFiles("accreditctl"))
        #expect(
            mentions.isEmpty,
            Comment(rawValue: "SQL belongs behind EvidenceStore's types:\n" + mentions.joined(separator: "\n")))
    }

    @Test func theKernelImportsNothingAndNamesNoAccreditationType() throws {
        let kernel = try Self.targetFiles("Statecharts")
        #expect(kernel.count > 50)
        let imports = try Self.mentions(of: ["import "], in: kernel).filter { $0.contains(": import ") }
        #expect(imports.isEmpty, Comment(rawValue: "the kernel imports nothing:\n" + imports.joined(separator: "\n")))
        let domain = try Self.declaredTypes(in: try Self.targetFiles("AccreditEngine"))
        #expect(domain.contains("CaseMachine") && domain.contains("Framework") && domain.count > 40)
        var found: [String] = []
        for file in kernel {
            let text = try String(contentsOfFile: Self.root + "/" + file, encoding: .utf8)
            let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            found += words.intersection(domain).sorted().map { "\(file): \($0)" }
        }
        #expect(
            found.isEmpty,
            Comment(rawValue: "Statecharts must not know accreditation types:\n" + found.joined(separator: "\n")))
    }

    /// The names of the top-level types declared in the given files (nested ones such as `Code` are generic words).
    static func declaredTypes(in files: [String]) throws -> Set<String> {
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where !(line.first?.isWhitespace ?? true) {
                let modifiers: Set<Substring> = ["public", "internal", "package", "fileprivate", "private", "final"]
                let words = line.split(separator: " ").drop { modifiers.contains($0) }
                guard let keyword = words.first, let name = words.dropFirst().first,
                    ["struct", "enum", "class", "protocol", "typealias", "actor"].contains(keyword)
                else { continue }
                names.insert(String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
        }
        return names
    }

    /// Every `.swift` file of one target.
    static func targetFiles(_ target: String) throws -> [String] {
        let folder = root + "/Sources/" + target
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { "Sources/\(target)/\($0)" }
    }
}
