import ArgumentParser
import Foundation

/// `--out FILE` for a record that must never be overwritten (bundles, checkpoints).
struct NewFileOption: ParsableArguments {
    @Option(help: "The file to write; it must not exist yet.")
    var out: String

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("Please give --out a file name.") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw ValidationError(
                "'\(out)' already exists; choose a new file name (this command never overwrites one).")
        }
    }
}
