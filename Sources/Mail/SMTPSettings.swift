/// Where and how to send mail: the usual SMTP settings (host, port, security, user and password, sender).
public struct SMTPSettings: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS, which the server must offer (port 587): the default.
        case starttls
        /// TLS from the first byte (SMTPS, port 465).
        case tls
        /// No encryption: only for a relay on this machine or a trusted network; refused with a password unless
        /// the host is a loopback address.
        case none

        /// The port this security usually uses.
        public var defaultPort: Int {
            switch self {
            case .starttls: 587
            case .tls: 465
            case .none: 25
            }
        }
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// The user to sign in as, if the server wants one.
    public var username: String?
    /// The password, with ``username``.
    public var password: String?
    /// The sender's address (the envelope's and the `From` header's).
    public var from: MailAddress
    /// The sender's display name, if any.
    public var fromName: String?
    /// The name this client gives in `EHLO` (by default `localhost`).
    public var heloName = "localhost"
    /// Seconds to wait for the connection, for each write and for each reply (the reply to a message's end waits
    /// at least ``dataEndTimeoutSeconds``).
    public var timeoutSeconds: Int64 = 30
    /// The longest ``timeoutSeconds`` may be: a whole message then takes at most about 20 minutes, well inside the
    /// hour after which an unfinished claim is taken over.
    public static let maximumTimeoutSeconds: Int64 = 120
    /// How long to wait for the reply to a message's end (RFC 5321 §4.5.3.2.6: 10 minutes): a timeout there
    /// leaves it unknown whether the message was taken, and it would be sent again.
    public static let dataEndTimeoutSeconds: Int64 = 600
    /// A PEM file (or directory) of the certificate authorities to trust instead of the system's, for a server with
    /// a private certificate authority.
    public var trustRootsFile: String?

    /// Creates settings; the port defaults to the security's usual one.
    public init(host: String, port: Int? = nil, security: Security = .starttls, from: MailAddress) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.from = from
    }

    /// Refuses settings that cannot work or would leak: no host, a port out of range, a user without a password (or
    /// the reverse), a password over an unencrypted connection to another machine, a `EHLO` name that is not a
    /// host name.
    ///
    /// - Throws: ``MailError`` `.settings` saying what to change.
    public func validate() throws(MailError) {
        guard !host.isEmpty, host.allSatisfy({ !$0.isWhitespace && $0 != "/" }) else {
            throw MailError(.settings, "the SMTP host is empty or not a host name")
        }
        guard (1...65535).contains(port) else { throw MailError(.settings, "the SMTP port must be from 1 to 65535") }
        guard (username == nil) == (password == nil) else {
            throw MailError(.settings, "give the SMTP user and password together, or neither")
        }
        if password != nil, security == .none, !isLoopback {
            throw MailError(
                .settings,
                "security none would send the SMTP password in clear text to \(host): use starttls or tls")
        }
        let label = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard !heloName.isEmpty, heloName.count <= 253, heloName.allSatisfy(label.contains) else {
            throw MailError(.settings, "the EHLO name must be a host name (letters, digits, hyphens and dots)")
        }
        guard (1...Self.maximumTimeoutSeconds).contains(timeoutSeconds) else {
            throw MailError(.settings, "the SMTP timeout must be from 1 to \(Self.maximumTimeoutSeconds) seconds")
        }
    }

    /// Whether the host is this machine: `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 (four numbers, not
    /// a name that begins with `127.`).
    var isLoopback: Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.first == "127"
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }
}
