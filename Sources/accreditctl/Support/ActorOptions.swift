import AccreditEngine
import ArgumentParser
import Foundation
import Statecharts

/// Who is acting: `--as ID` (or `ACCREDIT_ACTOR`). There is no `--at`: a change happens at the store's time, which
/// the database's clock gives (a sandbox store's simulated clock is set with `store set clock`).
struct ActorOptions: ParsableArguments {
    @OptionGroup var reader: ReaderOptions

    @OptionGroup var refusedTime: RefusedTimeOption

    /// The acting actor's id.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when neither `--as` nor `ACCREDIT_ACTOR` names one.
    func actorID(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try reader.actorID(environment: environment)
    }
}
