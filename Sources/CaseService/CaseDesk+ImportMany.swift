import AccreditEngine
import EvidenceStore

/// What an import of many cases wrote.
public struct ImportSummary: Hashable, Sendable {
    /// The cases imported.
    public var cases: Int
    /// Their events.
    public var events: Int

    /// Creates a summary.
    public init(cases: Int, events: Int) {
        self.cases = cases
        self.events = events
    }
}

extension CaseDesk {
    /// The most events an import of many cases holds checked in memory before it writes them (within its one
    /// transaction).
    public static let importBatchEvents = 50_000

    /// Imports many cases from an earlier system, as an administrator, all or none: each case is checked as
    /// ``importCase(_:organisation:workflow:framework:openedAt:events:by:)`` checks one, and written in batches
    /// (one binary `COPY` each) inside one transaction, so that memory is bounded by a batch and nothing is imported
    /// unless every case is. `next` gives the cases one at a time, nil at the end; it runs inside the transaction.
    /// A case whose history declares a conflict of interest ends its batch, so that the cases after it are checked
    /// against the register with that declaration in it.
    ///
    /// - Parameter batchEvents: The most events checked and held before a batch is written.
    /// - Throws: ``CaseRefusal`` naming the case and the rule an event breaks, ``StoreError`` (a case id taken or
    ///   given twice, an unknown organisation or definition), or what `next` throws; nothing is imported.
    @discardableResult
    public func importCases(
        by actorID: String, batchEvents: Int = importBatchEvents, next: () throws -> CaseImport?
    ) throws -> ImportSummary {
        try require(.importCases, by: actorID)
        var actors: [String: Actor] = [:]
        var cases = 0
        var finished = false
        let events = try log.importCases { () throws -> [ImportedCase]? in
            guard !finished else { return nil }
            var batch: [ImportedCase] = []
            var held = 0
            while held < batchEvents {
                guard let request = try next() else {
                    finished = true
                    break
                }
                let checked: ImportedCase
                do {
                    checked = try checkedImport(request, actors: &actors)
                } catch let refusal as CaseRefusal {
                    throw CaseRefusal(rule: refusal.rule, message: "case \(request.caseID): \(refusal.message)")
                } catch var failure as StoreError where failure.caseID == nil {
                    // An unknown definition, organisation or person: named with its case.
                    failure.message = "case \(request.caseID): \(failure.message)"
                    failure.caseID = request.caseID
                    throw failure
                }
                batch.append(checked)
                held += checked.events.count
                cases += 1
                if !checked.alsoStatements.isEmpty { break }
            }
            return batch.isEmpty ? nil : batch
        }
        return ImportSummary(cases: cases, events: events)
    }
}
