import ArgumentParser

/// The states a new workflow version renamed, given as `--map OLD=NEW` (repeated).
enum RenamedStates {
    /// Parses the pairs.
    ///
    /// - Throws: ``ValidationError`` for a pair that is not `OLD=NEW`, or a state named twice.
    static func parse(_ pairs: [String]) throws -> [String: String] {
        var states: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("Please give --map as OLD=NEW, such as --map desk-review=document-review.")
            }
            guard states[String(parts[0])] == nil else {
                throw ValidationError("--map names \(parts[0]) twice: a state is renamed once.")
            }
            states[String(parts[0])] = String(parts[1])
        }
        return states
    }
}
