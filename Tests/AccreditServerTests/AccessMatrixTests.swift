import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import ServiceTestSupport
import Testing

/// The access matrix of docs/cli.md ("Who may do what"), over HTTP: every route, called by every role and by nobody,
/// gets the answer the matrix gives: through (`ok`: any answer that is not about who is asking), `401` without a
/// credential, `403` refused by a rule about people, or `404` for another organisation's case, which must look
/// exactly as if it did not exist. Every route in the API's table must have a row, so a new route cannot skip it.
@Suite(.serialized) struct AccessMatrixTests {
    /// Who asks: one actor per role, two organisations, and nobody.
    static let askers = ["ann", "hal", "sec", "alice", "lee", "dana", "aud", ""]

    /// A request and what each asker gets.
    struct Row {
        /// The route's `operationId`.
        let operation: String
        /// The method.
        let method: String
        /// The path, with real ids from the fixture.
        let path: String
        /// A JSON body, or nil.
        var json: [String: Any]? = nil
        /// A raw body (uploads), or nil.
        var body: Data? = nil
        /// The raw body's type (an upload's by default).
        var contentType = "application/octet-stream"
        /// The askers that get through; the others get `refused` (nobody always gets 401).
        let through: Set<String>
        /// The answer of those that do not get through: 403, or 404 when the case is hidden from them.
        var refused: [String: Int] = [:]
        /// Whether what the path names does not exist, so that those let through get 404 (and only they).
        var missing = false
    }

    /// Everyone signed in.
    static let everyone: Set<String> = ["ann", "hal", "sec", "alice", "lee", "dana", "aud"]
    /// The staff.
    static let staff: Set<String> = ["sec", "alice", "lee", "dana", "aud"]
    /// Everyone who may see riverside's case C-1: the staff and riverside's applicant.
    static let riverside: Set<String> = ["ann", "sec", "alice", "lee", "dana", "aud"]

    /// The rows: C-1 and C-2 are riverside's cases (ann's organisation; hal is hillside's), C-1 at the evidence stage
    /// with E-1, C-2 in assessment with its evidence submitted.
    static func rows(tokens: [String: String], definitions: (framework: String, workflow: String)) -> [Row] {
        let hiddenFromHal = ["hal": 404]
        return [
            Row(operation: "whoAmI", method: "GET", path: "/api/v1/me", through: everyone),
            Row(operation: "listTokens", method: "GET", path: "/api/v1/tokens", through: everyone),
            Row(
                operation: "listTokens", method: "GET", path: "/api/v1/tokens?actor=ann", through: ["ann", "sec"]),
            Row(
                operation: "createToken", method: "POST", path: "/api/v1/tokens",
                json: ["name": "matrix"], through: everyone),
            Row(
                operation: "authenticationLog", method: "GET", path: "/api/v1/auth/log?actor=ann",
                through: ["ann", "sec", "aud"], refused: ["hal": 403, "alice": 403, "lee": 403, "dana": 403]),
            Row(
                operation: "invite", method: "POST", path: "/api/v1/invitations", json: ["actor": "hal"],
                through: ["sec"]),
            Row(
                operation: "revokeToken", method: "DELETE", path: "/api/v1/tokens/\(tokens["carl"] ?? "")",
                through: ["sec"], refused: ["ann": 404, "hal": 404, "alice": 404, "lee": 404, "dana": 404, "aud": 404]),
            Row(operation: "signOut", method: "DELETE", path: "/api/v1/auth/session", through: everyone),
            Row(operation: "listCases", method: "GET", path: "/api/v1/cases", through: everyone),
            // The directory, the definitions and the store.
            Row(operation: "listOrganisations", method: "GET", path: "/api/v1/organisations", through: everyone),
            Row(
                operation: "getOrganisation", method: "GET", path: "/api/v1/organisations/riverside",
                through: riverside),
            Row(
                operation: "registerOrganisation", method: "POST", path: "/api/v1/organisations",
                json: ["id": "matrix-org", "name": "Matrix"], through: ["sec"]),
            Row(
                operation: "listServices", method: "GET", path: "/api/v1/organisations/riverside/services",
                through: riverside),
            Row(
                operation: "recordSite", method: "POST", path: "/api/v1/organisations/riverside/sites",
                json: ["site": "matrix-site", "name": "Matrix"], through: ["sec"]),
            Row(
                operation: "recordService", method: "POST", path: "/api/v1/organisations/riverside/services",
                json: ["service": "matrix-service", "site": "matrix-site", "kind": "inpatient", "name": "Matrix"],
                through: ["sec"]),
            Row(operation: "listActors", method: "GET", path: "/api/v1/actors", through: everyone),
            Row(
                operation: "addActor", method: "POST", path: "/api/v1/actors",
                json: ["id": "matrix-person", "name": "Matrix", "roles": ["assessor"]], through: ["sec"]),
            Row(
                operation: "recordActorEmail", method: "POST", path: "/api/v1/actors/carl/email",
                json: ["email": "carl@matrix.example"], through: ["sec"]),
            Row(operation: "listConflicts", method: "GET", path: "/api/v1/conflicts", through: staff),
            Row(operation: "listCompetences", method: "GET", path: "/api/v1/competences", through: staff),
            Row(
                operation: "recordCompetence", method: "POST", path: "/api/v1/competences",
                json: [
                    "actor": "carl", "framework": "patient-safety-standards", "trainedOn": "2024-01-01",
                    "validUntil": "2027-01-01",
                ], through: ["sec"]),
            Row(
                operation: "declareConflict", method: "POST", path: "/api/v1/conflicts",
                json: ["actor": "carl", "organisation": "riverside", "from": "2024-01-01", "reason": "matrix"],
                through: ["sec"]),
            Row(
                operation: "publishFramework", method: "POST", path: "/api/v1/frameworks",
                json: ["source": definitions.framework], through: ["sec"]),
            Row(
                operation: "publishWorkflow", method: "POST", path: "/api/v1/workflows",
                json: ["source": definitions.workflow], through: ["sec"]),
            Row(operation: "getStoreSettings", method: "GET", path: "/api/v1/store/settings", through: everyone),
            Row(
                operation: "changeStoreSetting", method: "POST", path: "/api/v1/store/settings",
                json: ["setting": "upload.max-bytes", "value": "1000000"], through: ["sec"]),
            Row(
                operation: "listStoreSettingChanges", method: "GET", path: "/api/v1/store/settings/history",
                through: everyone),
            Row(operation: "listSigningKeys", method: "GET", path: "/api/v1/keys", through: everyone),
            // Reading a case's record, reports, awards, audit and housekeeping.
            Row(
                operation: "caseHistory", method: "GET", path: "/api/v1/cases/C-1/history", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "replayCase", method: "GET", path: "/api/v1/cases/C-1/replay", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "checkCaseMigration", method: "POST", path: "/api/v1/cases/C-1/migration-check",
                json: ["source": definitions.workflow, "file": "candidate.scxml"], through: ["sec", "aud"],
                refused: hiddenFromHal),
            // Moving a case is the secretariat's; the capability comes before the case is read, so hal is refused
            // (403) without learning whether C-1 exists. Sent to the version C-1 is on, it changes nothing (422).
            Row(
                operation: "migrateCase", method: "POST", path: "/api/v1/cases/C-1/migration",
                json: ["workflow": "patient-safety-accreditation@1"], through: ["sec"]),
            Row(
                operation: "getAward", method: "GET", path: "/api/v1/cases/C-1/award", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "signAward", method: "GET", path: "/api/v1/cases/C-1/award/certificate",
                through: riverside, refused: hiddenFromHal),
            Row(
                operation: "verifyCase", method: "POST", path: "/api/v1/cases/C-1/audit", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "checkpointCase", method: "POST", path: "/api/v1/cases/C-1/checkpoint", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "exportBundle", method: "GET", path: "/api/v1/cases/C-1/bundle", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "reportCases", method: "GET", path: "/api/v1/reports/cases", through: ["sec", "aud", "dana"]),
            Row(operation: "verifyStore", method: "POST", path: "/api/v1/audit/verify", through: ["sec", "aud"]),
            Row(
                operation: "publishCheckpoint", method: "POST", path: "/api/v1/audit/checkpoints",
                through: ["sec", "aud"]),
            Row(
                operation: "publishAwardStatus", method: "POST", path: "/api/v1/award-status", through: ["sec", "aud"]),
            Row(operation: "fireTimers", method: "POST", path: "/api/v1/timers/fire", through: ["sec"]),
            Row(
                operation: "sendReminders", method: "POST", path: "/api/v1/reminders/send", json: ["dryRun": true],
                through: ["sec"]),
            Row(operation: "listReminders", method: "GET", path: "/api/v1/reminders", through: ["sec", "aud"]),
            Row(
                operation: "checkEvidenceFiles", method: "POST", path: "/api/v1/evidence-files/fsck",
                through: ["sec", "aud"]),
            Row(
                operation: "discardEvidenceFile", method: "POST",
                path: "/api/v1/evidence-files/\(String(repeating: "ab", count: 32))/discard",
                json: ["reason": "matrix"], through: ["sec"], missing: true),
            Row(
                operation: "openCase", method: "POST", path: "/api/v1/cases",
                json: ["organisation": "riverside", "workflow": "patient-safety-accreditation@1"],
                through: ["ann", "sec"]),
            Row(
                operation: "importCase", method: "POST", path: "/api/v1/case-imports",
                json: [
                    "case": "C-IMPORTED", "organisation": "riverside", "workflow": "patient-safety-accreditation@1",
                    "openedAt": "2020-01-06",
                    "events": [["event": "application.submit", "actor": "ann", "at": "2020-01-07"]],
                ], through: ["sec"]),
            Row(
                operation: "importCases", method: "POST", path: "/api/v1/case-imports/bulk",
                body: Data(
                    (#"{"case": "C-BULK", "organisation": "riverside", "workflow": "patient-safety-accreditation@1", "#
                        + #""openedAt": "2020-01-06", "events": [{"event": "application.submit", "actor": "ann", "#
                        + #""at": "2020-01-07"}]}"# + "\n").utf8), contentType: "application/x-ndjson",
                through: ["sec"]),
            Row(
                operation: "getCase", method: "GET", path: "/api/v1/cases/C-1", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "nextEvents", method: "GET", path: "/api/v1/cases/C-1/next", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "listEvidence", method: "GET", path: "/api/v1/cases/C-1/evidence", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "uploadEvidence", method: "POST", path: "/api/v1/cases/C-1/evidence?criterion=SL-1.2&item=1",
                body: Data("%PDF-1.4 matrix".utf8), through: ["ann"],
                refused: ["hal": 404, "sec": 403, "alice": 403, "lee": 403, "dana": 403, "aud": 403]),
            Row(
                operation: "getEvidence", method: "GET", path: "/api/v1/cases/C-1/evidence/E-1", through: riverside,
                refused: hiddenFromHal),
            Row(
                operation: "downloadEvidence", method: "GET", path: "/api/v1/cases/C-1/evidence/E-1/content",
                through: riverside, refused: hiddenFromHal),
            Row(
                operation: "reviewEvidence", method: "POST", path: "/api/v1/cases/C-2/evidence/E-1/review",
                json: ["accept": false, "reason": "matrix"], through: ["alice", "lee"],
                refused: ["hal": 404, "ann": 403, "sec": 403, "dana": 403, "aud": 403]),
            // Reuse is the organisation's (in a renewal; in this first cycle the case rules then refuse it).
            Row(
                operation: "reuseEvidence", method: "POST", path: "/api/v1/cases/C-1/evidence/E-1/reuse",
                json: [:], through: ["ann"],
                refused: ["hal": 404, "sec": 403, "alice": 403, "lee": 403, "dana": 403, "aud": 403]),
            // Complaints: the secretariat handles them, auditors read them; planned visits are never the
            // organisation's to see, whether the plan exists or not.
            Row(operation: "listComplaints", method: "GET", path: "/api/v1/complaints", through: ["sec", "aud"]),
            Row(
                operation: "recordComplaint", method: "POST", path: "/api/v1/complaints",
                json: ["organisation": "riverside", "text": "matrix"], through: ["sec"]),
            Row(
                operation: "getComplaint", method: "GET", path: "/api/v1/complaints/CMP-1", through: ["sec", "aud"]),
            Row(
                operation: "triageComplaint", method: "POST", path: "/api/v1/complaints/CMP-1/triage",
                json: ["decision": "monitor", "summary": "matrix"], through: ["sec"]),
            Row(
                operation: "closeComplaint", method: "POST", path: "/api/v1/complaints/CMP-1/close",
                json: ["outcome": "not-substantiated", "summary": "matrix"], through: ["sec"]),
            Row(
                operation: "eraseComplaint", method: "POST", path: "/api/v1/complaints/CMP-1/erase", through: ["sec"]),
            Row(operation: "listVisits", method: "GET", path: "/api/v1/visits", through: staff),
            Row(
                operation: "planVisit", method: "POST", path: "/api/v1/visits",
                json: ["case": "C-1", "kind": "unannounced", "notBefore": "2030-01-01", "notAfter": "2030-01-02"],
                through: ["sec"]),
            Row(
                operation: "getVisit", method: "GET", path: "/api/v1/visits/V-1", through: staff, missing: true),
            Row(
                operation: "cancelVisit", method: "POST", path: "/api/v1/visits/V-1/cancel",
                json: ["reason": "matrix"], through: ["sec"], missing: true),
            Row(
                operation: "holdVisit", method: "POST", path: "/api/v1/visits/V-1/hold", json: ["report": "matrix"],
                through: staff, missing: true),
            // Last: it ends the case.
            Row(
                operation: "sendEvent", method: "POST", path: "/api/v1/cases/C-1/events",
                json: ["event": "case.withdraw"], through: ["ann", "sec"],
                refused: ["hal": 404, "alice": 403, "lee": 403, "dana": 403, "aud": 403]),
        ]
    }

    /// Routes anyone may call: the matrix does not apply to them.
    static let open: Set<String> = ["signInForToken", "signIn", "redeemInvitation", "getAwardStatus"]

    @Test func everyRoleGetsTheMatrixAnswerOnEveryRoute() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            _ = try server.desk.uploadEvidence(
                "C-1", from: .file(try Self.file(in: server.blobRoot)), displayName: "policy.pdf",
                criterion: "SL-1.1", item: 1, by: "ann")
            try server.openCaseForEvidence("C-2")
            for criterion in Self.covered {
                _ = try server.desk.uploadEvidence(
                    "C-2", from: .file(try Self.file(in: server.blobRoot)), displayName: "\(criterion).pdf",
                    criterion: criterion, item: 1, by: "ann")
            }
            try server.completeSubmission(
                "C-2", file: try Self.file(in: server.blobRoot), evidenced: Set(Self.covered))
            _ = try server.desk.fire("C-2", event: "evidence.submit", by: "ann")
            var tokens: [String: String] = [:]
            for asker in Self.everyone { tokens[asker] = try server.token(for: asker) }
            let carl = try server.desk.createToken(for: "carl", name: "carl", days: 1, by: .operator("test"))
            let root = DeskFixtures.repository + "Definitions/"
            let rows = Self.rows(
                tokens: ["carl": carl.record.id],
                definitions: (
                    try String(contentsOfFile: root + "frameworks/patient-safety-standards-v1.xml", encoding: .utf8),
                    try String(contentsOfFile: root + "workflows/patient-safety-accreditation.scxml", encoding: .utf8)
                ))
            let covered = Set(rows.map(\.operation)).union(Self.open)
            let missing = API.routes.map(\.operationID).filter { !covered.contains($0) }
            #expect(missing.isEmpty, "routes with no row in the access matrix: \(missing)")
            var wrong: [String] = []
            for row in rows {
                // Those refused ask first, so that a change made by one let through cannot hide a refusal.
                for asker in Self.askers.sorted(by: { !row.through.contains($0) && row.through.contains($1) }) {
                    let answer = try await server.send(
                        row.method, row.path, token: asker.isEmpty ? nil : tokens[asker], json: row.json,
                        body: row.body,
                        headers: row.body == nil ? [:] : ["Content-Type": row.contentType])
                    let expected: String
                    if asker.isEmpty {
                        expected = "401"
                    } else if row.through.contains(asker) {
                        expected = row.missing ? "404" : "ok"
                    } else {
                        expected = String(row.refused[asker] ?? 403)
                    }
                    let got = [401, 403, 404].contains(answer.status) ? String(answer.status) : "ok"
                    if got != expected {
                        wrong.append(
                            "\(row.method) \(row.path) as \(asker.isEmpty ? "nobody" : asker): expected \(expected), "
                                + "got \(answer.status) \(answer.json["code"] ?? "")")
                    }
                }
            }
            #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        }
    }

    /// The criteria whose evidence lets an applicant submit (the shipped framework's mandatory ones and more).
    static let covered = [
        "SL-1.1", "SL-1.2", "SL-2.1", "LD-1.1", "LD-1.2", "PP-1.1", "PP-2.1", "PE-1.1", "PE-2.1", "DI-1.1", "DI-3.1",
        "CU-1.1", "CU-2.1",
    ]

    /// A small PDF to upload.
    static func file(in directory: String) throws -> String {
        let path = directory + "/../matrix-policy.pdf"
        try Data("%PDF-1.4 policy".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
