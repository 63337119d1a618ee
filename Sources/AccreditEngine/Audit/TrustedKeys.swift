import Statecharts

/// The public keys a verifier trusts: its trust anchors, given as raw public keys or as fingerprints.
///
/// A verifier fails closed: an empty set trusts nothing, and a signature by a key outside the set is refused however
/// valid it is. Anchors must come from somewhere other than the thing being verified (never the key a certificate or
/// bundle carries).
public struct TrustedKeys: Hashable, Sendable {
    /// Raw 32-byte public keys.
    public private(set) var publicKeys: Set<[UInt8]> = []
    /// SHA-256 digests of raw public keys (``KeyFingerprint``).
    public private(set) var fingerprints: Set<[UInt8]> = []

    /// An empty set, which trusts nothing.
    public init() {}

    /// A set of raw 32-byte public keys (a key of another length is never trusted).
    public init(publicKeys: [[UInt8]]) {
        self.publicKeys = Set(publicKeys.filter { $0.count == 32 })
    }

    /// Whether no anchor was given.
    public var isEmpty: Bool { publicKeys.isEmpty && fingerprints.isEmpty }

    /// The number of anchors.
    public var count: Int { publicKeys.count + fingerprints.count }

    /// Whether a raw public key is trusted, by itself or by its fingerprint.
    public func trusts(_ publicKey: [UInt8]) -> Bool {
        guard publicKey.count == 32 else { return false }
        if publicKeys.contains(publicKey) { return true }
        guard let digest = KeyFingerprint.digest(KeyFingerprint.of(publicKey)) else { return false }
        return fingerprints.contains(digest)
    }

    /// Adds one anchor: 64 hex digits (a raw public key) or `sha256:` and 64 hex digits (a fingerprint).
    ///
    /// - Throws: ``TrustedKeysError`` when the text is neither.
    public mutating func add(_ text: String) throws(TrustedKeysError) {
        let entry = text.trimmedSpaces
        if let digest = KeyFingerprint.digest(entry) {
            fingerprints.insert(digest)
        } else if entry.utf8.count == 64, let key = Hex.decode(entry) {
            publicKeys.insert(key)
        } else {
            throw TrustedKeysError(entry: entry, line: nil)
        }
    }

    /// Adds every anchor of a trust file's text: one key or fingerprint a line; blank lines and text after `#` are
    /// ignored, so a line may carry a comment (`HEX  # current key since 2026-01-05`).
    ///
    /// - Throws: ``TrustedKeysError`` naming the first line that is neither.
    public mutating func add(fileText: String) throws(TrustedKeysError) {
        for (index, line) in fileText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = String(line.prefix { $0 != "#" }).trimmedSpaces
            guard !content.isEmpty else { continue }
            do {
                try add(content)
            } catch {
                throw TrustedKeysError(entry: content, line: index + 1)
            }
        }
    }

    /// Adds every anchor of another set.
    public mutating func formUnion(_ other: TrustedKeys) {
        publicKeys.formUnion(other.publicKeys)
        fingerprints.formUnion(other.fingerprints)
    }
}

/// A trust anchor that is neither a raw public key nor a fingerprint.
public struct TrustedKeysError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text that did not parse.
    public var entry: String
    /// Its line in a trust file, if it came from one.
    public var line: Int?

    /// What is wrong.
    public var description: String {
        (line.map { "line \($0): " } ?? "")
            + "'\(entry.prefix(80))' is neither a public key (64 hex digits) nor a fingerprint (sha256: and 64 hex "
            + "digits)"
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line ends.
    fileprivate var trimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
