import AccreditEngine
import ArgumentParser

/// The states a new workflow version renamed, given as `--map OLD=NEW` (repeated).
enum RenamedStates {
    /// Parses the pairs (``CaseMigration/renamedStates(_:)``).
    ///
    /// - Throws: ``ValidationError`` for a pair that is not `OLD=NEW`, or a state named twice.
    static func parse(_ pairs: [String]) throws -> [String: String] {
        do throws(CaseMigration.RenamingError) {
            return try CaseMigration.renamedStates(pairs)
        } catch {
            switch error {
            case .malformed:
                throw ValidationError("Please give --map as OLD=NEW, such as --map desk-review=document-review.")
            case .twice(let state): throw ValidationError("--map names \(state) twice: a state is renamed once.")
            }
        }
    }
}
