/// Building links and labels: escaping path segments and query values, and turning ids into words.
public enum PortalLinks {
    /// Percent-escapes everything but unreserved characters (RFC 3986 2.3), for a path segment or query value.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                escaped += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return escaped
    }

    /// The page of a case.
    public static func casePage(_ caseID: String) -> String { "/cases/" + escape(caseID) }

    /// A state or event id in words: `desk-review` → "Desk review", `evidence.submit` → "Evidence submit".
    public static func words(_ id: String) -> String {
        let spaced = String(id.map { $0 == "-" || $0 == "." || $0 == "_" ? " " : $0 })
        guard let first = spaced.first else { return spaced }
        return first.uppercased() + spaced.dropFirst()
    }

    /// A case's status (its active states, comma-separated) in words: "Surveillance overdue; conditions none".
    public static func status(_ status: String) -> String {
        status.split(separator: ",").enumerated().map { index, state in
            index == 0 ? words(String(state)) : words(String(state)).lowercased()
        }.joined(separator: "; ")
    }

    /// Where to go after signing in: a path on this site only (never `//host` or a URL), else the home page. Only
    /// the characters a URL's path and query are made of are allowed: browsers drop tabs and line breaks from URLs
    /// and read `\` as `/`, so `/\tevil.example` or `/\\evil.example` would leave the site.
    public static func safeReturn(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), target.utf8.count <= 512,
            target.unicodeScalars.allSatisfy({ allowedInReturn.contains($0) })
        else { return "/" }
        return target
    }

    /// The characters a return address may hold: RFC 3986's unreserved and sub-delimiter characters, `/`, `?`,
    /// `:`, `@` and `%` (no `#`, space, control character, `\` or anything outside ASCII).
    static let allowedInReturn = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%".unicodeScalars)
}
