import AccreditEngine
import Foundation
import Testing

@testable import Workflows

struct WorkflowReaderTests {
    static let shipped = FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml")

    @Test func theShippedWorkflowValidatesClean() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.shipped)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings.map(\.description))")
        #expect(loaded.framework?.id == "patient-safety-standards")
        #expect(loaded.identity.name == "patient-safety-accreditation")
        #expect(loaded.identity.version == "1")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.shipped)))
        #expect(loaded.identity == DefinitionIdentity(name: "patient-safety-accreditation", version: "1", bytes: bytes))
    }

    @Test func changedContentChangesTheIdentityButNotTheVersion() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.shipped)))
        let original = try WorkflowReader.load(bytes, file: Self.shipped)
        let edited = try WorkflowReader.load(bytes + Array("\n".utf8), file: Self.shipped)
        #expect(original.identity.conflicts(with: edited.identity))
    }

    @Test func theW3CDialectStillLoadsWithoutTheChecks() throws {
        let text =
            #"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0"><state id="a"/><state id="b"/></scxml>"#
        #expect(throws: Never.self) { try SCXMLLoader.load(Array(text.utf8), file: "w3c.scxml") }
        let error = #expect(throws: XMLDiagnostics.self) {
            try WorkflowReader.load(Array(text.utf8), file: "w3c.scxml")
        }
        #expect(error?.items.contains { $0.rule == "xsd.valid" } == true)
    }

    @Test func summaryListsRolesPerEventAndDeadlines() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.shipped)
        let summary = WorkflowSummary(loaded.document)
        let decision = summary.events.first { $0.name == "decision.record" }
        #expect(decision?.roles == ["decision-maker"])
        #expect(summary.events.first { $0.name == "finding.lapse" }?.roles == ["system"])
        #expect(summary.deadlines.contains { $0.state == "evidence-open" && $0.delay == "P90D" })
        #expect(summary.deadlines.contains { $0.state == "suspended" && $0.delay == "P6M" })
        #expect(summary.text.contains("    awarded (parallel)"))
    }

    @Test func diagramsNestCompoundAndParallelStates() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.shipped)
        let mermaid = WorkflowDiagram.render(loaded.document, format: .mermaid)
        #expect(mermaid.hasPrefix("stateDiagram-v2\n    [*] --> active\n"))
        #expect(mermaid.contains("        state awarded {"))
        #expect(mermaid.contains("    decision --> awarded : decision.record [decision-maker]"))
        #expect(mermaid.contains("    suspended --> active_history : case.reinstate [secretariat]"))
        let dot = WorkflowDiagram.render(loaded.document, format: .dot)
        #expect(dot.contains("subgraph \"cluster_awarded\" {"))
        #expect(dot.contains("\"suspended\" -> \"award-withdrawn\" [label=\"suspension.lapse [system]\"];"))
    }

    @Test func theDiagramInTheDocsIsCurrent() throws {
        let loaded = try WorkflowReader.load(fileAt: Self.shipped)
        let mermaid = WorkflowDiagram.render(loaded.document, format: .mermaid)
        let doc = try String(contentsOfFile: FrameworkPaths.root + "docs/workflow-diagram.md", encoding: .utf8)
        #expect(doc.contains("```mermaid\n" + mermaid + "```"), "regenerate docs/workflow-diagram.md")
    }
}
