import AccreditEngine

/// A framework read from a file that passed the schema and the static checks, with its identity and warnings.
public struct LoadedFramework: Hashable, Sendable {
    /// The framework.
    public var framework: Framework
    /// Name (the framework id), version and SHA-256 of the file's bytes.
    public var identity: DefinitionIdentity
    /// Warnings from the checks; errors are thrown instead.
    public var warnings: [XMLDiagnostic]

    /// Creates a loaded framework.
    public init(framework: Framework, identity: DefinitionIdentity, warnings: [XMLDiagnostic]) {
        self.framework = framework
        self.identity = identity
        self.warnings = warnings
    }
}
