import AccreditEngine

/// The one error of the CaseService module (besides the rule refusals, ``CaseRefusal``, and the store's
/// ``StoreError`` it passes on): a ``Code`` callers switch on, the context it concerns, and a message in the
/// service's own terms.
///
/// As ``StoreError``, the code is an extensible struct with a stable machine name (`case.replay-failed`), and the
/// description names no front-end command: the command-line tool adds what to run, a server picks an HTTP status.
public struct CaseServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// One sentence saying what happened, without front-end commands.
    public var message: String
    /// The case involved, if any.
    public var caseID: String?
    /// The event involved, if any (for `case.replay-failed`: the first event that no longer replays).
    public var seq: Int64?
    /// The evidence involved, if any.
    public var evidenceID: String?
    /// The rule behind the failure, if one refused: the case machine's refusal of a stored event, or the access
    /// or award rule that refused the request.
    public var refusal: CaseRefusal?

    /// Creates an error.
    public init(
        code: Code, message: String, caseID: String? = nil, seq: Int64? = nil, evidenceID: String? = nil,
        refusal: CaseRefusal? = nil
    ) {
        self.code = code
        self.message = message
        self.caseID = caseID
        self.seq = seq
        self.evidenceID = evidenceID
        self.refusal = refusal
    }

    /// The message.
    public var description: String { message }
}

extension CaseServiceError {
    /// A stored event no longer folds through the case's pinned definitions: `case C event N no longer replays`.
    static func replayFailed(_ caseID: String, seq: Int64, refusal: CaseRefusal) -> CaseServiceError {
        CaseServiceError(
            code: .replayFailed,
            message: "case \(caseID) event \(seq) no longer replays (\(refusal.rule)): \(refusal.message)",
            caseID: caseID, seq: seq, refusal: refusal)
    }

    /// A request refused by a rule of the service, worded as a ``CaseRefusal`` (`refused by rule: message`).
    static func refused(_ code: Code, rule: String, message: String, caseID: String? = nil) -> CaseServiceError {
        let refusal = CaseRefusal(rule: rule, message: message)
        return CaseServiceError(code: code, message: refusal.description, caseID: caseID, refusal: refusal)
    }
}
