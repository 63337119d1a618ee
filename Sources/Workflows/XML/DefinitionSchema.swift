/// The XSDs of the two definition formats, embedded in the module so that loading needs no installed files.
///
/// `Sources/Workflows/Schema` is a link to `Definitions/schema`: the files users read, edit and validate with other
/// tools are the bytes SwiftPM embeds (`embedInCode`), so there is no second copy to keep in step.
enum DefinitionSchema: CaseIterable, Sendable {
    /// `accredit-scxml.xsd`: Accredit's SCXML dialect (see docs/workflow-language.md).
    case workflow
    /// `framework.xsd`: standards frameworks and crosswalks (see docs/frameworks.md).
    case framework

    /// The file's name in `Definitions/schema`, also the name diagnostics about the schema itself carry.
    var fileName: String {
        switch self {
        case .workflow: "accredit-scxml.xsd"
        case .framework: "framework.xsd"
        }
    }

    /// The XSD as embedded at build time.
    var bytes: [UInt8] {
        switch self {
        case .workflow: PackageResources.accredit_scxml_xsd
        case .framework: PackageResources.framework_xsd
        }
    }

    /// The compiled schema; each is compiled once, on first use, and shared.
    ///
    /// - Throws: ``XMLDiagnostics`` (rule `xsd.schema`) when the embedded XSD does not compile.
    func compiled() throws(XMLDiagnostics) -> XMLSchema {
        switch self {
        case .workflow: try Self.workflowSchema.get()
        case .framework: try Self.frameworkSchema.get()
        }
    }

    private static let workflowSchema = compile(.workflow)
    private static let frameworkSchema = compile(.framework)

    private static func compile(_ schema: DefinitionSchema) -> Result<XMLSchema, XMLDiagnostics> {
        Result { () throws(XMLDiagnostics) -> XMLSchema in try XMLSchema(schema.bytes, file: schema.fileName) }
    }
}
