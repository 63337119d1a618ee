import Foundation
import Testing

@testable import Workflows

struct WorkflowRobustnessTests {
    static let shipped = FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml")
    static let header =
        #"<scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:acc="urn:accredit:workflow:1" version="1.0" "#
        + #"name="x" acc:version="1""#

    /// A load that either succeeds or fails with at least one error diagnostic that says something.
    static func loadsOrDiagnoses(_ bytes: [UInt8]) -> Bool {
        do {
            _ = try WorkflowReader.load(bytes, file: "mutant.scxml")
            return true
        } catch {
            return error.items.contains { $0.severity == .error && !$0.message.isEmpty }
        }
    }

    @Test func seededMutationsOfTheShippedWorkflowLoadOrDiagnose() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.shipped)))
        var generator = SeededGenerator(state: 20_261_130)
        var failures: [Int] = []
        var loaded = 0
        for index in 0..<300 {
            let mutant = FrameworkRobustnessTests.mutate(original, using: &generator)
            if (try? WorkflowReader.load(mutant, file: "mutant.scxml")) != nil {
                loaded += 1
            } else if !Self.loadsOrDiagnoses(mutant) {
                failures.append(index)
            }
        }
        #expect(failures == [])
        #expect(loaded > 0 && loaded < 300, "the mutations should exercise both outcomes; \(loaded) loaded")
    }

    @Test func hugeAttributeValueIsDiagnosed() {
        let huge = String(repeating: "A", count: 5_000_000)
        let text = Self.header + #"><state id="\#(huge)"/></scxml>"#
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
    }

    @Test func tenThousandLevelsOfNestingAreDiagnosed() {
        let depth = 10_000
        let text =
            Self.header + ">"
            + (0..<depth).map { #"<state id="s\#($0)">"# }.joined() + String(repeating: "</state>", count: depth)
            + "</scxml>"
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
    }

    @Test func aFiveThousandStateChainIsCheckedQuickly() throws {
        let count = 5_000
        let states = (0..<count).map { index in
            #"<state id="s\#(index)"><transition event="next" target="s\#(index + 1)" acc:roles="system"/></state>"#
        }
        let text =
            Self.header + ">" + states.joined() + #"<final id="s\#(count)"/><state id="orphan"/></scxml>"#
        let clock = ContinuousClock()
        var diagnostics: [XMLDiagnostic] = []
        let elapsed = clock.measure {
            do throws(XMLDiagnostics) {
                _ = try WorkflowReader.load(Array(text.utf8), file: "chain.scxml")
            } catch {
                diagnostics = error.items
            }
        }
        #expect(diagnostics.map(\.rule) == ["workflow.unreachable-state"])
        #expect(elapsed < .seconds(5))
    }

    @Test func billionLaughsIsRefused() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE scxml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            \(Self.header)><state id="s"><onentry><log label="&d;"/></onentry></state></scxml>
            """
        let error = #expect(throws: XMLDiagnostics.self) { try WorkflowReader.load(Array(text.utf8), file: "b.scxml") }
        #expect(error?.items.isEmpty == false)
    }

    @Test func externalEntityIsNotRead() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE scxml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            \(Self.header)><state id="s"><onentry><log label="&secret;"/></onentry></state></scxml>
            """
        let error = #expect(throws: XMLDiagnostics.self) { try WorkflowReader.load(Array(text.utf8), file: "e.scxml") }
        #expect(error?.items.contains { $0.message.contains("root:") } == false)
        #expect(error?.items.isEmpty == false)
    }

    @Test func wrongEncodingIsDiagnosed() throws {
        var text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        text = text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        #expect(Self.loadsOrDiagnoses(Array(text.utf8)))
        let latin = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + [0xE9, 0xFF, 0xFE]
        #expect(Self.loadsOrDiagnoses(latin))
    }
}
