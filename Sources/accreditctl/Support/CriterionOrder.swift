/// The order people read criterion ids in: `SL-1.2` before `SL-1.10`, comparing runs of digits as numbers.
enum CriterionOrder {
    /// Whether `a` comes before `b`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let (left, right) = (runs(a), runs(b))
        for (x, y) in zip(left, right) where x != y {
            if let m = Int(x), let n = Int(y) { return m < n }
            return x < y
        }
        return left.count < right.count
    }

    /// The id split into runs of digits and runs of anything else.
    private static func runs(_ id: String) -> [String] {
        var runs: [String] = []
        for character in id {
            if let last = runs.last?.last, last.isASCII && last.isNumber == (character.isASCII && character.isNumber) {
                runs[runs.count - 1].append(character)
            } else {
                runs.append(String(character))
            }
        }
        return runs
    }
}
