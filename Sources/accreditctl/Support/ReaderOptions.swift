import ArgumentParser
import CaseService
import Foundation

/// Who is acting: `--as ID` (or `ACCREDIT_ACTOR`); alone for commands that change no case, and inside
/// ``ActorOptions`` for those that do.
struct ReaderOptions: ParsableArguments {
    @Option(
        name: .customLong("as"), help: ArgumentHelp("The actor you act as (default: $ACCREDIT_ACTOR).", valueName: "id")
    )
    var actor: String?

    /// The acting actor's id.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither `--as` nor `ACCREDIT_ACTOR` names one.
    func actorID(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let actor, !actor.isEmpty { return actor }
        if let actor = environment["ACCREDIT_ACTOR"], !actor.isEmpty { return actor }
        throw CommandFailure(.invalid, "Please say who is acting with --as ID or ACCREDIT_ACTOR.")
    }

    /// Opens the database and returns the case desk once the acting actor is found to hold `capability`.
    ///
    /// - Throws: ``CaseRefusal`` (exit 1) when the actor lacks it, ``CommandFailure`` (exit 2) when no actor is
    ///   named, or what opening the database throws.
    func desk(requiring capability: Capability) throws -> CaseDesk {
        let desk = try Context.desk()
        try desk.require(capability, by: try actorID())
        return desk
    }
}
