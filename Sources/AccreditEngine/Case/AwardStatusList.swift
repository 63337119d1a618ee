import Statecharts

/// The body's signed list of every award certificate it has issued and where each stands: a small certificate
/// revocation list in the spirit of RFC 5280's CRLs and the W3C Bitstring Status List, readable offline.
///
/// The file is canonical JSON: `{"entries": [...], "format": "accredit-award-status/1", "issuedAt", "publicKey",
/// "signature"}`. The signature (Ed25519, hex) covers the canonical JSON of `{"entries", "format", "issuedAt"}`.
public struct AwardStatusList: Hashable, Sendable {
    /// One certificate's line.
    public struct Entry: Hashable, Sendable {
        /// The certificate number, `ACC-<case>-<seq of the decision>`.
        public var number: String
        /// The case the award was decided in.
        public var caseID: String
        /// The organisation it was awarded to.
        public var organisationID: String
        /// Where the award stands.
        public var status: AwardStatus
        /// Since when it has stood so, when that is not the issue time (suspended, withdrawn, expired, superseded).
        public var since: Instant?
        /// When the award expires (or expired).
        public var expiresAt: Instant

        /// Creates an entry.
        public init(
            number: String, caseID: String, organisationID: String, status: AwardStatus, since: Instant?,
            expiresAt: Instant
        ) {
            self.number = number
            self.caseID = caseID
            self.organisationID = organisationID
            self.status = status
            self.since = since
            self.expiresAt = expiresAt
        }

        /// The entry as JSON (`since` only when known).
        public var value: Value {
            var object: [String: Value] = [
                "number": .string(number), "case": .string(caseID), "organisation": .string(organisationID),
                "status": .string(status.rawValue), "expiresAt": .string(expiresAt.iso8601),
            ]
            if let since { object["since"] = .string(since.iso8601) }
            return .object(object)
        }

        /// Reads an entry from ``value``'s form, or nil when a field is missing or malformed.
        public init?(value: Value) {
            guard case .string(let number)? = value["number"], case .string(let caseID)? = value["case"],
                case .string(let organisation)? = value["organisation"],
                case .string(let statusText)? = value["status"], let status = AwardStatus(rawValue: statusText),
                case .string(let expiresText)? = value["expiresAt"], let expiresAt = Instant(iso8601: expiresText)
            else { return nil }
            var since: Instant?
            switch value["since"] {
            case nil, .null?: since = nil
            case .string(let text)?:
                guard let instant = Instant(iso8601: text) else { return nil }
                since = instant
            default: return nil
            }
            self.init(
                number: number, caseID: caseID, organisationID: organisation, status: status, since: since,
                expiresAt: expiresAt)
        }
    }

    /// The format name.
    public static let format = "accredit-award-status/1"

    /// When the list was made (the store's time).
    public var issuedAt: Instant
    /// Every certificate, sorted by number.
    public var entries: [Entry]
    /// The raw 32-byte public key of the signer.
    public var publicKey: [UInt8]
    /// The 64-byte Ed25519 signature over ``signedBytes``.
    public var signature: [UInt8]

    /// Makes and signs a list.
    ///
    /// - Throws: ``SigningKeyError`` when signing fails.
    public init(issuedAt: Instant, entries: [Entry], key: Ed25519Key) throws(SigningKeyError) {
        self.issuedAt = issuedAt
        self.entries = entries.sorted { $0.number.utf8.lexicographicallyPrecedes($1.number.utf8) }
        self.publicKey = key.publicKey
        self.signature = []
        self.signature = try key.sign(signedBytes)
    }

    /// The bytes the signature covers: the canonical JSON of `{"entries", "format", "issuedAt"}`.
    public var signedBytes: [UInt8] {
        CanonicalJSON.encodedBytes([
            "entries": .array(entries.map(\.value)), "format": .string(Self.format),
            "issuedAt": .string(issuedAt.iso8601),
        ])
    }

    /// Whether the signature is valid for the list and its embedded public key (who signed it is the caller's
    /// question: see ``TrustedKeys``).
    public var isSignatureValid: Bool {
        Ed25519Key.isValidSignature(signature, of: signedBytes, publicKey: publicKey)
    }

    /// The entry for a certificate number, if the list has one.
    public func entry(for number: String) -> Entry? {
        entries.first { $0.number == number }
    }

    /// The file form: canonical JSON and a newline.
    public var fileText: String {
        CanonicalJSON.encode([
            "entries": .array(entries.map(\.value)), "format": .string(Self.format),
            "issuedAt": .string(issuedAt.iso8601), "publicKey": .string(HashChain.hex(publicKey)),
            "signature": .string(HashChain.hex(signature)),
        ]) + "\n"
    }

    /// Reads the file form (the signature is not checked here).
    ///
    /// - Throws: ``CertificateFormatError`` describing what is malformed.
    public init(fileText: String) throws(CertificateFormatError) {
        let value: Value
        do {
            value = try CanonicalJSON.parse(fileText.hasSuffix("\n") ? String(fileText.dropLast()) : fileText)
        } catch {
            throw CertificateFormatError(description: "not an award status list (invalid JSON: \(error))")
        }
        guard value["format"] == .string(Self.format) else {
            throw CertificateFormatError(
                description: "not an Accredit award status list (format is missing or unknown)")
        }
        guard case .string(let issued)? = value["issuedAt"], let issuedAt = Instant(iso8601: issued),
            case .array(let items)? = value["entries"]
        else {
            throw CertificateFormatError(description: "the status list's issuedAt or entries are missing or malformed")
        }
        var entries: [Entry] = []
        for item in items {
            guard let entry = Entry(value: item) else {
                throw CertificateFormatError(description: "the status list has a malformed entry: \(item)")
            }
            entries.append(entry)
        }
        guard case .string(let key)? = value["publicKey"], let publicKey = Hex.decode(key), publicKey.count == 32,
            case .string(let signatureText)? = value["signature"], let signature = Hex.decode(signatureText),
            signature.count == 64
        else {
            throw CertificateFormatError(
                description: "the status list's public key or signature is missing or malformed")
        }
        self.issuedAt = issuedAt
        self.entries = entries
        self.publicKey = publicKey
        self.signature = signature
    }
}
