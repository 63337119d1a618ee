import Foundation
import Mail
import MailTestSupport
import Testing

/// The SMTP client against a real server (aiosmtpd on loopback): plain, STARTTLS and implicit TLS, sign-in, refusals,
/// and what a hostile name, subject or body can and cannot do to the message.
@Suite struct SMTPSessionTests {
    static let sender: MailAddress = {
        guard let address = try? MailAddress("reminders@accredit.example") else {
            preconditionFailure("a valid address")
        }
        return address
    }()

    static func settings(_ listener: SMTPListener, security: SMTPSettings.Security = .none) -> SMTPSettings {
        var settings = SMTPSettings(host: "127.0.0.1", port: listener.port, security: security, from: sender)
        settings.timeoutSeconds = 10
        return settings
    }

    static func message(to: String = "ann@hospital.example", subject: String = "Evidence due", body: String = "Hello")
        throws -> MailMessage
    {
        MailMessage(
            from: sender, fromName: "Accredit", to: [try MailAddress(to)], subject: subject, body: body,
            date: 1_796_452_743, messageID: "reminder.1234@accredit.example",
            headers: [("Auto-Submitted", "auto-generated")])
    }

    /// Whether the listener can run; records why not.
    static func available() -> Bool {
        guard SMTPListener.isAvailable else {
            Issue.record("\(SMTPListener.python) is missing: run scripts/install-deps")
            return false
        }
        return true
    }

    @Test func plainSessionDeliversTheMessageWithItsHeaders() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener()
        let session = try SMTPSession.open(Self.settings(listener))
        try session.send(try Self.message())
        try session.send(try Self.message(to: "bo@hospital.example", subject: "Second"))
        session.close()
        let received = try listener.messages()
        #expect(received.count == 2)
        let first = try #require(received.first)
        #expect(first.mailFrom == "reminders@accredit.example")
        #expect(first.recipients == ["ann@hospital.example"])
        #expect(first.header("Subject") == "Evidence due")
        #expect(first.header("From") == "Accredit <reminders@accredit.example>")
        #expect(first.header("Message-ID") == "<reminder.1234@accredit.example>")
        #expect(first.header("Date") == "Sat, 05 Dec 2026 06:39:03 +0000")
        #expect(first.header("Auto-Submitted") == "auto-generated")
        #expect(first.body.hasPrefix("Hello"))
        #expect(!first.tls)
    }

    @Test func startTLSWithSignInVerifiesTheServerAndSignsIn() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener(["--auth", "mailer:s3cret", "--require-tls"], tls: true)
        var settings = Self.settings(listener, security: .starttls)
        settings.host = "localhost"
        settings.trustRootsFile = listener.certificate
        settings.username = "mailer"
        settings.password = "s3cret"
        let session = try SMTPSession.open(settings)
        try session.send(try Self.message())
        session.close()
        let received = try listener.messages()
        #expect(received.count == 1)
        #expect(received.first?.tls == true)
        #expect(received.first?.login == "mailer")
    }

    @Test func implicitTLSSends() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener(["--implicit-tls"], tls: true)
        var settings = Self.settings(listener, security: .tls)
        settings.host = "localhost"
        settings.trustRootsFile = listener.certificate
        let session = try SMTPSession.open(settings)
        try session.send(try Self.message())
        session.close()
        #expect(try listener.messages().first?.tls == true)
    }

    @Test func anUntrustedCertificateIsRefused() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener(["--implicit-tls"], tls: true)
        var settings = Self.settings(listener, security: .tls)
        settings.host = "localhost"
        #expect { try SMTPSession.open(settings) } throws: { ($0 as? MailError)?.code == .tls }
        // STARTTLS to a server whose certificate names another host: refused too.
        let starttls = try SMTPListener(["--host", "127.0.0.2"], tls: true)
        var other = Self.settings(starttls, security: .starttls)
        other.trustRootsFile = starttls.certificate
        other.host = "127.0.0.2"
        #expect { try SMTPSession.open(other) } throws: { ($0 as? MailError)?.code == .tls }
        #expect(try starttls.messages().isEmpty)
        // A host name that only begins like a loopback address is not one: no password in clear text to it.
        var lookalike = SMTPSettings(host: "127.relay.example.net", security: .none, from: Self.sender)
        lookalike.username = "mailer"
        lookalike.password = "pw"
        #expect { try lookalike.validate() } throws: { ($0 as? MailError)?.message.contains("clear text") == true }
    }

    @Test func startTLSWantedButNotOfferedIsRefusedBeforeAnythingIsSent() throws {
        guard Self.available() else { return }
        // A server that would take the password in clear text (no certificate, sign-in required).
        let listener = try SMTPListener(["--auth", "mailer:s3cret"], recordEvents: true)
        var settings = Self.settings(listener, security: .starttls)
        settings.username = "mailer"
        settings.password = "s3cret"
        #expect { try SMTPSession.open(settings) } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .unsupported && error.message.contains("does not offer STARTTLS")
        }
        // It said EHLO and nothing more: no password, no sender.
        #expect(try listener.events() == ["EHLO"])
    }

    @Test func aServerThatTurnsUsAwayOrMisbehavesIsAConnectionFailure() throws {
        guard Self.available() else { return }
        for greeting in ["554 5.7.1 go away", "421 4.3.2 too busy"] {
            let listener = try SMTPListener(["--raw", greeting])
            #expect { try SMTPSession.open(Self.settings(listener)) } throws: { error in
                guard let error = error as? MailError else { return false }
                return error.code == .connection && error.replyCode == Int(greeting.prefix(3))
            }
        }
        let garbage = try SMTPListener(["--raw", "HTTP/1.1 400 Bad Request"])
        #expect { try SMTPSession.open(Self.settings(garbage)) } throws: { error in
            (error as? MailError)?.code == .protocolViolation
        }
        // A reply injected in clear text after the server agreed to STARTTLS is refused, not read as TLS's.
        let injected = try SMTPListener(["--raw", "220 ready", "--raw-after-starttls", "250 injected"])
        #expect { try SMTPSession.open(Self.settings(injected, security: .starttls)) } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .protocolViolation || error.code == .connection
        }
        // A handshake that never comes: the session gives up when the time is up, and says so.
        let stalled = try SMTPListener(["--raw", "220 ready"])
        var settings = Self.settings(stalled, security: .starttls)
        settings.timeoutSeconds = 2
        #expect { try SMTPSession.open(settings) } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .connection && error.message.contains("within 2 s")
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationFailure() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener(["--auth", "mailer:s3cret"], tls: true)
        var settings = Self.settings(listener, security: .starttls)
        settings.host = "localhost"
        settings.trustRootsFile = listener.certificate
        settings.username = "mailer"
        settings.password = "wrong"
        #expect { try SMTPSession.open(settings) } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .authentication && error.replyCode == 535 && !error.isTransient
        }
    }

    @Test func aRefusedRecipientFailsThatMessageOnly() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener(["--reject", "gone@hospital.example", "--defer", "busy@hospital.example"])
        let session = try SMTPSession.open(Self.settings(listener))
        #expect { try session.send(try Self.message(to: "gone@hospital.example")) } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .recipientRefused && error.replyCode == 550 && !error.isTransient
                && error.concernsThisMessage
        }
        #expect { try session.send(try Self.message(to: "busy@hospital.example")) } throws: { error in
            (error as? MailError)?.code == .deferred && (error as? MailError)?.isTransient == true
        }
        try session.send(try Self.message())
        session.close()
        #expect(try listener.messages().map(\.recipients) == [["ann@hospital.example"]])
    }

    @Test func noServerIsAConnectionFailure() throws {
        let listener = try? SMTPListener()
        let port = listener?.port ?? 1
        listener?.stop()
        var settings = SMTPSettings(host: "127.0.0.1", port: port, security: .none, from: Self.sender)
        settings.timeoutSeconds = 5
        #expect { try SMTPSession.open(settings) } throws: { error in
            (error as? MailError)?.code == .connection && (error as? MailError)?.isTransient == true
        }
    }

    @Test func settingsThatWouldLeakOrCannotWorkAreRefused() throws {
        var clear = SMTPSettings(host: "mail.example.org", security: .none, from: Self.sender)
        #expect(clear.port == 25)
        clear.username = "mailer"
        clear.password = "pw"
        #expect { try clear.validate() } throws: { ($0 as? MailError)?.message.contains("clear text") == true }
        var loopback = clear
        loopback.host = "127.0.0.1"
        try loopback.validate()
        var half = SMTPSettings(host: "mail.example.org", from: Self.sender)
        #expect(half.port == 587)
        half.username = "mailer"
        #expect { try half.validate() } throws: { ($0 as? MailError)?.code == .settings }
        var helo = SMTPSettings(host: "mail.example.org", security: .tls, from: Self.sender)
        #expect(helo.port == 465)
        helo.heloName = "evil\r\nRCPT TO:<x@y.org>"
        #expect { try helo.validate() } throws: { ($0 as? MailError)?.code == .settings }
    }

    @Test func hostileAddressesAreRefused() {
        for text in [
            "ann", "ann@", "@hospital.example", "ann@localhost", "a b@hospital.example", "<ann@hospital.example>",
            "ann@hospital.example>\r\nRCPT TO:<eve@evil.example", "\"ann\"@hospital.example", "ann..b@hospital.example",
            ".ann@hospital.example", "ann@-hospital.example", "ann@hospital..example", "änn@hospital.example",
            "ann@[127.0.0.1]", String(repeating: "a", count: 65) + "@hospital.example",
        ] {
            #expect(MailAddress.problem(text) != nil, "\(text)")
        }
        for text in ["ann@hospital.example", "ann.b+reminders@nhs.example.uk", "o'neil@x-y.example"] {
            #expect(MailAddress.problem(text) == nil, "\(text)")
        }
    }

    @Test func aHostileSubjectNameOrBodyCannotAddHeadersOrEndTheMessage() throws {
        guard Self.available() else { return }
        let listener = try SMTPListener()
        let session = try SMTPSession.open(Self.settings(listener))
        var message = try Self.message(
            subject: "Due\r\nBcc: eve@evil.example",
            body: "line one\n.\nQUIT\n.\r\n\r\nlast — with a dash\n"
                + String(repeating: "x", count: 300))
        message.fromName = "Eve\" <eve@evil.example>\r\nBcc: eve@evil.example"
        try session.send(message)
        var unicode = try Self.message(subject: "Évidence due for Ysbyty Gwynedd — 7 days")
        unicode.fromName = "Accrédit"
        try session.send(unicode)
        session.close()
        let received = try listener.messages()
        #expect(received.count == 2)
        let first = try #require(received.first)
        #expect(first.recipients == ["ann@hospital.example"])
        #expect(first.header("Bcc") == nil)
        #expect(first.header("Subject") == "Due Bcc: eve@evil.example")
        #expect(first.header("From")?.hasSuffix(" <reminders@accredit.example>") == true)
        #expect(first.header("From")?.contains("evil") == false)
        #expect(
            first.body.hasPrefix(
                "line one\r\n.\r\nQUIT\r\n.\r\n\r\nlast — with a dash\r\n" + String(repeating: "x", count: 300)))
        #expect(first.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let second = try #require(received.last)
        #expect(second.header("Subject")?.hasPrefix("=?utf-8?B?") == true)
        #expect(second.data.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func longWordsAndRunsOfSpacesStillFoldWithinSeventyEightCharacters() throws {
        var message = try Self.message(
            subject: String(repeating: "w", count: 300) + String(repeating: " ", count: 150) + "end")
        message.fromName = String(repeating: "N", count: 1100)
        let rendered = try message.rendered()
        let head = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(head.allSatisfy { $0.utf8.count <= 78 }, "\(head.map(\.count))")
        #expect(head.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        #expect(head.contains { $0.hasPrefix("Subject: =?utf-8?B?") })
    }

    @Test func datesAreWrittenAsRFC5322Says() throws {
        var message = try Self.message()
        for (seconds, expected) in [
            (Int64(0), "Thu, 01 Jan 1970 00:00:00 +0000"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
            (-1, "Wed, 31 Dec 1969 23:59:59 +0000"), (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 +0000"),
        ] {
            message.date = seconds
            #expect(try message.rendered().hasPrefix("Date: \(expected)\r\n"))
        }
        message.messageID = "no-at-sign"
        #expect { try message.rendered() } throws: { ($0 as? MailError)?.code == .settings }
    }
}
