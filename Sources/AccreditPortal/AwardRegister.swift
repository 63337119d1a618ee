import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts
import Synchronization

/// Where every award stands, for the public pages: the same entries the signed award status list carries, worked
/// out by replaying the decided cases, with each organisation's name and whether the award has conditions. A reading
/// is reused for a few seconds, and only one request at a time makes a new one (the others are given the last), so
/// anonymous visitors cannot make the server replay every case, or hold every database connection, on each request.
final class AwardRegister: Sendable {
    /// One award as the public pages show it.
    struct Award: Sendable {
        /// The status list's entry.
        let entry: AwardStatusList.Entry
        /// The organisation's name.
        let organisation: String
        /// Whether the award was given with conditions.
        let conditions: Bool
    }

    /// One reading: when, and every award.
    struct Reading: Sendable {
        /// When it was read (by the store's clock).
        let at: Instant
        /// Every award.
        let awards: [Award]
    }

    /// How long a reading is reused, in seconds (0: every request reads afresh).
    let seconds: Int64
    /// The last reading, and whether a request is making a new one.
    private let state = Mutex<(reading: Reading?, refreshing: Bool)>((nil, false))

    /// A register reused for `seconds`.
    init(seconds: Int64) {
        self.seconds = seconds
    }

    /// The awards as of now, or as of a reading at most ``seconds`` old (or older while another request makes the
    /// next one).
    ///
    /// - Throws: what the desk throws reading them.
    func reading(desk: CaseDesk) throws -> Reading {
        let now = try desk.now()
        let last: Reading? = state.withLock { state in
            if let reading = state.reading {
                let fresh = now.microsecondsSinceEpoch - reading.at.microsecondsSinceEpoch < seconds * 1_000_000
                if fresh || state.refreshing { return reading }
            }
            state.refreshing = true
            return nil
        }
        if let last { return last }
        defer { state.withLock { $0.refreshing = false } }
        let names = Dictionary(
            try desk.directory.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let awards = try desk.awardStatusEntries(at: now).map { entry in
            let certificate = try? desk.certificate(for: entry.caseID)
            return Award(
                entry: entry, organisation: names[entry.organisationID] ?? entry.organisationID,
                conditions: certificate?.number == entry.number && certificate?.conditions == true)
        }
        let reading = Reading(at: now, awards: awards)
        state.withLock { $0.reading = reading }
        return reading
    }
}
