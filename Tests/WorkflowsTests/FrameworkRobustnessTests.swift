import Foundation
import Testing

@testable import Workflows

/// A small deterministic generator (SplitMix64), so every mutation run is reproducible from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct FrameworkRobustnessTests {
    static let shippedV1 = FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")

    /// Loads bytes and reports whether the outcome was acceptable: a framework, or at least one error diagnostic.
    static func loadsOrDiagnoses(_ bytes: [UInt8]) -> Bool {
        do {
            _ = try FrameworkReader.load(bytes, file: "mutant.xml")
            return true
        } catch {
            return error.items.contains { $0.severity == .error && !$0.message.isEmpty }
        }
    }

    static func mutate(_ original: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch generator.next() % 4 {
        case 0:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
        case 1:
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= UInt8.random(in: 1...255, using: &generator)
            }
        default:
            var lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false).map(Array.init)
            let index = Int.random(in: 0..<lines.count, using: &generator)
            if generator.next() % 2 == 0 {
                lines.remove(at: index)
            } else {
                lines.insert(lines[index], at: index)
            }
            bytes = Array(lines.joined(separator: [0x0a]))
        }
        return bytes
    }

    @Test func seededMutationsOfTheShippedFrameworkLoadOrDiagnose() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.shippedV1)))
        var generator = SeededGenerator(state: 20_261_129)
        var failures: [Int] = []
        var loaded = 0
        for index in 0..<300 {
            let mutant = Self.mutate(original, using: &generator)
            if (try? FrameworkReader.load(mutant, file: "mutant.xml")) != nil {
                loaded += 1
            } else if !Self.loadsOrDiagnoses(mutant) {
                failures.append(index)
            }
        }
        #expect(failures == [])
        #expect(loaded > 0 && loaded < 300, "the mutations should exercise both outcomes; \(loaded) loaded")
    }

    @Test func hugeAttributeValueIsRefusedWithADiagnostic() {
        let huge = String(repeating: "A", count: 5_000_000)
        let text = #"<framework xmlns="urn:accredit:framework:1" id="x" version="1" title="\#(huge)"/>"#
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
    }

    @Test func tenThousandLevelsOfNestingAreRefusedWithADiagnostic() {
        let depth = 10_000
        let text =
            #"<framework xmlns="urn:accredit:framework:1" id="x" version="1" title="t">"#
            + String(repeating: "<summary>", count: depth) + String(repeating: "</summary>", count: depth)
            + "</framework>"
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
    }

    @Test func wrongEncodingDeclarationIsDiagnosed() throws {
        var text = try String(contentsOfFile: Self.shippedV1, encoding: .utf8)
        text = text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
        let unknown = text.replacingOccurrences(of: "encoding=\"UTF-16\"", with: "encoding=\"KLINGON-8\"")
        #expect(Self.loadsOrDiagnoses(Array(unknown.utf8)))
    }

    @Test func entityExpansionIsRefused() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE framework [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <framework xmlns="urn:accredit:framework:1" id="x" version="1" title="&d;"/>
            """
        let error = #expect(throws: XMLDiagnostics.self) { try FrameworkReader.load(Array(text.utf8), file: "b.xml") }
        #expect(error?.items.isEmpty == false)
    }
}
