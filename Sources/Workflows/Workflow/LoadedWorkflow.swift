import AccreditEngine
import Statecharts

/// A workflow read from a file that passed the schema and the static checks, with its identity and warnings.
public struct LoadedWorkflow: Sendable {
    /// The document.
    public var document: Document
    /// The compiled interpreter, without host functions; the case layer builds its own with its facts.
    public var interpreter: Interpreter
    /// Name (the `name` of `<scxml>`), version (`acc:version`) and SHA-256 of the file's bytes.
    public var identity: DefinitionIdentity
    /// The framework the criteria were checked against, when one was found.
    public var framework: Framework?
    /// Warnings from the checks; errors are thrown instead.
    public var warnings: [XMLDiagnostic]

    /// Creates a loaded workflow.
    public init(
        document: Document, interpreter: Interpreter, identity: DefinitionIdentity, framework: Framework?,
        warnings: [XMLDiagnostic]
    ) {
        self.document = document
        self.interpreter = interpreter
        self.identity = identity
        self.framework = framework
        self.warnings = warnings
    }
}
