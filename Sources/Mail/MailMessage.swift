import Foundation

/// A plain-text message to send: who it is from and to, its subject and body, and the headers that identify it.
/// ``rendered()`` writes it in RFC 5322 form (UTF-8 text, quoted-printable; non-ASCII header text as RFC 2047
/// encoded words), so what a user wrote (a name, a subject) cannot add a header or end the message early.
public struct MailMessage: Hashable, Sendable {
    /// Who it is from.
    public var from: MailAddress
    /// The sender's display name (`Accredit`), if any.
    public var fromName: String?
    /// Who it is to.
    public var to: [MailAddress]
    /// The subject (one line; line breaks are replaced by spaces).
    public var subject: String
    /// The body, plain text; lines may end in LF or CRLF.
    public var body: String
    /// When it was written, in seconds since the epoch (the `Date` header).
    public var date: Int64
    /// The `Message-ID` without its brackets (`id@domain`): the same message sent again carries the same one, so
    /// that a mail system that has it already can drop the copy.
    public var messageID: String
    /// Further headers, such as `Auto-Submitted: auto-generated`, in order. Names must be letters, digits and
    /// hyphens; values are one line.
    public var headers: [(name: String, value: String)] = []

    /// Creates a message.
    public init(
        from: MailAddress, fromName: String? = nil, to: [MailAddress], subject: String, body: String, date: Int64,
        messageID: String, headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    /// Compares every part, headers in order.
    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.fromName == rhs.fromName && lhs.to == rhs.to && lhs.subject == rhs.subject
            && lhs.body == rhs.body && lhs.date == rhs.date && lhs.messageID == rhs.messageID
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// Hashes every part.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(subject)
        hasher.combine(body)
        hasher.combine(messageID)
    }

    /// The message as sent after `DATA`: headers and a quoted-printable body, lines ending in CRLF, none longer than
    /// 78 characters but for an address over 70 (at most 254 + 6); not dot-stuffed (the session does that).
    ///
    /// - Throws: ``MailError`` `.settings` for a header name that is not a token or a message id that is not
    ///   `id@domain` in printable ASCII.
    public func rendered() throws(MailError) -> String {
        let token = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        for (name, _) in headers where name.isEmpty || !name.allSatisfy(token.contains) {
            throw MailError(
                .settings, "the header name \"\(MailAddress.shown(name))\" is not letters, digits and hyphens")
        }
        guard messageID.contains("@"),
            messageID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" })
        else { throw MailError(.settings, "the message id \"\(MailAddress.shown(messageID))\" is not id@domain") }
        var lines: [String] = []
        lines.append("Date: \(Self.rfc5322Date(date))")
        let sender = fromName.map { "\(HeaderText.phrase($0)) <\(from)>" } ?? from.address
        lines.append(contentsOf: HeaderText.folded(name: "From", sender))
        lines.append(contentsOf: HeaderText.folded(name: "To", to.map(\.address).joined(separator: ", ")))
        lines.append(contentsOf: HeaderText.folded(name: "Subject", HeaderText.unstructured(subject)))
        lines.append("Message-ID: <\(messageID)>")
        for (name, value) in headers {
            lines.append(contentsOf: HeaderText.folded(name: name, HeaderText.unstructured(value)))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        lines.append("")
        lines.append(QuotedPrintable.encode(body))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A time as RFC 5322 writes it, in UTC: `Sat, 05 Dec 2026 06:39:03 +0000`.
    static func rfc5322Date(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// Header text: folded to 78 characters, with anything but printable ASCII (and any word too long to fold) written as
/// RFC 2047 encoded words.
enum HeaderText {
    /// The longest word kept as it is; a longer one cannot be folded, so the text is encoded instead.
    static let longestWord = 60

    /// Text for an unstructured header (a subject): line breaks and runs of white space become one space; printable
    /// ASCII in words that fold is kept as it is, anything else is encoded.
    static func unstructured(_ text: String) -> String {
        let line = collapsed(text)
        let printable = line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        let folds = line.split(separator: " ").allSatisfy { $0.count <= longestWord }
        return printable && folds ? line : encodedWords(line)
    }

    /// A display name: kept when it is letters, digits and single spaces and short enough to fold, else encoded (so
    /// no quote, bracket or comma can change what the header says).
    static func phrase(_ text: String) -> String {
        let name = collapsed(text)
        let plain = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == " "
        }
        return plain && !name.isEmpty && name.count <= longestWord ? name : encodedWords(name)
    }

    /// Text on one line with single spaces.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// `=?utf-8?B?…?=` words of at most 68 characters (so that `Subject: ` and one word fit in 78), whole
    /// Unicode scalars in each, separated by spaces.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // By scalar (at most 4 bytes each), so that no word splits a character's bytes.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 42 bytes are 56 base64 characters, 68 with "=?utf-8?B?" and "?=".
            if chunk.count + bytes.count > 42 {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: " ")
    }

    /// `Name: value` folded at spaces so that no line is longer than 78 characters (every word of `value` is at
    /// most 68: see ``unstructured(_:)`` and ``encodedWords(_:)``; addresses are at most 254, and a list of them
    /// folds between addresses).
    static func folded(name: String, _ value: String) -> [String] {
        var lines: [String] = []
        var line = "\(name):"
        for word in value.split(separator: " ") {
            if line.count + 1 + word.count > 78, line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines
    }
}

/// Quoted-printable (RFC 2045 §6.7) for a UTF-8 text body, lines ending in CRLF.
enum QuotedPrintable {
    /// The encoded body.
    static func encode(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var encoded = ""
            var width = 0
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !last)
                let piece = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
                if width + piece.count > 75 {
                    out.append(encoded + "=")
                    encoded = ""
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            out.append(encoded)
        }
        return out.joined(separator: "\r\n")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
