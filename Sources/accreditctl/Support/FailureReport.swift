import AccreditAPI
import AccreditEngine
import CaseService
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Statecharts
import StoreBackup
import Workflows

/// How `accreditctl` reports a failure: the one place that turns the libraries' typed errors into the tool's words
/// and documented exit statuses.
///
/// The libraries throw errors with a stable machine code (``StoreError/Code/name``, ``CaseServiceError/Code/name``,
/// ``CaseRefusal/rule``), context fields and a sentence that names no command. Here each code gets the command to run
/// next ("list cases with: accreditctl case list --as ID") and each kind an exit status. An HTTP front end maps the
/// same codes in one place of its own: the code as the RFC 9457 problem `type`, the kind as the HTTP status, the
/// library sentence as the `detail`, the context fields as extension members.
struct FailureReport: Hashable {
    /// The stable machine name of what failed, such as `case.not-found` or `access.read-only`.
    var code: String
    /// The exit status.
    var status: ExitStatus
    /// The line printed after `error: `.
    var message: String

    /// The report of any error a command lets through.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure:
            self.init(code: "command.failed", status: failure.status, message: failure.description)
        case let problem as Problem:
            self.init(code: problem.code, status: Self.status(problem), message: Self.words(for: problem))
        case let store as StoreError:
            self.init(code: store.code.name, status: Self.status(store.kind), message: Self.words(for: store))
        case let service as CaseServiceError:
            self.init(code: service.code.name, status: Self.status(service.kind), message: Self.words(for: service))
        case let refusal as CheckpointRefusal:
            self.init(
                code: "checkpoint.refused", status: .refused,
                message: refusal.description + "; see every problem with: accreditctl audit verify --all --as ID")
        case let refusal as CaseRefusal:
            self.init(code: refusal.rule, status: .refused, message: refusal.description)
        case let database as PostgresError:
            let refused = database.code == .server && database.sqlState?.hasPrefix("57") == false
            self.init(
                code: "database.\(database.code)", status: refused ? .refused : .environment,
                message: database.description)
        case is XMLDiagnostics:
            self.init(code: "definition.invalid", status: .invalid, message: "\(error)")
        case let key as SigningKeyError:
            self.init(code: "key.\(key.code.rawValue)", status: Self.status(key.code), message: Self.words(for: key))
        case is TrustedKeysError:
            self.init(code: "trust.invalid-anchor", status: .invalid, message: "\(error)")
        case is CertificateFormatError:
            self.init(code: "certificate.invalid", status: .invalid, message: "\(error)")
        case let file as CocoaError where file.code == .fileReadNoSuchFile || file.code == .fileNoSuchFile:
            self.init(code: "file.not-found", status: .notFound, message: "\(error)")
        case is LocalCluster.Failure:
            self.init(code: "database.embedded-cluster", status: .environment, message: "\(error)")
        case let backup as BackupError:
            self.init(code: Self.code(for: backup), status: Self.status(backup), message: Self.words(for: backup))
        case is FileSystemError:
            self.init(code: "storage.file-system", status: .environment, message: "\(error)")
        default:
            self.init(code: "internal", status: .environment, message: "\(error)")
        }
    }

    /// A report from its parts.
    init(code: String, status: ExitStatus, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    /// The exit status of a kind of store failure.
    static func status(_ kind: StoreError.Kind) -> ExitStatus {
        switch kind {
        case .conflict: .conflict
        case .notFound: .notFound
        case .invalid: .invalid
        case .corrupt, .refused: .refused
        case .environment: .environment
        }
    }

    /// The exit status of a problem the server answered, the same as the library error behind it gives in direct
    /// mode: a rule's refusal 1 (whatever its HTTP status), 409 conflict 3, 404 not found 4, 401 and 403 refused 1,
    /// a request the server cannot take 2, 500 (stored data failed a check) 1, 503 environment 5.
    static func status(_ problem: Problem) -> ExitStatus {
        if problem.rule != nil || problem.code == "checkpoint.refused" { return .refused }
        switch problem.status {
        case 409: return .conflict
        case 404: return .notFound
        case 401, 403, 500: return .refused
        case 400, 405, 413, 415, 422: return .invalid
        default: return .environment
        }
    }

    /// The server's sentence with what to run next (the same hint as in direct mode, by the problem's code).
    static func words(for problem: Problem) -> String {
        switch problem.code {
        case StoreError.Code.caseNotFound.name:
            return problem.detail + "; list cases with: accreditctl case list"
        case StoreError.Code.evidenceNotFound.name:
            return problem.detail + "; list it with: accreditctl evidence list \(problem.caseID ?? "CASE")"
        case StoreError.Code.conflict.name:
            return problem.detail + "; run the command again"
        case CaseServiceError.Code.organisationNotFound.name:
            return problem.detail + "; list them with: accreditctl org list --as ID"
        case CaseServiceError.Code.unauthenticated.name:
            return problem.detail + "; sign in again with: accreditctl login SERVER"
        case "bundle.too-large":
            return problem.detail + "; run accreditctl audit export without --with-files, then accreditctl evidence "
                + "get \(problem.caseID ?? "CASE") EVIDENCE --out FILE for each file"
        case "checkpoint.refused":
            return problem.detail + "; see every problem with: accreditctl audit verify --all --as ID"
        default:
            return problem.detail
        }
    }

    /// The exit status of a kind of service failure.
    static func status(_ kind: CaseServiceError.Kind) -> ExitStatus {
        switch kind {
        case .refused, .corrupt, .unauthenticated: .refused
        case .notFound: .notFound
        case .invalid: .invalid
        }
    }

    /// The store's sentence with what to run next, or the tool's own sentence where the store's names a concept
    /// the tool spells as an option (`--request-id`).
    static func words(for error: StoreError) -> String {
        let database = error.underlying
        switch error.code {
        case .caseNotFound:
            return error.message + "; list cases with: accreditctl case list --as ID"
        case .actorNotFound:
            return error.message + "; list actors with: accreditctl actor list --as ID"
        case .evidenceNotFound:
            return error.message + "; list it with: accreditctl evidence list \(error.caseID ?? "CASE")"
        case .definitionNotPublished:
            return error.message
                + "; publish it with: accreditctl \(error.definitionKind?.rawValue ?? "workflow") publish FILE"
        case .headsDisagree:
            return error.message + "; run: accreditctl audit verify --all"
        case .clockMismatch:
            return error.message + ". Retry the command (with the same --request-id, if it had one)"
        case .settingRefused:
            return error.message + "; see the settings with: accreditctl store settings --as ID"
        case .evidenceFileMissing, .evidenceFileCorrupt:
            return error.message + "; run: accreditctl evidence fsck --as ID"
        case .databaseUnavailable:
            return error.message + " (accreditctl db status)"
        case .databaseTimeout:
            guard let database else { return error.message }
            return "the database gave up waiting (\(database.message)); nothing was written. Retry the command "
                + "(with the same --request-id, if it had one), or look for long-running transactions"
        case .connectionLost:
            guard let database else { return error.message }
            return "\(database.description). If the command was a change, it may or may not have been committed: "
                + "retry it with the same --request-id, or check with accreditctl history"
        case .signingKeyUnknown:
            return error.message + "; sign from the home that holds the store's current key (see: accreditctl key list)"
        case .signingKeyTaken:
            return error.message + "; see: accreditctl key list"
        case .databaseRoles:
            return error.message + " (docs/operations.md, \"The two database roles\"), then run: accreditctl db migrate"
        case .roleTooPowerful:
            return error.message + " (docs/operations.md, \"The two database roles\")"
        case .migrationUnknown:
            guard let migration = error.migration else { return error.message }
            return "the database has migration \(migration.version) (\(migration.name)), which this accreditctl "
                + "does not know; upgrade accreditctl before using this database"
        default:
            return error.message
        }
    }

    /// The exit status of a signing key failure.
    static func status(_ code: SigningKeyError.Code) -> ExitStatus {
        switch code {
        case .missing: .notFound
        case .exists: .invalid
        case .notOwned, .exposed, .malformed, .publicKeyMismatch: .refused
        case .failed: .environment
        }
    }

    /// The key library's sentence with what to do.
    static func words(for error: SigningKeyError) -> String {
        let path = error.path ?? "the key file"
        switch error.code {
        case .missing:
            return error.description + "; keys are never made while signing: run accreditctl init (or accreditctl "
                + "key create) to make the store's key, or sign from the home that holds it"
        case .exists:
            return error.description + "; to replace the current key run: accreditctl key rotate --as ID"
        case .notOwned:
            return error.description + "; if you did not put it there, remove it and run: accreditctl key create"
        case .exposed:
            return error.description + "; run: chmod go-rwx \(path)"
        case .publicKeyMismatch:
            return error.description + "; find out who changed it, then restore \(path) from the published key"
        case .malformed, .failed:
            return error.description
        }
    }

    /// The service's sentence with what to run next.
    static func words(for error: CaseServiceError) -> String {
        let caseID = error.caseID ?? "CASE"
        switch error.code {
        case .replayFailed, .evidenceFileUnreadable:
            return error.message + "; run: accreditctl audit verify \(caseID) --as ID"
        case .uploadUnrecorded:
            return error.message + "; run: accreditctl audit verify"
        case .noAward:
            return error.message + "; see: accreditctl case show \(caseID)"
        case .organisationNotFound:
            return error.message + "; list them with: accreditctl org list --as ID"
        case .noSecretariat:
            return error.message + ", for example accreditctl actor add sam --name \"Sam\" --role secretariat --as sam"
        case .frameworkNotPublished:
            return error.message + ": publish it first with: accreditctl framework publish FILE --as ID"
        case .frameworkUndeclared:
            return error.message + ": give it with --framework NAME@VERSION, such as --framework "
                + "patient-safety-standards@1"
        default:
            return error.message
        }
    }
}
