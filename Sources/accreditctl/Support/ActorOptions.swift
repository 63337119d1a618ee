import AccreditEngine
import ArgumentParser
import Foundation
import Statecharts

/// Who is acting and when: `--as ID` (or `ACCREDIT_ACTOR`) and `--at TIME` (default now).
struct ActorOptions: ParsableArguments {
    @OptionGroup var reader: ReaderOptions

    @Option(
        help: ArgumentHelp(
            "When it happens, in ISO 8601 (2026-03-01T09:00:00Z or 2026-03-01); default now.", valueName: "time"))
    var at: String?

    func validate() throws {
        try Moment.validate(at, as: "--at")
    }

    /// The acting actor's id.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither `--as` nor `ACCREDIT_ACTOR` names one.
    func actorID(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try reader.actorID(environment: environment)
    }

    /// The time given with `--at`, or now.
    var time: Instant { Moment.given(at) }
}
