/// The declared name a misspelt one most likely meant, for "did you mean" hints in diagnostics.
enum NameSuggestion {
    /// The candidate equal to `name` but for case, else the nearest within a few edits; nil when none is close.
    /// - Parameters:
    ///   - name: The name as written.
    ///   - candidates: The names declared.
    static func closest(to name: String, in candidates: [String]) -> String? {
        if let sameButCase = candidates.first(where: { $0.lowercased() == name.lowercased() }) { return sameButCase }
        let limit = max(1, name.count / 3)
        let scored = candidates.map { ($0, distance(Array(name.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }

    /// The Levenshtein distance between two strings of characters.
    static func distance(_ left: [Character], _ right: [Character]) -> Int {
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, rightCharacter) in right.enumerated() {
                let substitution = previous[j] + (leftCharacter == rightCharacter ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[right.count]
    }

    /// ` (did you mean 'x'?)`-style hint: "did you mean 'x'?" when one is close, else "use one of a, b, c".
    static func hint(for name: String, in candidates: [String]) -> String {
        if let closest = closest(to: name, in: candidates) { return "did you mean '\(closest)'?" }
        return "use one of " + candidates.map { "'\($0)'" }.joined(separator: ", ")
    }
}
