import AccreditEngine
import Foundation

/// The only place accreditctl reads the wall clock; the engine gets time inside each event.
enum Clock {
    /// Now, to the microsecond.
    static func now() -> Instant {
        Instant(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
