import AccreditEngine
import CaseService
import Statecharts
import Synchronization

/// Where every award stands, for the public pages: the same entries the signed award status list carries, worked
/// out by replaying the decided cases, and kept for a few seconds so that anonymous visitors cannot make the server
/// replay every case on each request.
final class AwardRegister: Sendable {
    /// How long a reading is reused, in seconds (0: every request reads afresh).
    let seconds: Int64
    /// The last reading: when, and the entries.
    private let reading = Mutex<(at: Instant, entries: [AwardStatusList.Entry])?>(nil)

    /// A register reused for `seconds`.
    init(seconds: Int64) {
        self.seconds = seconds
    }

    /// The entries as of now (by the store's clock), and the time they were read.
    ///
    /// - Throws: what the desk throws reading them.
    func entries(desk: CaseDesk) throws -> (at: Instant, entries: [AwardStatusList.Entry]) {
        let now = try desk.now()
        if let last = reading.withLock({ $0 }),
            now.microsecondsSinceEpoch - last.at.microsecondsSinceEpoch < seconds * 1_000_000
        {
            return last
        }
        let fresh = (at: now, entries: try desk.awardStatusEntries(at: now))
        reading.withLock { $0 = fresh }
        return fresh
    }
}
