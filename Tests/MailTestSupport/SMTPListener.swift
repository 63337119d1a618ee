import Foundation

/// A real SMTP server on loopback for the tests: aiosmtpd (`Tests/SMTP/listener.py`, from the `.venv` that
/// `scripts/install-deps` makes), started per test and stopped with it. It keeps every message it accepts.
public final class SMTPListener: @unchecked Sendable {
    /// A message the server accepted.
    public struct Received: Sendable {
        /// The envelope's sender.
        public var mailFrom: String
        /// The envelope's recipients.
        public var recipients: [String]
        /// The message as sent after `DATA` (dot-stuffing undone).
        public var data: String
        /// Whether it arrived over TLS.
        public var tls: Bool
        /// Who signed in, if anyone did.
        public var login: String?

        /// The value of a header (the first one named so), unfolded.
        public func header(_ name: String) -> String? {
            let head = data.components(separatedBy: "\r\n\r\n").first ?? ""
            var unfolded: [String] = []
            for line in head.components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = unfolded.popLast() {
                    unfolded.append(last + line)
                } else {
                    unfolded.append(line)
                }
            }
            let prefix = name.lowercased() + ":"
            return unfolded.first { $0.lowercased().hasPrefix(prefix) }.map {
                String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
        }

        /// The body, quoted-printable decoded as UTF-8.
        public var body: String {
            let raw = data.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
            var bytes: [UInt8] = []
            var characters = Array(raw.utf8)[...]
            while let byte = characters.popFirst() {
                guard byte == UInt8(ascii: "=") else {
                    bytes.append(byte)
                    continue
                }
                if characters.starts(with: Array("\r\n".utf8)) {
                    characters = characters.dropFirst(2)
                } else if characters.count >= 2,
                    let value = UInt8(String(decoding: characters.prefix(2), as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                    characters = characters.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The repository's root, with a trailing slash.
    public static let repository: String = {
        let file = #filePath
        return String(file[...(file.lastIndex(of: "/") ?? file.startIndex)]) + "../../"
    }()
    /// The Python with aiosmtpd.
    public static let python = repository + ".venv/bin/python"
    /// The listener script.
    public static let script = repository + "Tests/SMTP/listener.py"

    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// A scratch directory of its own (its messages, and certificates made for it).
    public let directory: String
    private let process: Process
    private let input: Pipe
    private let output: String

    /// Whether aiosmtpd is installed (else the tests say how to install it).
    public static var isAvailable: Bool { FileManager.default.fileExists(atPath: python) }

    /// Starts a listener with the listener script's options (`--auth user:pw`, `--reject address`, …); with `tls`,
    /// it offers a certificate for `localhost` and 127.0.0.1 (see ``certificate``), made here with openssl.
    public init(_ arguments: [String] = [], tls: Bool = false, recordEvents: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.path + "/accredit-smtp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        output = directory + "/messages.jsonl"
        var options = ["-u", Self.script, "--out", output] + arguments
        if recordEvents { options += ["--events", directory + "/events.log"] }
        if tls {
            try Self.makeCertificate(in: directory)
            options += ["--cert", directory + "/cert.pem", "--key", directory + "/key.pem"]
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = options
        input = Pipe()
        let stdout = Pipe()
        process.standardInput = input
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "ready", let port = Int(words[1]) else {
            process.terminate()
            throw ListenerError(message: "the SMTP listener did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    deinit { stop() }

    /// Where the commands received are written, with `recordEvents`.
    public var eventsFile: String { directory + "/events.log" }

    /// The commands received so far (with `recordEvents`): `EHLO`, `AUTH`, `MAIL`…
    public func events() throws -> [String] {
        guard FileManager.default.fileExists(atPath: eventsFile) else { return [] }
        return try String(contentsOfFile: eventsFile, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The certificate it offers (PEM), to trust as the only root.
    public var certificate: String { directory + "/cert.pem" }

    /// Stops it.
    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The messages accepted so far, in order (none before the first arrives; a file that cannot be read fails).
    public func messages() throws -> [Received] {
        guard FileManager.default.fileExists(atPath: output) else { return [] }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ListenerError(message: "unreadable record \(line)")
            }
            return Received(
                mailFrom: object["mail_from"] as? String ?? "", recipients: object["rcpt_tos"] as? [String] ?? [],
                data: object["data"] as? String ?? "", tls: object["tls"] as? Bool ?? false,
                login: object["login"] as? String)
        }
    }

    /// A self-signed certificate for `localhost` and 127.0.0.1, valid for a day.
    static func makeCertificate(in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", directory + "/key.pem",
            "-out", directory + "/cert.pem",
        ]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ListenerError(message: "openssl could not make a test certificate")
        }
    }
}

/// The listener could not start or be read.
public struct ListenerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
