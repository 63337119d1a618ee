import ArgumentParser
import Foundation

/// `--out FILE [--public]` for a record that must never be overwritten (bundles, checkpoints): written mode 0600,
/// or 0644 with `--public`.
struct NewFileOption: ParsableArguments {
    @Option(help: "The file to write; it must not exist yet.")
    var out: String

    @Flag(
        name: .customLong("public"),
        help: "Make the file readable by everyone (mode 0644); by default only you can read it (0600).")
    var isPublic = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("Please give --out a file name.") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw ValidationError(
                "'\(out)' already exists; choose a new file name (this command never overwrites one).")
        }
    }
}

extension NewFileOption {
    /// Writes the file: a new file, mode 0600 (0644 with `--public`), atomically.
    ///
    /// - Throws: ``CommandFailure`` as ``AuditFiles/write(_:to:public:replacing:)`` throws it.
    func write(_ text: String) throws {
        try AuditFiles.write(text, to: out, public: isPublic)
    }
}
