/// Paths to the repository's definitions and to this target's fixtures, found from this file's location.
enum FrameworkPaths {
    /// `Tests/WorkflowsTests/`.
    static let testsDirectory: String = {
        let file = #filePath
        return String(file[...(file.lastIndex(of: "/") ?? file.startIndex)])
    }()

    /// The repository root.
    static let root = testsDirectory + "../../"

    /// A shipped definition under `Definitions/`.
    static func definition(_ path: String) -> String { root + "Definitions/" + path }

    /// A fixture under `Fixtures/frameworks/`.
    static func fixture(_ name: String) -> String { testsDirectory + "Fixtures/frameworks/" + name }
}
