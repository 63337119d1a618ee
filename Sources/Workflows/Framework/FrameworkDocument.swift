/// A file in the framework namespace: a framework or a crosswalk.
public enum FrameworkDocument: Hashable, Sendable {
    /// A `<framework>` document.
    case framework(LoadedFramework)
    /// A `<crosswalk>` document.
    case crosswalk(LoadedCrosswalk)

    /// The warnings found while loading.
    public var warnings: [XMLDiagnostic] {
        switch self {
        case .framework(let loaded): loaded.warnings
        case .crosswalk(let loaded): loaded.warnings
        }
    }
}
