import AccreditEngine
import EvidenceStore

/// The criteria checklist of a case page: each foundation with its coverage, and each criterion with the evidence
/// it expects, what has been uploaded (and whether it was accepted, or rejected and why), its rating and whether it
/// is a mandatory gap. In a renewal, the evidence of earlier cycles is listed apart (it counts for nothing in this
/// one), with a form to reuse an accepted item where the framework allows it.
struct CaseChecklist {
    /// The framework the case is assessed against.
    let framework: Framework
    /// The case's evidence, every status.
    let evidence: [EvidenceRecord]
    /// The assessment as it stands (nil when the award rules cannot decide).
    let assessment: FrameworkAssessment?
    /// The ratings given, by criterion.
    let ratings: [String: String]
    /// Whether the person may upload (and so replace a rejected item).
    let mayUpload: Bool
    /// The case's assessment cycle (1 for the first application, one more for each renewal).
    var cycle = 1
    /// Whether the person may reuse evidence of an earlier cycle now.
    var mayReuse = false
    /// The case page's path, put in every evidence item (found there, not up the context stack).
    var caseLink = ""

    /// The foundations for the template.
    var context: [[String: Any]] {
        let byCriterion = Dictionary(grouping: evidence, by: \.criterionID)
        // Whether each expected item is tracked (and shown as provided or not).
        let byItem = framework.evidenceCoverage == .item
        let results = Dictionary(
            (assessment?.foundations ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return framework.foundations.map { foundation in
            let result = results[foundation.id]
            let gaps = Set(result?.mandatoryWithoutEvidence ?? [])
            let criteria = foundation.criteria.map { criterion -> [String: Any] in
                let all = (byCriterion[criterion.id] ?? []).sorted { $0.recordedSeq < $1.recordedSeq }
                let items = all.filter { $0.cycle == cycle }
                let earlier = all.filter { $0.cycle != cycle }
                var row: [String: Any] = [
                    "id": criterion.id, "text": criterion.text, "mandatory": criterion.mandatory,
                    "gap": gaps.contains(criterion.id), "guidance": criterion.guidance,
                    "expected": criterion.expectedEvidence.enumerated().map { index, expected -> [String: Any] in
                        [
                            "description": expected.description, "byItem": byItem,
                            "covered": items.contains {
                                $0.item == index + 1 && ($0.status == .submitted || $0.status == .accepted)
                            },
                        ]
                    },
                    "evidence": items.map { record in
                        var item = Self.item(record)
                        item["replaceable"] = mayUpload && record.status == .rejected
                        item["caseLink"] = caseLink
                        return item
                    }, "hasItems": !items.isEmpty,
                    "hasExpected": !criterion.expectedEvidence.isEmpty,
                    "hasEvidence": items.contains { $0.status == .submitted || $0.status == .accepted },
                    "earlier": earlier.map { record in
                        var item = Self.item(record)
                        item["reusable"] =
                            mayReuse && criterion.reuseEvidence && record.status == .accepted
                            && !items.contains { $0.reusedFrom == record.evidenceID }
                        item["caseLink"] = caseLink
                        return item
                    }, "hasEarlier": !earlier.isEmpty, "reuseAllowed": criterion.reuseEvidence,
                ]
                // Every key a template asks for is present (false when absent): a missing one is looked for up the
                // whole context stack, which is most of a page's rendering time.
                row["rating"] = present(
                    ratings[criterion.id].map { rating in
                        framework.ratingScale.levels.first { $0.id == rating }?.label ?? rating
                    })
                return row
            }
            var section: [String: Any] = [
                "id": foundation.id, "title": foundation.title, "criteria": criteria,
                "total": foundation.criteria.count,
            ]
            if let result {
                section["withEvidence"] = result.criteriaWithEvidence
                section["gaps"] = present(
                    result.mandatoryWithoutEvidence.isEmpty ? nil : result.mandatoryWithoutEvidence.count)
                section["rated"] = result.rated
            }
            return section
        }
    }

    /// One uploaded item: `{id, file, status, statusLabel, reason, sha256, short, size, supersedes, cycle, reused,
    /// item}` (`item`: which expected evidence item it is for, or false).
    static func item(_ record: EvidenceRecord) -> [String: Any] {
        var item: [String: Any] = [
            "id": record.evidenceID, "file": record.fileName, "status": record.status.rawValue,
            "criterion": record.criterionID,
            "statusLabel": statusLabel(record.status), "sha256": record.sha256,
            "short": String(record.sha256.prefix(12)), "size": sizeLabel(record.size),
            "rejected": record.status == .rejected, "accepted": record.status == .accepted,
            "submitted": record.status == .submitted, "superseded": record.status == .superseded,
        ]
        item["reason"] = present(record.notes.flatMap { $0.isEmpty ? nil : $0 })
        item["supersedes"] = present(record.supersedes)
        item["replaceable"] = false
        item["reusable"] = false
        item["cycle"] = record.cycle
        item["reused"] = record.reused
        item["item"] = present(record.item)
        return item
    }

    /// A status in words.
    static func statusLabel(_ status: EvidenceStatus) -> String {
        switch status {
        case .submitted: "Awaiting review"
        case .accepted: "Accepted"
        case .rejected: "Rejected"
        case .superseded: "Replaced"
        }
    }

    /// A size for people: bytes, KB, MB or GB (powers of 1024, as file managers show them).
    static func sizeLabel(_ bytes: Int64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) \(units[unit])" : "\(rounded) \(units[unit])"
    }
}
