import Foundation
import MailTestSupport
import PostgresTestSupport
import Statecharts
import Testing

/// `accreditctl reminders` and `actor email` from the command line, against a real SMTP server (aiosmtpd on
/// loopback) with the settings in ACCREDIT_SMTP_*: the text and JSON a cron job reads, the exit status when mail
/// cannot go, and settings that are refused with what to change.
@Suite struct RemindersCommandTests {
    /// The world at C-1's evidence stage, ann addressed, the clock 20 days before the evidence deadline.
    static func evidenceDue(_ cli: CLIRunner) throws {
        try cli.toEvidence()
        try cli.ok(["actor", "email", "ann", "ann@riverside.example", "--as", "sec"])
        let shown = try cli.ok(["case", "show", "C-1", "--json", "--as", "sec"]).json()
        let deadlines = try #require(shown["deadlines"] as? [[String: Any]])
        let evidence = try #require(deadlines.first { $0["event"] as? String == "deadline.evidence" })
        let text = try #require(evidence["due"] as? String)
        let due = try #require(Instant(iso8601: text))
        try cli.ok(["store", "set", "clock", due.adding(days: -20).iso8601, "--as", "sec"])
    }

    @Test func remindersGoOnceAndAreListed() async throws {
        guard SMTPListener.isAvailable else {
            Issue.record("\(SMTPListener.python) is missing: run scripts/install-deps")
            return
        }
        let listener = try SMTPListener()
        try await CLIRunner.withWorld { world in
            try Self.evidenceDue(world)
            var cli = world
            cli.environment = [
                "ACCREDIT_SMTP_HOST": "127.0.0.1", "ACCREDIT_SMTP_PORT": "\(listener.port)",
                "ACCREDIT_SMTP_SECURITY": "none", "ACCREDIT_SMTP_FROM": "Accredit <reminders@accredit.example>",
            ]
            let dry = try cli.ok(["reminders", "send", "--dry-run", "--as", "sec"])
            #expect(
                dry.stdout.contains(
                    "C-1: Submission of the evidence and self-assessment (P30D before) to ann <ann@riverside.example>: due"
                ))
            #expect(try listener.messages().isEmpty)
            let sent = try cli.ok(["reminders", "send", "--as", "sec"])
            #expect(sent.stdout.contains("to ann <ann@riverside.example>: sent"))
            #expect(sent.stdout.hasSuffix("1 sent\n"))
            let again = try cli.ok(["reminders", "send", "--as", "sec", "--json"]).json()
            #expect(again["sent"] as? Int == 0)
            #expect(again["skipped"] as? Int == 1)
            let mail = try listener.messages()
            #expect(mail.count == 1)
            #expect(mail.first?.header("From") == "Accredit <reminders@accredit.example>")
            let listed = try cli.ok(["reminders", "list", "--as", "aud"])
            #expect(listed.stdout.contains("timer:deadline.evidence"))
            #expect(listed.stdout.contains(" ann "))
            #expect(!listed.stdout.contains("ann@riverside.example"))
            #expect(try cli.ok(["reminders", "list", "--as", "sec"]).stdout.contains("ann <ann@riverside.example>"))
            let refused = try cli.run(["reminders", "send", "--as", "ann"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("refused by access.reminders.send"))
        }
    }

    @Test func mailThatCannotGoExitsFiveAndBadSettingsSayWhatToChange() async throws {
        try await CLIRunner.withWorld { world in
            try Self.evidenceDue(world)
            var cli = world
            // No SMTP server at all: a dry run works, sending says what to set.
            let unset = try cli.run(["reminders", "send", "--as", "sec"])
            #expect(unset.status == 5)
            #expect(unset.stderr.contains("ACCREDIT_SMTP_HOST"))
            // A server that does not answer: nothing is claimed (no attempt spent) and the run exits 5.
            cli.environment = [
                "ACCREDIT_SMTP_HOST": "127.0.0.1", "ACCREDIT_SMTP_PORT": "1", "ACCREDIT_SMTP_SECURITY": "none",
                "ACCREDIT_SMTP_FROM": "reminders@accredit.example", "ACCREDIT_SMTP_TIMEOUT": "5",
            ]
            let down = try cli.run(["reminders", "send", "--as", "sec"])
            #expect(down.status == 5)
            #expect(down.stdout.contains(": not attempted"))
            #expect(down.stdout.contains("1 not attempted"))
            #expect(down.stderr.contains("error: mail could not be sent"))
            let listed = try cli.ok(["reminders", "list", "--as", "sec", "--json"]).json()
            #expect((listed["reminders"] as? [[String: Any]])?.isEmpty == true)
            // Malformed settings: other commands still work; sending names the setting.
            for (name, value, says) in [
                ("ACCREDIT_SMTP_SECURITY", "ssl", "use starttls, tls or none"),
                ("ACCREDIT_SMTP_PORT", "99999", "give a port from 1 to 65535"),
                ("ACCREDIT_SMTP_FROM", "Accredit", "ACCREDIT_SMTP_FROM"),
            ] {
                var bad = cli
                bad.environment[name] = value
                try bad.ok(["case", "show", "C-1", "--as", "sec"])
                let refused = try bad.run(["reminders", "send", "--as", "sec"])
                #expect(refused.status == 5, "\(name)")
                #expect(refused.stderr.contains(says), "\(name): \(refused.stderr)")
            }
            var clear = cli
            clear.environment["ACCREDIT_SMTP_HOST"] = "mail.example.org"
            clear.environment["ACCREDIT_SMTP_USER"] = "mailer"
            clear.environment["ACCREDIT_SMTP_PASSWORD"] = "pw"
            let leak = try clear.run(["reminders", "send", "--as", "sec"])
            #expect(leak.stderr.contains("clear text"))
            // The server refuses to start on them.
            let serve = try clear.run(["serve", "--listen", "127.0.0.1:0"])
            #expect(serve.status == 2)
            #expect(serve.stderr.contains("clear text"))
            // Addresses.
            let hostile = try cli.run([
                "actor", "email", "ann", "ann@x.example\r\nBcc: eve@evil.example", "--as", "sec",
            ])
            #expect(hostile.status == 2)
            let both = try cli.run(["actor", "email", "ann", "a@x.example", "--remove", "--as", "sec"])
            #expect(both.status == 2)
            try cli.ok(["actor", "email", "ann", "--remove", "--as", "sec"])
            let actors = try cli.ok(["actor", "list", "--as", "sec", "--json"]).json()
            #expect((actors["actors"] as? [[String: Any]])?.first { $0["id"] as? String == "ann" }?["email"] is NSNull)
        }
    }
}
