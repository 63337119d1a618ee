import Statecharts

extension Crosswalk {
    /// Carries a case's ratings and evidence from the old version to the new one.
    ///
    /// A `map` carries both; a `split` copies evidence to every part and asks for new ratings; a `merge` pools the
    /// evidence and carries the rating only when every source had the same one; `retire`d and unmapped criteria
    /// are reported when they had a rating or evidence; `new` criteria are reported as needing assessment.
    ///
    /// - Parameters:
    ///   - ratings: The rating level ids on the old version, keyed by old criterion id.
    ///   - evidence: The evidence references (such as content hashes) on the old version, keyed by old criterion id.
    ///   - scale: The new version's rating scale; ratings whose level it lacks are not carried.
    /// - Returns: The ratings and evidence on the new version, and what could not be carried.
    public func carryOver(
        ratings: [String: String], evidence: [String: [String]], to scale: RatingScale
    ) -> CrosswalkCarryOver {
        var result = CrosswalkCarryOver(ratings: [:], evidence: [:], notCarried: [])
        for entry in entries {
            let pooled = entry.from.flatMap { evidence[$0] ?? [] }
            let sourceRatings = entry.from.compactMap { ratings[$0] }
            let hasData = !pooled.isEmpty || !sourceRatings.isEmpty
            for target in entry.to where !pooled.isEmpty {
                result.evidence[target] = Self.unique((result.evidence[target] ?? []) + pooled)
            }
            switch entry.kind {
            case .retire:
                if hasData { result.notCarried.append(CrosswalkIssue(reason: .retired, from: entry.from, to: [])) }
            case .new:
                result.notCarried.append(CrosswalkIssue(reason: .newCriterion, from: [], to: entry.to))
            case .split:
                if !sourceRatings.isEmpty {
                    result.notCarried.append(CrosswalkIssue(reason: .splitNeedsRating, from: entry.from, to: entry.to))
                }
            case .map, .merge:
                guard let first = sourceRatings.first else { continue }
                if sourceRatings.count != entry.from.count || sourceRatings.contains(where: { $0 != first }) {
                    result.notCarried.append(CrosswalkIssue(reason: .mergeConflict, from: entry.from, to: entry.to))
                } else if scale.level(first) == nil {
                    result.notCarried.append(
                        CrosswalkIssue(reason: .unknownRatingLevel, from: entry.from, to: entry.to))
                } else {
                    for target in entry.to { result.ratings[target] = first }
                }
            }
        }
        let mentioned = mentionedSources
        let orphans = Set(ratings.keys).union(evidence.keys).subtracting(mentioned).sorted()
        for id in orphans {
            result.notCarried.append(CrosswalkIssue(reason: .unmapped, from: [id], to: []))
        }
        return result
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
