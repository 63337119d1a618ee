extension StoreError {
    /// SQLSTATE raised by `accredit_lock_case` when the case changed since the writer read it.
    static let conflictState = "AC409"
    /// SQLSTATE raised by `accredit_lock_case` when the case does not exist.
    static let missingCaseState = "AC404"
    /// SQLSTATE raised by the store's clock triggers when a case or event is not stamped with the store's time.
    static let clockState = "AC412"
    /// SQLSTATE raised by `accredit_change_setting` when a setting change breaks a rule.
    static let settingState = "AC422"

    /// The error for a writer that expected another version: "case C changed to version N; reload and retry".
    public static func conflict(caseID: String, actual: Int64?, expected: Int64?) -> StoreError {
        StoreError(
            code: .conflict,
            message: "case \(caseID) changed to version \(actual.map(String.init) ?? "?") "
                + "(you expected \(expected.map(String.init) ?? "an older version")); reload it and retry",
            caseID: caseID, actualVersion: actual)
    }

    /// The error for a case that does not exist: "case C does not exist".
    static func caseNotFound(_ caseID: String, underlying: PostgresError? = nil) -> StoreError {
        StoreError(
            code: .caseNotFound, message: "case \(caseID) does not exist", caseID: caseID, underlying: underlying)
    }

    /// Maps a database error raised while working on a case to a store error.
    public static func from(_ error: PostgresError, caseID: String?, expectedVersion: Int64? = nil) -> StoreError {
        switch (error.code, error.sqlState) {
        case (.server, conflictState?):
            var conflict = StoreError.conflict(
                caseID: caseID ?? "?", actual: error.detail.flatMap { Int64($0) }, expected: expectedVersion)
            conflict.underlying = error
            return conflict
        case (.server, missingCaseState?):
            var missing = StoreError.caseNotFound(caseID ?? "?", underlying: error)
            missing.caseID = caseID
            return missing
        case (.server, clockState?):
            return StoreError(
                code: .clockMismatch, message: error.message + "; nothing was written", caseID: caseID,
                underlying: error)
        case (.server, settingState?):
            return StoreError(
                code: .settingRefused, message: error.message + (error.hint.map { " (\($0))" } ?? ""),
                caseID: caseID, underlying: error)
        case (.server, PostgresError.SQLState.foreignKeyViolation?):
            return StoreError(
                code: .notFound, message: "a referenced record does not exist: \(error.detail ?? error.message)",
                caseID: caseID, underlying: error)
        case (.server, let state?) where state.hasPrefix("22") || state.hasPrefix("23"):
            return StoreError(
                code: .invalid, message: "refused by the database: \(error.message)", caseID: caseID, underlying: error)
        case (.server, "57014"?), (.server, "55P03"?):
            return StoreError(
                code: .databaseTimeout,
                message: "the database gave up waiting (\(error.message)); nothing was written. Retry the command "
                    + "(with the same request id, if it had one), or look for long-running transactions",
                caseID: caseID, underlying: error)
        case (.server, let state?) where state.hasPrefix("57P") || state.hasPrefix("08"):
            return StoreError(
                code: .databaseUnavailable,
                message: "the database server is shutting down or unavailable (\(error.message)); nothing was "
                    + "committed. Retry once it is back",
                caseID: caseID, underlying: error)
        case (.connectionLost, _):
            return StoreError(
                code: .connectionLost,
                message: "\(error.description). If the command was a change, it may or may not have been committed: "
                    + "retry it with the same request id, or check the case's history",
                caseID: caseID, underlying: error)
        default:
            return StoreError(code: .environment, message: error.description, caseID: caseID, underlying: error)
        }
    }
}

/// Runs store work, turning any error into a ``StoreError`` (database errors mapped by SQLSTATE).
///
/// - Parameters:
///   - caseID: The case the work concerns, for the error, if any.
///   - body: The work.
/// - Returns: What `body` returns.
/// - Throws: ``StoreError``.
public func storeOperation<T>(caseID: String?, _ body: () throws -> T) throws(StoreError) -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw error
    } catch let error as PostgresError {
        throw StoreError.from(error, caseID: caseID)
    } catch {
        throw StoreError(code: .environment, message: "\(error)", caseID: caseID)
    }
}
