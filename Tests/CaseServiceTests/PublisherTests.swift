import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Testing
import Workflows

/// Publishing a workflow needs the framework it declares in the store, and a case opened without a framework gets
/// the declared one.
struct PublisherTests {
    static let frameworkV2 = DeskFixtures.repository + "Definitions/frameworks/patient-safety-standards-v2.xml"

    /// The shipped workflow renamed, declaring `framework` (or no framework when nil), written under `dir`.
    static func workflow(named name: String, declaring framework: String?, in dir: String) throws -> String {
        var text = try String(
            contentsOfFile: DeskFixtures.repository + "Definitions/workflows/patient-safety-accreditation.scxml",
            encoding: .utf8)
        text = text.replacingOccurrences(of: #"name="patient-safety-accreditation""#, with: #"name="\#(name)""#)
        let declared = #"acc:framework="patient-safety-standards""# + "\n    " + #"acc:framework-version="1""#
        #expect(text.contains(declared))
        text = text.replacingOccurrences(of: declared, with: framework ?? "")
        let path = dir + "/\(name).scxml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aWorkflowWhoseDeclaredFrameworkIsNotPublishedIsRefused() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let declaring = #"acc:framework="patient-safety-standards" acc:framework-version="2""#
                let file = try Self.workflow(named: "psa-on-v2", declaring: declaring, in: dir)
                let v2 = try FrameworkReader.loadFramework(fileAt: Self.frameworkV2).framework
                let error = #expect(throws: CaseServiceError.self) {
                    try desk.publisher.publishWorkflow(fileAt: file, framework: v2)
                }
                #expect(error?.code == .frameworkNotPublished)
                #expect(
                    error?.message
                        == "workflow psa-on-v2@1 declares framework patient-safety-standards@2 (acc:framework, "
                        + "acc:framework-version), which is not published")
                #expect(
                    throws: StoreError.self,
                    "nothing was published"
                ) {
                    try desk.catalog.definition(.workflow, DefinitionReference(name: "psa-on-v2", version: "1"))
                }
                try desk.publisher.publishFramework(fileAt: Self.frameworkV2)
                let (identity, isNew) = try desk.publisher.publishWorkflow(fileAt: file, framework: v2)
                #expect(identity.name == "psa-on-v2" && isNew)
            }
        }
    }

    /// The attack: `init --definitions` and the demo publish through the publisher itself; a workflow naming a
    /// file there would be stored, then refused wherever it is loaded (and break every load of the catalog).
    @Test func thePublisherRefusesAWorkflowThatNamesAFile() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let file = try Self.workflow(named: "psa-src", declaring: nil, in: dir)
                var text = try String(contentsOfFile: file, encoding: .utf8)
                let entry = try #require(text.range(of: "<datamodel>"))
                text.insert(contentsOf: #"<data id="leak" src="/etc/hostname"/>"#, at: entry.upperBound)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let error = #expect(throws: XMLDiagnostics.self) {
                    try desk.publisher.publishWorkflow(fileAt: file, framework: nil)
                }
                #expect(error?.items.first?.rule == "definition.external-source", "\(error?.items ?? [])")
                #expect(throws: StoreError.self) {
                    try desk.catalog.definition(.workflow, DefinitionReference(name: "psa-src", version: "1"))
                }
            }
        }
    }

    @Test func aCaseOpenedWithoutAFrameworkGetsTheOneTheWorkflowDeclares() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                try desk.publisher.publishFramework(fileAt: Self.frameworkV2)
                let declaring = #"acc:framework="patient-safety-standards" acc:framework-version="2""#
                let file = try Self.workflow(named: "psa-on-v2", declaring: declaring, in: dir)
                let v2 = try FrameworkReader.loadFramework(fileAt: Self.frameworkV2).framework
                try desk.publisher.publishWorkflow(fileAt: file, framework: v2)
                let open = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: DefinitionReference(name: "psa-on-v2", version: "1"),
                    framework: nil, by: "sec", at: DeskFixtures.start)
                #expect(open.head.framework == DefinitionReference(name: "patient-safety-standards", version: "2"))
                let shipped = try desk.openCase(
                    "C-2", organisation: "riverside", workflow: DeskFixtures.workflow, framework: nil, by: "sec",
                    at: DeskFixtures.start)
                #expect(shipped.head.framework == DeskFixtures.framework)
            }
        }
    }

    @Test func aWorkflowThatDeclaresNoFrameworkNeedsOneGiven() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let file = try Self.workflow(named: "psa-bare", declaring: nil, in: dir)
                let v1 = try FrameworkReader.loadFramework(
                    fileAt: DeskFixtures.repository + "Definitions/frameworks/patient-safety-standards-v1.xml"
                ).framework
                try desk.publisher.publishWorkflow(fileAt: file, framework: v1)
                let bare = DefinitionReference(name: "psa-bare", version: "1")
                let error = #expect(throws: CaseServiceError.self) {
                    try desk.openCase(
                        "C-1", organisation: "riverside", workflow: bare, framework: nil, by: "sec",
                        at: DeskFixtures.start)
                }
                #expect(error?.code == .frameworkUndeclared)
                #expect(
                    error?.message
                        == "workflow psa-bare@1 declares no framework (no acc:framework on <scxml>), so the case's "
                        + "framework cannot be chosen for you")
                let open = try desk.openCase(
                    "C-1", organisation: "riverside", workflow: bare, framework: DeskFixtures.framework, by: "sec",
                    at: DeskFixtures.start)
                #expect(open.head.framework == DeskFixtures.framework)
            }
        }
    }
}
