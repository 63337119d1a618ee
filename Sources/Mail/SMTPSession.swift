import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A connection to an SMTP server, signed in and ready to send (RFC 5321, with STARTTLS per RFC 3207 and AUTH PLAIN
/// or LOGIN per RFC 4954). Blocking: call it from a thread that may wait (never an event loop). One message at a
/// time; a refused message leaves the session usable for the next.
public final class SMTPSession {
    private let settings: SMTPSettings
    private let channel: any Channel
    private let handler: SMTPReplyHandler
    private var extensions: [String: String] = [:]
    private var closed = false

    private init(settings: SMTPSettings, channel: any Channel, handler: SMTPReplyHandler) {
        self.settings = settings
        self.channel = channel
        self.handler = handler
    }

    /// Connects, reads the greeting, says `EHLO`, upgrades to TLS as the settings say (refusing a server that does
    /// not offer STARTTLS when it is wanted) and signs in.
    ///
    /// - Throws: ``MailError``: `.settings`, `.connection`, `.tls`, `.unsupported`, `.authentication` or the
    ///   server's refusal.
    public static func open(_ settings: SMTPSettings) throws(MailError) -> SMTPSession {
        try settings.validate()
        let tls = try context(settings)
        let handler = SMTPReplyHandler()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(settings.timeoutSeconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.security == .tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverName(settings.host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.connect(host: settings.host, port: settings.port).wait()
        } catch {
            throw MailError(
                .connection, "could not connect to \(settings.host):\(settings.port): \(mailError(error).message)")
        }
        let session = SMTPSession(settings: settings, channel: channel, handler: handler)
        do throws(MailError) {
            try session.expect(try session.reply(), 220, "the connection")
            try session.hello()
            if settings.security == .starttls {
                guard session.extensions["STARTTLS"] != nil else {
                    throw MailError(
                        .unsupported,
                        "\(settings.host) does not offer STARTTLS: set the security to tls if it takes TLS from the "
                            + "first byte (port 465), or none only for a relay on a trusted network")
                }
                try session.expect(try session.command("STARTTLS"), 220, "STARTTLS")
                try session.startTLS(tls)
                try session.hello()
            }
            if let username = settings.username, let password = settings.password {
                try session.signIn(username, password)
            }
        } catch {
            session.abandon()
            // The server turning us away (a 421 or 554 greeting, say) is about the connection, not any message.
            if error.code == .deferred || error.code == .rejected {
                throw MailError(.connection, error.message, replyCode: error.replyCode)
            }
            throw error
        }
        return session
    }

    /// Sends one message to its recipients.
    ///
    /// - Throws: ``MailError``: `.senderRefused`, `.recipientRefused`, `.rejected` or `.deferred` with the server's
    ///   reply when it refuses the sender, a recipient or the message (the session stays usable), `.connection`
    ///   when the connection broke (it does not).
    public func send(_ message: MailMessage) throws(MailError) {
        let text = try message.rendered()
        guard !closed else { throw MailError(.connection, "the SMTP session is closed") }
        guard !message.to.isEmpty else { throw MailError(.address, "the message has no recipient") }
        if let limit = extensions["SIZE"].flatMap({ Int($0) }), limit > 0, text.utf8.count > limit {
            throw MailError(.rejected, "the message is \(text.utf8.count) bytes; the server takes at most \(limit)")
        }
        do throws(MailError) {
            let sender = try command("MAIL FROM:<\(settings.from)>")
            guard sender.code == 250 else {
                throw MailError(
                    .senderRefused,
                    "\(settings.host) refused the sender \(settings.from): \(sender.code) \(sender.text)",
                    replyCode: sender.code)
            }
            for recipient in message.to {
                let reply = try command("RCPT TO:<\(recipient)>")
                switch reply.code {
                case 250, 251: continue
                case 500..<600 where reply.lines.first?.hasPrefix("5.7.") == true:
                    // Relaying or policy refused: the sender's settings, not this mailbox.
                    throw MailError(
                        .senderRefused, "\(settings.host) refused to send to \(recipient): \(reply.code) \(reply.text)",
                        replyCode: reply.code)
                case 500..<600:
                    throw MailError(
                        .recipientRefused,
                        "\(settings.host) refused the recipient \(recipient): \(reply.code) \(reply.text)",
                        replyCode: reply.code)
                default: throw refusal(reply, "the recipient \(recipient)")
                }
            }
            try expect(try command("DATA"), 354, "DATA")
            var stuffed = ""
            for line in text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast() {
                stuffed += (line.hasPrefix(".") ? "." : "") + line + "\r\n"
            }
            try write(stuffed + ".\r\n")
            let timeout = max(settings.timeoutSeconds, SMTPSettings.dataEndTimeoutSeconds)
            try expect(try reply(timeout: timeout), 250, "the message")
        } catch {
            if error.concernsThisMessage || error.code == .senderRefused {
                // Ready for the next message; a session that cannot even reset is closed.
                if (try? command("RSET"))?.code != 250 { abandon() }
            }
            throw error
        }
    }

    /// Says `QUIT` and closes the connection; errors are ignored (the messages sent are sent).
    public func close() {
        guard !closed else { return }
        _ = try? command("QUIT")
        abandon()
    }

    deinit {
        if !closed { channel.close(promise: nil) }
    }

    /// Closes the connection without a word.
    private func abandon() {
        closed = true
        try? channel.close().wait()
    }

    /// `EHLO`, keeping the extensions the server lists (keyword → parameters).
    private func hello() throws(MailError) {
        let reply = try command("EHLO \(settings.heloName)")
        try expect(reply, 250, "EHLO")
        extensions = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            var name = keyword.uppercased()
            var parameters = parts.count > 1 ? String(parts[1]) : ""
            // Old servers write AUTH=PLAIN LOGIN.
            if name.hasPrefix("AUTH=") {
                parameters = String(name.dropFirst(5)) + (parameters.isEmpty ? "" : " " + parameters)
                name = "AUTH"
            }
            extensions[name] = ((extensions[name].map { $0 + " " } ?? "") + parameters).uppercased()
        }
    }

    /// Signs in with PLAIN, or LOGIN when that is all the server offers.
    private func signIn(_ username: String, _ password: String) throws(MailError) {
        let mechanisms = Set((extensions["AUTH"] ?? "").split(separator: " ").map(String.init))
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            reply = try command("AUTH PLAIN \(base64("\0\(username)\0\(password)"))", secret: true)
        } else if mechanisms.contains("LOGIN") {
            try expect(try command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try expect(try command(base64(username), secret: true), 334, "the user name")
            reply = try command(base64(password), secret: true)
        } else {
            throw MailError(
                .unsupported,
                "\(settings.host) offers no sign-in this client speaks (PLAIN or LOGIN)"
                    + (mechanisms.isEmpty ? "; leave the user and password out if it needs none" : ""))
        }
        guard reply.code == 235 else {
            throw MailError(
                .authentication, "\(settings.host) refused the sign-in as \(username): \(reply.code) \(reply.text)",
                replyCode: reply.code)
        }
    }

    /// Puts TLS under the connection, after the server agreed to STARTTLS; a reply already queued in clear text
    /// (injected before the handshake) is refused.
    private func startTLS(_ context: NIOSSLContext) throws(MailError) {
        let channel = self.channel
        let handler = self.handler
        let name = Self.serverName(settings.host)
        if (try? channel.eventLoop.submit { handler.hasQueuedReply }.wait()) != false {
            throw MailError(.protocolViolation, "\(settings.host) sent more after agreeing to STARTTLS")
        }
        do {
            try channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: context, serverHostname: name), position: .first)
            }.wait()
        } catch {
            throw Self.mailError(error)
        }
    }

    /// Sends a command line and reads the reply.
    private func command(_ line: String, secret: Bool = false) throws(MailError) -> SMTPReply {
        guard !line.contains("\r"), !line.contains("\n") else {
            throw MailError(.protocolViolation, "an SMTP command may not hold a line break")
        }
        try write(line + "\r\n")
        return try reply()
    }

    /// Writes bytes as they are, within the timeout (a TLS handshake that stalls holds writes back: the
    /// connection is closed when the time is up).
    private func write(_ text: String) throws(MailError) {
        let handler = self.handler
        let channel = self.channel
        let seconds = settings.timeoutSeconds
        let timer = channel.eventLoop.scheduleTask(in: .seconds(seconds)) {
            handler.timedOut("a write to the server did not finish within \(seconds) s", channel: channel)
        }
        defer { timer.cancel() }
        do {
            try channel.writeAndFlush(ByteBuffer(string: text)).wait()
        } catch {
            // A write to a connection that failed says only that it is closed: the handler knows why.
            let handler = self.handler
            let why = try? channel.eventLoop.submit { handler.recordedFailure }.wait()
            throw why ?? Self.mailError(error)
        }
    }

    /// The next reply, waiting at most `timeout` seconds (by default the settings').
    private func reply(timeout seconds: Int64? = nil) throws(MailError) -> SMTPReply {
        let handler = self.handler
        let channel = self.channel
        let timeout = TimeAmount.seconds(seconds ?? settings.timeoutSeconds)
        do {
            return try channel.eventLoop.flatSubmit { handler.next(on: channel, timeout: timeout) }.wait()
        } catch {
            throw Self.mailError(error)
        }
    }

    /// Refuses a reply other than `code`.
    private func expect(_ reply: SMTPReply, _ code: Int, _ what: String) throws(MailError) {
        guard reply.code != code else { return }
        throw refusal(reply, what)
    }

    /// The error for a refusal: 4xx deferred, 5xx rejected, anything else a protocol violation.
    private func refusal(_ reply: SMTPReply, _ what: String) -> MailError {
        let said = "\(settings.host) answered \(what) with \(reply.code) \(reply.text)"
        switch reply.code {
        case 400..<500: return MailError(.deferred, said, replyCode: reply.code)
        case 500..<600: return MailError(.rejected, said, replyCode: reply.code)
        default: return MailError(.protocolViolation, said, replyCode: reply.code)
        }
    }

    /// The TLS context: full verification against the system's roots or the configured file.
    private static func context(_ settings: SMTPSettings) throws(MailError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let file = settings.trustRootsFile {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw MailError(.settings, "the SMTP trust roots file \(file) cannot be read")
            }
            configuration.trustRoots = .file(file)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailError(.tls, "TLS could not be set up: \(error)")
        }
    }

    /// The name for SNI and certificate checks: nil for an IP address (SNI takes names only; NIOSSL then checks the
    /// address).
    static func serverName(_ host: String) -> String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.contains(":") { return nil }
        if bare.split(separator: ".").count == 4, bare.split(separator: ".").allSatisfy({ UInt8($0) != nil }) {
            return nil
        }
        return bare
    }

    /// Any error as a ``MailError``.
    static func mailError(_ error: any Error) -> MailError {
        if let error = error as? MailError { return error }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return MailError(.tls, "TLS failed: \(error)")
        }
        if error is ChannelError, case .connectTimeout = error as? ChannelError {
            return MailError(.connection, "the connection timed out")
        }
        return MailError(.connection, "\(error)")
    }
}
