import Foundation
import Mail

extension Context {
    /// The SMTP settings from the environment, or nil when `ACCREDIT_SMTP_HOST` is not set:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `ACCREDIT_SMTP_HOST` | the server (mail is off without it) |
    /// | `ACCREDIT_SMTP_PORT` | its port (587 for starttls, 465 for tls, 25 for none) |
    /// | `ACCREDIT_SMTP_SECURITY` | `starttls` (default), `tls` or `none` |
    /// | `ACCREDIT_SMTP_USER` | the user to sign in as, if the server wants one |
    /// | `ACCREDIT_SMTP_PASSWORD_FILE` | a file holding the password (or `ACCREDIT_SMTP_PASSWORD`) |
    /// | `ACCREDIT_SMTP_FROM` | the sender: `reminders@example.org` or `Accredit <reminders@example.org>` |
    /// | `ACCREDIT_SMTP_CA_FILE` | PEM certificate authorities to trust instead of the system's |
    /// | `ACCREDIT_SMTP_HELO` | the name given in EHLO (default localhost) |
    /// | `ACCREDIT_SMTP_TIMEOUT` | seconds to wait for the server (default 30, at most 120) |
    ///
    /// - Throws: ``CommandFailure`` `.invalid` saying which setting is wrong and how to put it right.
    static func smtpSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> SMTPSettings?
    {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let host = value("ACCREDIT_SMTP_HOST") else { return nil }
        func invalid(_ message: String) -> CommandFailure { CommandFailure(.invalid, message) }
        let securityText = value("ACCREDIT_SMTP_SECURITY") ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityText.lowercased()) else {
            throw invalid("ACCREDIT_SMTP_SECURITY is \"\(securityText)\": use starttls, tls or none")
        }
        var port: Int?
        if let text = value("ACCREDIT_SMTP_PORT") {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw invalid("ACCREDIT_SMTP_PORT is \"\(text)\": give a port from 1 to 65535")
            }
            port = number
        }
        guard let fromText = value("ACCREDIT_SMTP_FROM") else {
            throw invalid(
                "ACCREDIT_SMTP_HOST is set but ACCREDIT_SMTP_FROM is not: give the sender, such as "
                    + "\"Accredit <reminders@example.org>\"")
        }
        let (fromName, fromAddress) = splitSender(fromText)
        let from: MailAddress
        do {
            from = try MailAddress(fromAddress)
        } catch {
            throw invalid("ACCREDIT_SMTP_FROM: \(error.message)")
        }
        var settings = SMTPSettings(host: host, port: port, security: security, from: from)
        settings.fromName = fromName
        settings.username = value("ACCREDIT_SMTP_USER")
        if let file = value("ACCREDIT_SMTP_PASSWORD_FILE") {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw invalid("ACCREDIT_SMTP_PASSWORD_FILE: \(file) cannot be read")
            }
            settings.password = text.trimmingCharacters(in: .newlines)
        } else {
            settings.password = value("ACCREDIT_SMTP_PASSWORD")
        }
        settings.trustRootsFile = value("ACCREDIT_SMTP_CA_FILE")
        if let helo = value("ACCREDIT_SMTP_HELO") { settings.heloName = helo }
        if let text = value("ACCREDIT_SMTP_TIMEOUT") {
            guard let seconds = Int64(text), (1...SMTPSettings.maximumTimeoutSeconds).contains(seconds) else {
                throw invalid(
                    "ACCREDIT_SMTP_TIMEOUT is \"\(text)\": give seconds from 1 to \(SMTPSettings.maximumTimeoutSeconds)"
                )
            }
            settings.timeoutSeconds = seconds
        }
        do {
            try settings.validate()
        } catch {
            throw invalid("the SMTP settings (ACCREDIT_SMTP_*): \(error.message)")
        }
        return settings
    }

    /// `Name <address>` split into the name (nil when there is none) and the address.
    static func splitSender(_ text: String) -> (name: String?, address: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { return (nil, trimmed) }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return (name.isEmpty ? nil : name, address)
    }

    /// The portal's public address for links in mail (`ACCREDIT_PUBLIC_URL`, such as
    /// `https://accredit.example.org`), without a trailing slash; nil when not set.
    ///
    /// - Throws: ``CommandFailure`` `.invalid` for anything but an http(s) URL with a host.
    static func publicURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let text = environment["ACCREDIT_PUBLIC_URL"], !text.isEmpty else { return nil }
        guard let url = URLComponents(string: text), url.scheme == "https" || url.scheme == "http",
            url.host?.isEmpty == false, url.query == nil, url.fragment == nil
        else {
            throw CommandFailure(
                .invalid,
                "ACCREDIT_PUBLIC_URL is \"\(text)\": give the portal's address, such as https://accredit.example.org")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
