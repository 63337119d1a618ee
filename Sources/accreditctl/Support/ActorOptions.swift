import AccreditEngine
import ArgumentParser
import EvidenceStore
import Foundation
import Statecharts

/// Who is acting and when: `--as ID` (or `ACCREDIT_ACTOR`) and `--at TIME` (default now).
struct ActorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"), help: ArgumentHelp("The actor you act as (default: $ACCREDIT_ACTOR).", valueName: "id")
    )
    var actor: String?

    @Option(
        help: ArgumentHelp(
            "When it happens, in ISO 8601 (2026-03-01T09:00:00Z or 2026-03-01); default now.", valueName: "time"))
    var at: String?

    func validate() throws {
        if let at, Moment.parse(at) == nil {
            throw ValidationError("Please give --at as an ISO 8601 time, such as 2026-03-01T09:00:00Z.")
        }
    }

    /// The acting actor's id.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither `--as` nor `ACCREDIT_ACTOR` names one.
    func actorID(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try Self.resolve(actor, environment: environment)
    }

    /// `--as`, else `ACCREDIT_ACTOR`.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither names an actor.
    static func resolve(_ actor: String?, environment: [String: String]) throws -> String {
        if let actor, !actor.isEmpty { return actor }
        if let actor = environment["ACCREDIT_ACTOR"], !actor.isEmpty { return actor }
        throw CommandFailure(.invalid, "Please say who is acting with --as ID or ACCREDIT_ACTOR.")
    }

    /// The time given with `--at`, or now.
    var time: Instant { at.flatMap(Moment.parse) ?? Moment.now }
}

/// Who is reading or operating: `--as ID` (or `ACCREDIT_ACTOR`), for commands that change no case.
struct ReaderOptions: ParsableArguments {
    @Option(
        name: .customLong("as"), help: ArgumentHelp("The actor you act as (default: $ACCREDIT_ACTOR).", valueName: "id")
    )
    var actor: String?

    /// The acting actor's id.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither `--as` nor `ACCREDIT_ACTOR` names one.
    func actorID(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try ActorOptions.resolve(actor, environment: environment)
    }
}

/// Times on the command line: ISO 8601 instants or dates, and the clock (read only here, in the CLI layer).
enum Moment {
    /// The current time.
    static var now: Instant {
        Instant(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Parses `2026-03-01T09:00:00Z` (any ISO 8601 instant) or a date `2026-03-01` (midnight UTC).
    static func parse(_ text: String) -> Instant? {
        if text.count == 10 { return Instant(iso8601: text + "T00:00:00Z") }
        return Instant(iso8601: text)
    }

    /// The date part of an instant: `2026-03-01`.
    static func date(_ instant: Instant) -> String {
        String(instant.iso8601.prefix(10))
    }
}
