import AccreditEngine
import EvidenceStore

/// Work done after an append has committed, such as an automatic checkpoint after a decision or a new award
/// status list. It never undoes the append: a follow-up that throws is reported in ``Outcome/followUpFailures``.
public protocol AppendFollowUp: AnyObject {
    /// Called once `outcome`'s events have committed to the case `before` was loaded from.
    ///
    /// - Parameters:
    ///   - outcome: What was appended and the case's state after it.
    ///   - before: The case as it was loaded before the append (head, definitions, state).
    ///   - desk: The desk that appended, to read or write through.
    func appended(_ outcome: Outcome, to before: OpenCase, desk: CaseDesk) throws

    /// What the follow-up is, for reports: `checkpoint`, `award status list`.
    var name: String { get }
}

/// A follow-up that failed after its append committed.
public struct FollowUpFailure: Error, CustomStringConvertible {
    /// The follow-up's name.
    public var name: String
    /// What went wrong.
    public var error: any Error

    /// `NAME failed: ERROR`.
    public var description: String { "\(name) failed after the event was recorded: \(error)" }
}
