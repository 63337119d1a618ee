import Crypto
import Statecharts

/// A definition's identity: its name, its version and the SHA-256 of the exact bytes of its file.
///
/// The hash covers the file's bytes as stored, not a canonicalised form: any change, even whitespace, is a new
/// content that must not be published under an existing version.
public struct DefinitionIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The definition's name, such as `patient-safety-standards`.
    public var name: String
    /// The version label, such as `1`.
    public var version: String
    /// The SHA-256 of the file's bytes, as 64 lowercase hex digits.
    public var sha256: String

    /// Creates an identity from a known digest.
    public init(name: String, version: String, sha256: String) {
        self.name = name
        self.version = version
        self.sha256 = sha256
    }

    /// Computes the identity of a definition's bytes.
    ///
    /// - Parameters:
    ///   - name: The definition's name.
    ///   - version: Its version label.
    ///   - bytes: The exact bytes of the file.
    public init(name: String, version: String, bytes: [UInt8]) {
        let digest = SHA256.hash(data: bytes)
        self.init(name: name, version: version, sha256: Self.hex(digest))
    }

    /// Whether publishing `other` beside `self` is a conflict: same name and version, different content.
    public func conflicts(with other: DefinitionIdentity) -> Bool {
        name == other.name && version == other.version && sha256 != other.sha256
    }

    /// "patient-safety-standards@1 sha256:…".
    public var description: String { "\(name)@\(version) sha256:\(sha256)" }

    /// "patient-safety-standards@1".
    public var label: String { "\(name)@\(version)" }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
