import AccreditEngine
import Statecharts

/// A complete submission for the shipped workflow's evidence stage: evidence for every expected item of every
/// criterion (the n-th criterion's first item `E-n`, its k-th `E-n-k`) and a self-assessment of every criterion.
enum SubmissionFixture {
    /// The events, in order: every upload, then every self-assessment (`rating`, `met` by default).
    static func events(_ framework: Framework, rating: String = "met") -> [(name: String, data: Value)] {
        var events: [(name: String, data: Value)] = []
        for (index, criterion) in framework.criteria.enumerated() {
            for slot in criterion.evidenceSlots {
                let number = slot.item ?? 1
                var data: [String: Value] = [
                    "evidence": .string(number == 1 ? "E-\(index + 1)" : "E-\(index + 1)-\(number)"),
                    "criterion": .string(criterion.id),
                ]
                if let item = slot.item { data["item"] = .integer(Int64(item)) }
                events.append(("evidence.upload", .object(data)))
            }
        }
        for criterion in framework.criteria {
            events.append(
                (
                    "self-assessment.record",
                    [
                        "criterion": .string(criterion.id), "rating": .string(rating),
                        "narrative": .string("How we meet \(criterion.id)."),
                    ]
                ))
        }
        return events
    }
}
