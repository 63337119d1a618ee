/// Why a message could not be sent: typed, so that front ends choose the words.
public struct MailError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// The settings are incomplete or contradictory (a password over an unencrypted connection, say).
        case settings
        /// An address is not one this client sends to (RFC 5321's dot-atom `local@domain`, ASCII only).
        case address
        /// The server could not be reached, refused the connection or the greeting, or the connection broke or timed
        /// out.
        case connection
        /// TLS could not be negotiated, or the server's certificate was not trusted.
        case tls
        /// The server does not offer what the settings require (STARTTLS, or a way to sign in).
        case unsupported
        /// The server refused the sign-in.
        case authentication
        /// The server refused this recipient for good (a 5xx reply to `RCPT`: no such mailbox, say).
        case recipientRefused
        /// The server refused the sender or relaying (a reply to `MAIL` other than 250, or a 5.7.x refusal of a
        /// recipient): no message will go for now, whoever it is to.
        case senderRefused
        /// The server refused this message for good (a 5xx reply to its content or size).
        case rejected
        /// The server refused for now (a 4xx reply): it may be sent again later.
        case deferred
        /// The server's reply did not follow the protocol.
        case protocolViolation
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, in plain words, for logs and front ends.
    public var message: String
    /// The server's reply code, when it refused.
    public var replyCode: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, replyCode: Int? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
    }

    /// Whether sending again later may succeed (a deferral or a broken connection, not a refusal for good).
    public var isTransient: Bool {
        switch code {
        case .connection, .deferred, .tls: true
        case .settings, .address, .unsupported, .authentication, .recipientRefused, .senderRefused, .rejected,
            .protocolViolation:
            false
        }
    }

    /// Whether the failure is this message's or recipient's alone (the next message may go): a recipient or a
    /// message refused, or a deferral.
    public var concernsThisMessage: Bool {
        code == .recipientRefused || code == .rejected || code == .deferred || code == .address
    }

    /// The message.
    public var description: String { message }
}
