import Foundation
import Testing

@testable import Workflows

/// The XSDs compiled into the module are the files users see in `Definitions/schema`, byte for byte.
struct DefinitionSchemaTests {
    @Test(arguments: DefinitionSchema.allCases)
    func theEmbeddedSchemaIsTheFileInDefinitions(_ schema: DefinitionSchema) throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: FrameworkPaths.definition("schema/" + schema.fileName)))
        #expect(schema.bytes == [UInt8](file), "rebuild: the embedded \(schema.fileName) is stale")
        #expect(throws: Never.self) { try schema.compiled() }
    }

    @Test func definitionsSchemaIsTheOnlyCopy() throws {
        // Sources/Workflows/Schema links to Definitions/schema; a copy there could drift from what users see.
        let link = FrameworkPaths.root + "Sources/Workflows/Schema"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        #expect(target == "../../Definitions/schema")
        let embedded = try FileManager.default.contentsOfDirectory(atPath: link).sorted()
        #expect(embedded == DefinitionSchema.allCases.map(\.fileName).sorted())
    }
}
