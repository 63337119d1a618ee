/// An e-mail address this client sends to or from: RFC 5321's `local@domain` with a dot-atom local part and a
/// domain of letters, digits and hyphens, ASCII only, at most 254 characters. Quoted local parts, address literals
/// and internationalised addresses are refused, so that no address can carry a space, a bracket or a line break
/// into an SMTP command or a header.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address, as given.
    public let address: String

    /// Checks an address.
    ///
    /// - Throws: ``MailError`` `.address` saying what is wrong.
    public init(_ text: String) throws(MailError) {
        if let problem = Self.problem(text) { throw MailError(.address, "\"\(Self.shown(text))\" \(problem)") }
        address = text
    }

    /// The domain, after the `@`.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...])
    }

    /// The address.
    public var description: String { address }

    /// What is wrong with an address, or nil when it is one this client sends to.
    public static func problem(_ text: String) -> String? {
        guard text.utf8.count <= 254 else { return "is longer than 254 characters" }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "is not an address of the form name@example.org" }
        let (local, domain) = (parts[0], parts[1])
        let atom = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
        guard !local.isEmpty, local.utf8.count <= 64,
            local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
                !$0.isEmpty && $0.allSatisfy(atom.contains)
            })
        else {
            return "has a name before the @ that is empty, too long, or holds characters other than letters, digits, "
                + "dots and !#$%&'*+/=?^_`{|}~-"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let label = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard labels.count >= 2,
            labels.allSatisfy({
                (1...63).contains($0.count) && $0.allSatisfy(label.contains) && $0.first != "-" && $0.last != "-"
            })
        else { return "has a domain that is not a name such as example.org" }
        return nil
    }

    /// An address as shown in a message: printable ASCII only, at most 80 characters.
    static func shown(_ text: String) -> String {
        let printable = String(
            text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        return printable.count > 80 ? String(printable.prefix(77)) + "..." : printable
    }
}
