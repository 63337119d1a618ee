import AccreditEngine
import CaseService
import EvidenceStore
import Testing

@testable import accreditctl

/// The one place where library errors become the tool's words and exit statuses; the words pinned here are those
/// docs/cli.md and earlier releases print.
struct FailureReportTests {
    /// An error, and the code, exit status and line the tool reports for it.
    struct Case: CustomTestStringConvertible, Sendable {
        var error: any Error & Sendable
        var code: String
        var status: accreditctl.ExitStatus
        var message: String
        var testDescription: String { code }
    }

    static let timeout = PostgresError(
        code: .server, message: "canceling statement due to statement timeout", sqlState: "57014")
    static let shutdown = PostgresError(
        code: .server, message: "terminating connection due to administrator command", sqlState: "57P01")
    static let lost = PostgresError(code: .connectionLost, message: "server closed the connection unexpectedly")
    static let refusal = CaseRefusal(rule: "workflow.not-accepted", message: "event 'x' is not accepted in state y")

    static let cases: [Case] = [
        Case(
            error: CaseServiceError(
                code: .frameworkNotPublished,
                message: "workflow w@1 declares framework f@2 (acc:framework, acc:framework-version), which is not "
                    + "published"),
            code: "workflow.framework-not-published", status: .notFound,
            message: "workflow w@1 declares framework f@2 (acc:framework, acc:framework-version), which is not "
                + "published: publish it first with: accreditctl framework publish FILE --as ID"),
        Case(
            error: CaseServiceError(code: .frameworkUndeclared, message: "workflow w@1 declares no framework"),
            code: "workflow.framework-undeclared", status: .invalid,
            message: "workflow w@1 declares no framework: give it with --framework NAME@VERSION, such as "
                + "--framework patient-safety-standards@1"),
        Case(
            error: StoreError(code: .odsCodeTaken, message: "ODS code RXQ is already taken by organisation riverside"),
            code: "organisation.ods-code-taken", status: .invalid,
            message: "ODS code RXQ is already taken by organisation riverside"),
        Case(
            error: StoreError.from(PostgresError(code: .server, message: "m", sqlState: "AC404"), caseID: "C-9"),
            code: "case.not-found", status: .notFound,
            message: "case C-9 does not exist; list cases with: accreditctl case list --as ID"),
        Case(
            error: StoreError(code: .actorNotFound, message: "actor eve is not registered", actorID: "eve"),
            code: "actor.not-found", status: .notFound,
            message: "actor eve is not registered; list actors with: accreditctl actor list --as ID"),
        Case(
            error: StoreError(
                code: .evidenceNotFound, message: "evidence E-9 of case C-1 does not exist", caseID: "C-1",
                evidenceID: "E-9"),
            code: "evidence.not-found", status: .notFound,
            message: "evidence E-9 of case C-1 does not exist; list it with: accreditctl evidence list C-1"),
        Case(
            error: StoreError(
                code: .definitionNotPublished, message: "framework f version 2 is not published",
                definitionKind: .framework),
            code: "definition.not-published", status: .notFound,
            message: "framework f version 2 is not published; publish it with: accreditctl framework publish FILE"),
        Case(
            error: StoreError(code: .headsDisagree, message: "1 case head(s) disagree with their logs (first: x)"),
            code: "checkpoint.heads-disagree", status: .refused,
            message: "1 case head(s) disagree with their logs (first: x); run: accreditctl audit verify --all"),
        Case(
            error: StoreError(code: .evidenceFileMissing, message: "stored file 0123456789ab… is missing"),
            code: "evidence.file-missing", status: .refused,
            message: "stored file 0123456789ab… is missing; run: accreditctl evidence fsck --as ID"),
        Case(
            error: StoreError.from(timeout, caseID: "C-1"), code: "database.timeout", status: .environment,
            message: "the database gave up waiting (canceling statement due to statement timeout); nothing was "
                + "written. Retry the command (with the same --request-id, if it had one), or look for "
                + "long-running transactions"),
        Case(
            error: StoreError.from(shutdown, caseID: nil), code: "database.unavailable", status: .environment,
            message: "the database server is shutting down or unavailable (terminating connection due to "
                + "administrator command); nothing was committed. Retry once it is back (accreditctl db status)"),
        Case(
            error: StoreError.from(lost, caseID: "C-1"), code: "database.connection-lost", status: .environment,
            message: "lost the connection to PostgreSQL: server closed the connection unexpectedly. If the command "
                + "was a change, it may or may not have been committed: retry it with the same --request-id, or "
                + "check with accreditctl history"),
        Case(
            error: StoreError(
                code: .migrationUnknown, message: "the database has migration 9 (later)",
                migration: MigrationIdentity(version: 9, name: "later")),
            code: "schema.migration-unknown", status: .environment,
            message: "the database has migration 9 (later), which this accreditctl does not know; upgrade "
                + "accreditctl before using this database"),
        Case(
            error: StoreError(
                code: .databaseRoles,
                message: "the login ops is not a member of accredit_owner, and migrations run as the owner; as a "
                    + "database administrator run: GRANT accredit_owner TO ops"),
            code: "schema.database-roles", status: .environment,
            message: "the login ops is not a member of accredit_owner, and migrations run as the owner; as a "
                + "database administrator run: GRANT accredit_owner TO ops (docs/operations.md, \"The two database "
                + "roles\"), then run: accreditctl db migrate"),
        Case(
            error: StoreError(code: .roleTooPowerful, message: "the database login user=postgres is a superuser"),
            code: "database.role-too-powerful", status: .refused,
            message: "the database login user=postgres is a superuser (docs/operations.md, \"The two database roles\")"),
        Case(
            error: StoreError.from(
                PostgresError(code: .server, message: "deadlock", sqlState: "AC409", detail: "7"), caseID: "C-1",
                expectedVersion: 6),
            code: "case.conflict", status: .conflict,
            message: "case C-1 changed to version 7 (you expected 6); reload it and retry"),
        Case(
            error: StoreError(code: .fileRefused, message: "a.pdf is empty; upload a file with content"),
            code: "evidence.file-refused", status: .invalid, message: "a.pdf is empty; upload a file with content"),
        Case(
            error: CaseServiceError(
                code: .replayFailed,
                message: "case C-1 event 3 no longer replays (workflow.not-accepted): event 'x' is not accepted in "
                    + "state y", caseID: "C-1", seq: 3, refusal: refusal),
            code: "case.replay-failed", status: .refused,
            message: "case C-1 event 3 no longer replays (workflow.not-accepted): event 'x' is not accepted in "
                + "state y; run: accreditctl audit verify C-1 --as ID"),
        Case(
            error: CaseServiceError(
                code: .uploadUnrecorded, message: "an evidence.upload event names no evidence id", caseID: "C-1"),
            code: "evidence.upload-unrecorded", status: .refused,
            message: "an evidence.upload event names no evidence id; run: accreditctl audit verify"),
        Case(
            error: refusal, code: "workflow.not-accepted", status: .refused,
            message: "refused by workflow.not-accepted: event 'x' is not accepted in state y"),
        Case(
            error: CommandFailure(.invalid, "x.json already exists"), code: "command.failed", status: .invalid,
            message: "x.json already exists"),
    ]

    @Test(arguments: cases) func reportsTheToolsWordsAndExitStatus(_ example: Case) {
        let report = FailureReport(example.error)
        #expect(report.code == example.code)
        #expect(report.status == example.status)
        #expect(report.message == example.message)
    }

    @Test(arguments: cases.filter { !($0.error is CommandFailure) })
    func theLibrarySentenceNamesNoCommand(_ example: Case) {
        let description = "\(example.error)"
        #expect(!description.contains("accreditctl"), "\(description)")
        #expect(!description.contains("--"), "\(description)")
    }

    @Test func everyStoreKindHasAnExitStatus() {
        let statuses = StoreError.Kind.allCases.map(FailureReport.status)
        #expect(statuses == [.conflict, .notFound, .invalid, .refused, .refused, .environment])
    }
}
