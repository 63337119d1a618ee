import ArgumentParser
import Foundation

/// `--out FILE [--force]`: where a command writes a file, kept unless `--force` is given.
struct OutFileOptions: ParsableArguments {
    @Option(help: "The file to write.")
    var out: String

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("Please give an --out file to write.") }
    }

    /// Refuses to go on when the file exists and `--force` was not given.
    ///
    /// - Throws: ``CommandFailure`` (exit 2).
    func checkWritable() throws {
        guard force || !FileManager.default.fileExists(atPath: out) else {
            throw CommandFailure(.invalid, "\(out) already exists; choose another --out or add --force")
        }
    }
}

extension OutFileOptions {
    /// Writes the file atomically, mode 0600 (0644 when `public`), replacing it only with `--force`.
    ///
    /// - Throws: ``CommandFailure`` as ``AuditFiles/write(_:to:public:replacing:)`` throws it.
    func write(_ text: String, public: Bool = false) throws {
        try AuditFiles.write(text, to: out, public: `public`, replacing: force)
    }
}
