import AccreditEngine

/// A crosswalk read from a file and checked against the two framework versions it names.
public struct LoadedCrosswalk: Hashable, Sendable {
    /// The crosswalk.
    public var crosswalk: Crosswalk
    /// The version cases move from.
    public var from: LoadedFramework
    /// The version cases move to.
    public var to: LoadedFramework
    /// Name (`<framework>-crosswalk`), version (`<from>-<to>`) and SHA-256 of the crosswalk file's bytes.
    public var identity: DefinitionIdentity
    /// Warnings from the checks; errors are thrown instead.
    public var warnings: [XMLDiagnostic]

    /// Creates a loaded crosswalk.
    public init(
        crosswalk: Crosswalk, from: LoadedFramework, to: LoadedFramework, identity: DefinitionIdentity,
        warnings: [XMLDiagnostic]
    ) {
        self.crosswalk = crosswalk
        self.from = from
        self.to = to
        self.identity = identity
        self.warnings = warnings
    }
}
