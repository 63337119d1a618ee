/// An error from the case and evidence stores, with a code callers can switch on and a message that says what to do.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Hashable, Sendable {
        /// Another writer changed the case first; reload and retry.
        case conflict
        /// The case, actor, organisation, definition or evidence does not exist.
        case notFound
        /// The input breaks a rule of the store (a constraint or a limit).
        case invalid
        /// A stored record failed a check (hash, snapshot, file content).
        case corrupt
        /// The database or the file system failed.
        case environment
    }

    /// The kind of failure.
    public var code: Code
    /// One line saying what happened and what to do.
    public var message: String
    /// The case involved, if any.
    public var caseID: String?
    /// For conflicts: the version the case is actually at.
    public var actualVersion: Int64?
    /// The underlying database error, if any.
    public var underlying: PostgresError?

    /// Creates an error.
    public init(
        code: Code, message: String, caseID: String? = nil, actualVersion: Int64? = nil,
        underlying: PostgresError? = nil
    ) {
        self.code = code
        self.message = message
        self.caseID = caseID
        self.actualVersion = actualVersion
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}

extension StoreError {
    /// SQLSTATE raised by `accredit_lock_case` when the case changed since the writer read it.
    static let conflictState = "AC409"
    /// SQLSTATE raised by `accredit_lock_case` when the case does not exist.
    static let missingCaseState = "AC404"

    /// The error for a writer that expected another version: "case C changed to version N; reload and retry".
    static func conflict(caseID: String, actual: Int64?, expected: Int64?) -> StoreError {
        StoreError(
            code: .conflict,
            message: "case \(caseID) changed to version \(actual.map(String.init) ?? "?") "
                + "(you expected \(expected.map(String.init) ?? "an older version")); reload it and retry",
            caseID: caseID, actualVersion: actual)
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
            return StoreError(
                code: .notFound,
                message: "case \(caseID ?? "?") does not exist; list cases with: accreditctl case list --as ID",
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
                code: .environment,
                message: "the database gave up waiting (\(error.message)); nothing was written. Retry the command "
                    + "(with the same --request-id, if it had one), or look for long-running transactions",
                caseID: caseID, underlying: error)
        case (.server, let state?) where state.hasPrefix("57P") || state.hasPrefix("08"):
            return StoreError(
                code: .environment,
                message: "the database server is shutting down or unavailable (\(error.message)); nothing was "
                    + "committed. Retry once it is back (accreditctl db status)",
                caseID: caseID, underlying: error)
        case (.connectionLost, _):
            return StoreError(
                code: .environment,
                message: "\(error.description). If the command was a change, it may or may not have been committed: "
                    + "retry it with the same --request-id, or check with accreditctl history",
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
