import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Mail
import MailTestSupport
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Reminders by mail through the real server and a real SMTP server (aiosmtpd on loopback): sent once per deadline,
/// stage and person, recorded, tried again after a transient failure and never after a refusal, to people only the
/// secretariat addresses, with the words a reader needs and nothing a hostile name can inject.
@Suite struct ReminderRouteTests {
    static func settings(_ listener: SMTPListener) throws -> SMTPSettings {
        var settings = SMTPSettings(
            host: "127.0.0.1", port: listener.port, security: .none, from: try MailAddress("reminders@accredit.example")
        )
        settings.fromName = "Accredit"
        settings.timeoutSeconds = 10
        return settings
    }

    /// A case whose evidence deadline is pending, on a sandbox store (made one before its first case) with the
    /// clock moved to `daysBefore` days before the deadline.
    static func evidenceDue(_ server: ServerHarness, _ caseID: String, daysBefore: Int64) throws -> Instant {
        if try server.desk.log.heads().isEmpty { try server.desk.changeSetting(.sandbox, by: "sec") }
        try server.openCaseForEvidence(caseID)
        let timer = try #require(
            try server.desk.load(caseID).state.snapshot.pendingTimers.first { $0.event.name == "deadline.evidence" })
        try server.desk.changeSetting(.clock(simulated: timer.due.adding(days: -daysBefore)), by: "sec")
        return timer.due
    }

    static func available() -> Bool {
        guard SMTPListener.isAvailable else {
            Issue.record("\(SMTPListener.python) is missing: run scripts/install-deps")
            return false
        }
        return true
    }

    @Test func aReminderGoesOncePerStageWithItsWordsAndIsRecorded() async throws {
        guard Self.available() else { return }
        let listener = try SMTPListener()
        let smtp = try Self.settings(listener)
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: {
            $0.environment.smtp = smtp
            $0.environment.publicURL = "https://accredit.example.org"
        }) { server in
            let due = try Self.evidenceDue(server, "C-1", daysBefore: 20)
            let sec = try server.token(for: "sec")
            let recorded = try await server.send(
                "POST", "/api/v1/actors/ann/email", token: sec, json: ["email": "ann@riverside.example"])
            #expect(recorded.status == 200)
            let first = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: [:])
            #expect(first.status == 200)
            #expect(first.json["sent"] as? Int == 1)
            let reminders = try #require(first.json["reminders"] as? [[String: Any]])
            #expect(reminders.map { $0["recipient"] as? String } == ["ann"])
            #expect(reminders.first?["stage"] as? String == "P30D")
            #expect(reminders.first?["deadline"] as? String == "timer:deadline.evidence")

            let mail = try listener.messages()
            #expect(mail.count == 1)
            let message = try #require(mail.first)
            #expect(message.recipients == ["ann@riverside.example"])
            #expect(message.mailFrom == "reminders@accredit.example")
            #expect(
                message.header("Subject")
                    == "C-1: Submission of the evidence and self-assessment due in 20 days")
            #expect(message.header("Auto-Submitted") == "auto-generated")
            #expect(message.body.contains("Dear ann,"))
            #expect(message.body.contains("in case C-1 (Riverside NHS Foundation Trust) is due in 20 days"))
            #expect(message.body.contains("Open the case: https://accredit.example.org/cases/C-1"))
            #expect(message.body.contains("You are told because you act for Riverside NHS Foundation Trust."))
            #expect(message.body.contains("(30 days before it)"))

            // Again at once, and again the next day: nothing more (the same stage).
            let again = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: [:])
            #expect(again.json["sent"] as? Int == 0)
            #expect(again.json["skipped"] as? Int == 1)
            try server.desk.changeSetting(.clock(simulated: due.adding(days: -19)), by: "sec")
            _ = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: [:])
            #expect(try listener.messages().count == 1)

            // A week before: the next stage goes, with the same Message-ID on every attempt of it only.
            try server.desk.changeSetting(.clock(simulated: due.adding(days: -6)), by: "sec")
            let week = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: ["case": "C-1"])
            #expect(week.json["sent"] as? Int == 1)
            let both = try listener.messages()
            #expect(both.count == 2)
            #expect(both.last?.header("Subject") == "C-1: Submission of the evidence and self-assessment due in 6 days")
            #expect(both.first?.header("Message-ID") != both.last?.header("Message-ID"))

            let listed = try await server.send("GET", "/api/v1/reminders?case=C-1", token: sec)
            let records = try #require(listed.json["reminders"] as? [[String: Any]])
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0["status"] as? String == "sent" && $0["sentAt"] is String })
            #expect(Set(records.compactMap { $0["stage"] as? String }) == ["P30D", "P7D"])
            #expect(records.allSatisfy { $0["email"] as? String == "ann@riverside.example" })
            // An auditor sees what was sent, but not to which address: addresses are the secretariat's.
            let audited = try await server.send("GET", "/api/v1/reminders", token: try server.token(for: "aud"))
            let seen = try #require(audited.json["reminders"] as? [[String: Any]])
            #expect(seen.count == 2)
            #expect(seen.allSatisfy { $0["email"] as? String == "" })
        }
    }

    @Test func onlyTheSecretariatSendsAndOnlyThoseWhoLookAfterTheRecordList() async throws {
        try await ServerHarness.run { server in
            _ = try Self.evidenceDue(server, "C-1", daysBefore: 20)
            for person in ["ann", "alice", "lee", "dana", "aud"] {
                let token = try server.token(for: person)
                let send = try await server.send("POST", "/api/v1/reminders/send", token: token, json: ["dryRun": true])
                #expect(send.status == 403, "\(person)")
                #expect(send.json["code"] as? String == "access.reminders.send")
            }
            for (person, status) in [("ann", 403), ("alice", 403), ("aud", 200), ("sec", 200)] {
                let list = try await server.send("GET", "/api/v1/reminders", token: try server.token(for: person))
                #expect(list.status == status, "\(person)")
            }
            let unsigned = try await server.send("POST", "/api/v1/reminders/send", json: [:])
            #expect(unsigned.status == 401)
        }
    }

    @Test func withoutMailADryRunListsWhatIsDueAndSendingSaysWhatToSet() async throws {
        try await ServerHarness.run { server in
            _ = try Self.evidenceDue(server, "C-1", daysBefore: 3)
            let sec = try server.token(for: "sec")
            _ = try await server.send("POST", "/api/v1/actors/ann/email", token: sec, json: ["email": "ann@r.example"])
            let dry = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: ["dryRun": true])
            #expect(dry.status == 200)
            #expect(dry.json["due"] as? Int == 1)
            let items = try #require(dry.json["reminders"] as? [[String: Any]])
            #expect(items.first?["stage"] as? String == "P7D")
            #expect(items.first?["status"] as? String == "due")
            let refused = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: [:])
            #expect(refused.status == 503)
            #expect(refused.json["code"] as? String == "reminders.mail-not-configured")
            #expect((refused.json["detail"] as? String)?.contains("ACCREDIT_SMTP_HOST") == true)
            // Nothing was claimed by either.
            #expect(try server.desk.reminders(as: "sec").isEmpty)
            let unknown = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: ["case": "nope"])
            #expect(unknown.status == 404)
        }
    }

    @Test func addressesAreCheckedAndPrivate() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let ann = try server.token(for: "ann")
            for hostile in [
                "ann@riverside.example\r\nBcc: eve@evil.example", "Ann <ann@riverside.example>", "ann", "ann@[::1]",
                "ann@riverside.example>\r\nRCPT TO:<eve@evil.example",
            ] {
                let refused = try await server.send(
                    "POST", "/api/v1/actors/ann/email", token: sec, json: ["email": hostile])
                #expect(refused.status == 422, "\(hostile)")
                #expect(refused.json["code"] as? String == "request.invalid-email")
            }
            // A person records their own; not another's.
            let own = try await server.send(
                "POST", "/api/v1/actors/ann/email", token: ann, json: ["email": "a@r.example"])
            #expect(own.status == 200)
            let other = try await server.send(
                "POST", "/api/v1/actors/hal/email", token: ann, json: ["email": "a@r.example"])
            #expect(other.status == 403)
            let nobody = try await server.send(
                "POST", "/api/v1/actors/nobody/email", token: sec, json: ["email": "a@r.example"])
            #expect(nobody.status == 404)
            let added = try await server.send(
                "POST", "/api/v1/actors", token: sec,
                json: [
                    "id": "ada", "name": "Ada", "roles": ["applicant"], "organisation": "riverside",
                    "email": "ada@riverside.example",
                ])
            #expect(added.status == 201, "\(added.json)")
            // The secretariat sees every address; an applicant only their own.
            let all = try #require(
                try await server.send("GET", "/api/v1/actors", token: sec).json["actors"] as? [[String: Any]])
            #expect(all.first { $0["id"] as? String == "ada" }?["email"] as? String == "ada@riverside.example")
            let seen = try #require(
                try await server.send("GET", "/api/v1/actors", token: ann).json["actors"] as? [[String: Any]])
            #expect(seen.first { $0["id"] as? String == "ann" }?["email"] as? String == "a@r.example")
            #expect(seen.first { $0["id"] as? String == "ada" }?["email"] is NSNull)
            // Removing: the newest record counts, and the change is kept.
            let removed = try await server.send(
                "POST", "/api/v1/actors/ann/email", token: sec, json: ["email": NSNull()])
            #expect(removed.status == 200)
            #expect(try server.desk.directory.actor("ann").email == nil)
        }
    }

    @Test func aTransientFailureIsTriedAgainARefusalIsNotAndAnAbandonedClaimIsTakenOver() async throws {
        guard Self.available() else { return }
        try await ServerHarness.run { server in
            let due = try Self.evidenceDue(server, "C-1", daysBefore: 10)
            for (person, address) in [("ann", "ann@riverside.example"), ("ada", "gone@riverside.example")] {
                if person == "ada" {
                    try server.desk.addActor(
                        Actor(
                            id: "ada", name: "Ada", roles: ["applicant"], organisation: "riverside", databaseLogin: nil),
                        by: "sec")
                }
                try server.desk.recordEmail(address, of: person, by: "sec")
            }
            // No server: nothing is claimed, nothing spends an attempt; the run says why.
            let closed = try SMTPListener()
            var environment = APIEnvironment()
            environment.smtp = try Self.settings(closed)
            closed.stop()
            let down = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(down.mailFailure?.code == .connection)
            // (People in id order: ada, then ann.)
            #expect(down.outcomes.map(\.planned.recipient.id) == ["ada", "ann"])
            #expect(down.outcomes.map(\.status) == [.notAttempted, .notAttempted])
            #expect(try server.desk.reminders(as: "sec").isEmpty)

            // The server back, refusing Ada's mailbox for good and deferring Ann's: Ada's is undeliverable, Ann's
            // failed for now. Neither goes again at once (Ann's waits 15 minutes before its next attempt).
            let busy = try SMTPListener(["--reject", "gone@riverside.example", "--defer", "ann@riverside.example"])
            environment.smtp = try Self.settings(busy)
            let up = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(up.mailFailure == nil)
            #expect(up.outcomes.map(\.status) == [.undeliverable, .failed])
            #expect(up.outcomes.map(\.attempt) == [1, 1])
            let again = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(again.outcomes.map(\.status) == [.skipped, .skipped])
            #expect(again.outcomes.first?.detail?.contains("refused for good at gone@riverside.example") == true)
            #expect(again.outcomes.last?.detail?.contains("attempt 1 failed") == true)
            #expect(again.outcomes.last?.detail?.contains("next after") == true)

            // Twenty minutes on, with a server that takes Ann's: her second attempt goes. Ada's goes only once her
            // address is corrected.
            let listener = try SMTPListener(["--reject", "gone@riverside.example"])
            environment.smtp = try Self.settings(listener)
            try server.desk.changeSetting(
                .clock(simulated: due.adding(days: -10).adding(microseconds: 20 * 60_000_000)), by: "sec")
            let preview = try ReminderSender.run(desk: server.desk, as: "sec", dryRun: true, environment: environment)
            #expect(preview.outcomes.map(\.status) == [.skipped, .due])
            #expect(preview.outcomes.last?.detail?.contains("tried again now") == true)
            let later = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(later.outcomes.map(\.status) == [.skipped, .sent])
            #expect(later.outcomes.last?.attempt == 2)
            try server.desk.recordEmail("ada@riverside.example", of: "ada", by: "sec")
            let corrected = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(corrected.outcomes.map(\.status) == [.sent, .skipped])
            #expect(corrected.outcomes.first?.attempt == 2)
            #expect(
                try listener.messages().map(\.recipients) == [["ann@riverside.example"], ["ada@riverside.example"]])

            // A claim left by a sender that died is taken over after an hour; an outcome recorded by the run that
            // lost it is refused rather than written over the new attempt.
            try server.desk.changeSetting(.clock(simulated: due.adding(days: -5)), by: "sec")
            let planned = try server.desk.dueReminders(as: "sec")
            let annsWeek = try #require(planned.first { $0.recipient.id == "ann" })
            #expect(try server.desk.claimReminder(annsWeek, as: "sec") == 1)
            #expect(throws: CaseRefusal.self) { try server.desk.claimReminder(annsWeek, as: "ann") }
            let held = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(held.outcomes.first { $0.planned.recipient.id == "ann" }?.status == .skipped)
            try server.desk.changeSetting(
                .clock(simulated: due.adding(days: -5).adding(microseconds: 2 * 3_600_000_000)), by: "sec")
            let taken = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(taken.outcomes.first { $0.planned.recipient.id == "ann" }?.status == .sent)
            #expect(taken.outcomes.first { $0.planned.recipient.id == "ann" }?.attempt == 2)
            #expect(throws: StoreError.self) {
                try server.desk.recordReminder(annsWeek.key, attempt: 1, .failed, error: "late", as: "sec")
            }
            #expect(try server.desk.reminders(as: "sec").first { $0.key == annsWeek.key }?.status == .sent)
        }
    }

    @Test func aServerRefusingTheSenderCostsNoReminderItsAttempt() async throws {
        guard Self.available() else { return }
        try await ServerHarness.run { server in
            _ = try Self.evidenceDue(server, "C-1", daysBefore: 10)
            try server.desk.recordEmail("ann@riverside.example", of: "ann", by: "sec")
            // Relaying refused (5.7.1 to RCPT): the settings' fault, not Ann's mailbox.
            let listener = try SMTPListener(["--reject-policy", "ann@riverside.example"])
            var environment = APIEnvironment()
            environment.smtp = try Self.settings(listener)
            let refused = try ReminderSender.run(desk: server.desk, as: "sec", environment: environment)
            #expect(refused.mailFailure?.code == .senderRefused)
            #expect(refused.outcomes.first?.status == .failed)
            #expect(try server.desk.reminders(as: "sec").first?.attempts == 0)
        }
    }

    @Test func anOverdueFindingIsTheTeamsToHearOfWithItsSeverity() async throws {
        guard Self.available() else { return }
        let listener = try SMTPListener()
        let smtp = try Self.settings(listener)
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.environment.smtp = smtp }) { server in
            try server.desk.changeSetting(.sandbox, by: "sec")
            try server.openCaseForReview("C-1")
            for criterion in try server.desk.view("C-1", as: "sec").definitions.machine.framework.criteria {
                _ = try server.desk.fire(
                    "C-1", event: "review.rate", data: ["criterion": .string(criterion.id), "rating": "met"],
                    by: "alice")
            }
            _ = try server.desk.fire("C-1", event: "review.complete", by: "alice")
            _ = try server.desk.fire("C-1", event: "visit.schedule", by: "sec")
            _ = try server.desk.fire("C-1", event: "visit.complete", by: "lee")
            _ = try server.desk.fire(
                "C-1", event: "finding.raise",
                data: ["criterion": "PP-1.1", "severity": "major", "statement": "No specialist has protected time"],
                by: "lee")
            let finding = try #require(try server.desk.load("C-1").state.record.findingsInOrder.first)
            let due = try #require(finding.due)
            for person in ["ann", "lee", "alice", "carl", "sec"] {
                try server.desk.recordEmail("\(person)@people.example", of: person, by: "sec")
            }
            try server.desk.changeSetting(.clock(simulated: due.adding(days: 2)), by: "sec")
            // Lee declares a conflict with the organisation after the finding: he no longer reads the case, and is
            // not told of it.
            try server.desk.declareConflict(
                ConflictDeclaration(
                    actor: "lee", organisation: "riverside", from: due, until: nil, reason: "Joined its board"),
                by: "lee")
            let sec = try server.token(for: "sec")
            let run = try await server.send("POST", "/api/v1/reminders/send", token: sec, json: ["case": "C-1"])
            let items = try #require(run.json["reminders"] as? [[String: Any]])
            let findings = items.filter { $0["deadline"] as? String == "finding:\(finding.id)" }
            // The team (not carl, who is not on it; not lee, conflicted), each told once, overdue.
            #expect(findings.contains { $0["recipient"] as? String == "alice" })
            #expect(!findings.contains { ["carl", "lee"].contains($0["recipient"] as? String ?? "") })
            #expect(Set(findings.compactMap { $0["recipient"] as? String }).count == findings.count)
            #expect(findings.allSatisfy { $0["stage"] as? String == "overdue" && $0["status"] as? String == "sent" })
            let lee = try #require(try listener.messages().first { $0.recipients == ["alice@people.example"] })
            #expect(lee.header("Subject") == "C-1: The corrective action for finding \(finding.id) is overdue")
            #expect(lee.body.contains("Finding \(finding.id) (major, criterion PP-1.1)"))
            #expect(lee.body.contains("You are told because you are on the case's assessment team."))
            #expect(!lee.body.contains("No specialist"))
        }
    }

    @Test func concurrentRunsSendEachReminderOnce() async throws {
        guard Self.available() else { return }
        try await ServerHarness.run { server in
            try server.desk.changeSetting(.sandbox, by: "sec")
            for index in 2...4 { try server.openCaseForEvidence("C-\(index)") }
            // Opened at the same sandbox time: every deadline falls together.
            _ = try Self.evidenceDue(server, "C-1", daysBefore: 20)
            try server.desk.recordEmail("ann@riverside.example", of: "ann", by: "sec")
            let listener = try SMTPListener()
            var environment = APIEnvironment()
            environment.smtp = try Self.settings(listener)
            let conninfo = server.conninfo
            let blobs = server.blobRoot
            let settings = environment
            // Three runs on three threads at once, each with its own connection.
            let reports = ReportBox()
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                do {
                    let desk = CaseDesk(
                        connection: try PostgresConnection(conninfo: conninfo), blobs: try BlobStore(root: blobs))
                    reports.add(try ReminderSender.run(desk: desk, as: "sec", environment: settings).outcomes)
                } catch {
                    reports.fail(error)
                }
            }
            #expect(reports.errors.isEmpty, "\(reports.errors)")
            let sent = reports.outcomes.filter { $0.status == .sent }
            #expect(sent.count == 4)
            #expect(Set(sent.map(\.planned.key)).count == 4)
            #expect(try listener.messages().count == 4)
        }
    }
}

/// Outcomes gathered from several threads.
final class ReportBox: @unchecked Sendable {
    private let lock = NSLock()
    private var gathered: [ReminderSender.Outcome] = []
    private var failures: [String] = []

    /// Every outcome added.
    var outcomes: [ReminderSender.Outcome] { lock.withLock { gathered } }
    /// Every error.
    var errors: [String] { lock.withLock { failures } }

    func add(_ outcomes: [ReminderSender.Outcome]) { lock.withLock { gathered += outcomes } }

    func fail(_ error: any Error) { lock.withLock { failures.append("\(error)") } }
}
