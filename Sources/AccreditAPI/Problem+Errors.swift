import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Workflows

extension Problem {
    /// The problem document for any error an operation lets through.
    ///
    /// Statuses: 401 no valid credential; 403 a rule about people refused; 404 not found, and also another
    /// organisation's case (so that guessing ids learns nothing); 409 a concurrent change, with the current
    /// version; 413 too large; 422 a case or workflow rule refused, or the input breaks a rule; 503 the database
    /// or the disk failed; 500 stored data failed a check.
    public init(_ error: any Error, caseID: String? = nil) {
        switch error {
        case let problem as Problem:
            self = problem
        case let store as StoreError:
            self.init(store: store)
        case let service as CaseServiceError:
            self.init(service: service)
        case let refusal as CheckpointRefusal:
            self.init(
                status: 409, code: "checkpoint.refused", title: "The checkpoint was refused",
                detail: refusal.description,
                extensions: [
                    "checkpoint": .integer(refusal.sequence), "findings": .array(refusal.findings.map(\.value)),
                ])
        case let refusal as CaseRefusal:
            self.init(refusal: refusal, caseID: caseID)
        case let database as PostgresError:
            self.init(
                status: 503, code: "database.\(database.code)", title: "The database failed",
                detail: "the database failed; nothing was written")
        case let diagnostics as XMLDiagnostics:
            self.init(
                status: 422, code: "definition.invalid", title: "The definition is invalid", detail: "\(diagnostics)",
                extensions: ["findings": .array(diagnostics.items.map(Self.finding))])
        case let file as FileSystemError:
            self.init(
                status: 503, code: "storage.file-system", title: "The database or the disk failed",
                detail: "the server could not \(file.operation) a file: \(String(cString: strerror(file.errno)))")
        case let soon as CheckpointTooSoon:
            self.init(
                status: 429, code: "checkpoint.too-soon", title: "Too many requests", detail: soon.description,
                extensions: ["retryAfter": .integer(soon.retryAfterSeconds)])
        case let key as SigningKeyError:
            self.init(
                status: 503, code: "key.\(key.code.rawValue)", title: "The server's signing key is unusable",
                // The description can name the key's path on the server: that is for the operator's log only.
                detail: Self.signingKeyDetail(key.code.rawValue))
        default:
            self.init(status: 500, code: "internal", title: "Internal error", detail: "the server failed: \(error)")
        }
    }

    /// One finding of a definition check: `{file, line, column, severity, rule, message}`.
    static func finding(_ diagnostic: XMLDiagnostic) -> Value {
        [
            "file": .string(diagnostic.file), "line": .integer(Int64(diagnostic.line)),
            "column": .integer(Int64(diagnostic.column)), "severity": .string(diagnostic.severity.rawValue),
            "rule": .string(diagnostic.rule), "message": .string(diagnostic.message),
        ]
    }

    /// A store failure: the kind gives the status.
    init(store: StoreError) {
        var extensions: [String: Value] = [:]
        if let caseID = store.caseID { extensions["case"] = .string(caseID) }
        if let version = store.actualVersion { extensions["currentVersion"] = .integer(version) }
        if let actor = store.actorID { extensions["actor"] = .string(actor) }
        if let evidence = store.evidenceID { extensions["evidence"] = .string(evidence) }
        if let kind = store.definitionKind { extensions["definitionKind"] = .string(kind.rawValue) }
        let (status, title): (Int, String) =
            switch store.kind {
            case .conflict: (409, "The case changed concurrently")
            case .notFound: (404, "Not found")
            case .invalid:
                (
                    store.code == .fileRefused && store.message.contains("over the limit") ? 413 : 422,
                    "The request breaks a rule of the store"
                )
            case .refused: (403, "Refused")
            case .corrupt: (500, "Stored data failed a check")
            case .environment: (503, "The database or the disk failed")
            }
        // Database detail can name tables and constraints: the server's log keeps it, the client gets a sentence of
        // the store's own (the specific codes' messages are the store's; the generic ones may quote the database).
        let generic: Set<StoreError.Code> = [.invalid, .notFound, .corrupt]
        if [.signingKeyUnknown, .signingKeyTaken].contains(store.code) {
            // The server's own key is not the store's: the operator's problem, whose message names the key file's
            // path and fingerprint; the client learns only that nothing was signed.
            self.init(
                status: 503, code: store.code.name, title: "The server's signing key is unusable",
                detail: Self.signingKeyDetail(store.code.name))
            return
        }
        let detail =
            store.kind == .environment
            ? Self.environmentDetail(store)
            : store.underlying != nil && generic.contains(store.code) ? Self.genericDetail(store) : store.message
        self.init(status: status, code: store.code.name, title: title, detail: detail, extensions: extensions)
    }

    /// What a client is told of a store failure whose message quotes the database.
    static func genericDetail(_ store: StoreError) -> String {
        switch store.kind {
        case .notFound: "the request names something that does not exist (an organisation, actor, case or definition)"
        case .invalid: "a value in the request is malformed, too long, or already taken"
        case .corrupt: "stored data failed a check"
        default: "the database refused the request; nothing was written"
        }
    }

    /// What a client is told when the server cannot sign: never the key's path or fingerprint.
    static func signingKeyDetail(_ code: String) -> String {
        "the server cannot use its signing key (\(code)); nothing was signed: ask the operator, whose log names the "
            + "cause"
    }

    /// What a client is told of an environment failure.
    static func environmentDetail(_ store: StoreError) -> String {
        switch store.code {
        case .connectionLost:
            "the database connection broke; the change may or may not have been committed: retry with the same "
                + "Idempotency-Key"
        case .databaseTimeout: "the database gave up waiting; nothing was written: retry"
        case .diskFull: "the server's disk is full; nothing was stored"
        default: "the database is unavailable; nothing was written: retry later"
        }
    }

    /// A service failure.
    init(service: CaseServiceError) {
        var extensions: [String: Value] = [:]
        if let caseID = service.caseID { extensions["case"] = .string(caseID) }
        if let seq = service.seq { extensions["seq"] = .integer(seq) }
        if let evidence = service.evidenceID { extensions["evidence"] = .string(evidence) }
        if let rule = service.refusal?.rule { extensions["rule"] = .string(rule) }
        let (status, title): (Int, String) =
            switch service.kind {
            case .refused where Self.isAboutPeople(service.code.name): (403, "Refused: you may not do this")
            case .refused: (422, "Refused by a rule of the case")
            case .corrupt: (500, "Stored data failed a check")
            case .notFound: (404, "Not found")
            case .invalid: (422, "The request cannot be processed")
            case .unauthenticated: (401, "Sign in first")
            }
        self.init(
            status: status, code: service.code.name, title: title, detail: service.message, extensions: extensions)
    }

    /// Whether a rule is about who is asking (403) rather than about the case or the workflow (422).
    static func isAboutPeople(_ rule: String) -> Bool {
        ["access.", "impartiality.", "workflow.role-not-allowed", "workflow.system-only", "directory."].contains {
            rule.hasPrefix($0)
        }
    }

    /// A refusal by a rule: 403 for the rules about people, 404 for another organisation's case (or one an assessor
    /// is not assigned to), 422 for the
    /// case's and the workflow's rules.
    init(refusal: CaseRefusal, caseID: String?) {
        if refusal.rule == "access.organisation" || refusal.rule == "access.not-assigned", let caseID {
            self = .caseNotFound(caseID)
            return
        }
        let aboutPeople = Self.isAboutPeople(refusal.rule)
        var extensions: [String: Value] = ["rule": .string(refusal.rule)]
        if let caseID { extensions["case"] = .string(caseID) }
        self.init(
            status: aboutPeople ? 403 : 422, code: refusal.rule,
            title: aboutPeople ? "Refused: you may not do this" : "Refused by a rule of the case",
            detail: refusal.description, extensions: extensions)
    }
}
