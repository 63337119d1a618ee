import Statecharts

/// An accreditation award certificate: what was decided, for whom, until when, and the head of the case's hash chain
/// at the decision, so the certificate can be tied back to the exact history it came from.
public struct AwardCertificate: Hashable, Sendable {
    /// The certificate number, `ACC-<case>-<seq of the decision>`.
    public var number: String
    /// The case.
    public var caseID: String
    /// The organisation's id.
    public var organisationID: String
    /// The organisation's name.
    public var organisationName: String
    /// The framework, as `name@version`.
    public var framework: String
    /// The workflow, as `name@version`.
    public var workflow: String
    /// The outcome, such as `accredited` or `accredited-with-conditions`.
    public var outcome: String
    /// Whether conditions apply.
    public var conditions: Bool
    /// When the decision was recorded.
    public var issuedAt: Instant
    /// When the award expires.
    public var expiresAt: Instant
    /// The case version at the decision.
    public var chainVersion: Int64
    /// The hash of the decision event, hex.
    public var chainHead: String
    /// The services the award covers, when the case declared its scope (empty otherwise: certificates issued
    /// before scopes existed carry none, and verify as they were signed).
    public var scope: [CaseScope.Service] = []
    /// The criteria found not applicable to that scope, sorted (empty when none were; absent from the JSON then).
    public var notApplicable: [String] = []

    /// The file format: `accredit-award-certificate/2` for a certificate that states a scope or criteria left out
    /// (a verifier that knows only `/1` then says it cannot read it, rather than that the signature is wrong),
    /// `accredit-award-certificate/1` otherwise.
    public var format: String {
        scope.isEmpty && notApplicable.isEmpty ? "accredit-award-certificate/1" : "accredit-award-certificate/2"
    }

    /// Creates a certificate.
    public init(
        number: String, caseID: String, organisationID: String, organisationName: String, framework: String,
        workflow: String, outcome: String, conditions: Bool, issuedAt: Instant, expiresAt: Instant, chainVersion: Int64,
        chainHead: String
    ) {
        self.number = number
        self.caseID = caseID
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.framework = framework
        self.workflow = workflow
        self.outcome = outcome
        self.conditions = conditions
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.chainVersion = chainVersion
        self.chainHead = chainHead
    }

    /// The certificate as JSON; its canonical text is what is signed. `scope` and `notApplicable` are present only
    /// when not empty.
    public var value: Value {
        guard !scope.isEmpty || !notApplicable.isEmpty, case .object(var fields) = unscopedValue else {
            return unscopedValue
        }
        if !scope.isEmpty { fields["scope"] = .array(scope.map(\.value)) }
        if !notApplicable.isEmpty { fields["notApplicable"] = .array(notApplicable.map(Value.string)) }
        return .object(fields)
    }

    private var unscopedValue: Value {
        [
            "number": .string(number), "case": .string(caseID), "organisation": .string(organisationID),
            "organisationName": .string(organisationName), "framework": .string(framework),
            "workflow": .string(workflow), "outcome": .string(outcome), "conditions": .bool(conditions),
            "issuedAt": .string(issuedAt.iso8601), "expiresAt": .string(expiresAt.iso8601),
            "chainVersion": .integer(chainVersion), "chainHead": .string(chainHead),
        ]
    }

    /// Reads a certificate from ``value``'s form, or nil when a field is missing or malformed.
    public init?(value: Value) {
        func text(_ key: String) -> String? {
            if case .string(let string)? = value[key] { return string }
            return nil
        }
        guard let number = text("number"), let caseID = text("case"), let organisation = text("organisation"),
            let name = text("organisationName"), let framework = text("framework"), let workflow = text("workflow"),
            let outcome = text("outcome"), case .bool(let conditions)? = value["conditions"],
            let issued = text("issuedAt").flatMap(Instant.init(iso8601:)),
            let expires = text("expiresAt").flatMap(Instant.init(iso8601:)),
            case .integer(let version)? = value["chainVersion"], let head = text("chainHead")
        else { return nil }
        self.init(
            number: number, caseID: caseID, organisationID: organisation, organisationName: name, framework: framework,
            workflow: workflow, outcome: outcome, conditions: conditions, issuedAt: issued, expiresAt: expires,
            chainVersion: version, chainHead: head)
        if let stored = value["scope"] {
            guard let services = CaseMachine.decodeServices(stored), !services.isEmpty else { return nil }
            scope = services
        }
        if let stored = value["notApplicable"] {
            guard case .array(let items) = stored, !items.isEmpty else { return nil }
            for item in items {
                guard case .string(let criterion) = item else { return nil }
                notApplicable.append(criterion)
            }
        }
    }
}

/// A certificate with the accrediting body's Ed25519 signature, as written to a file.
public struct SignedCertificate: Hashable, Sendable {
    /// The certificate.
    public var certificate: AwardCertificate
    /// The raw 32-byte public key of the signer.
    public var publicKey: [UInt8]
    /// The 64-byte signature over the certificate's canonical JSON.
    public var signature: [UInt8]

    /// Signs a certificate.
    ///
    /// - Throws: ``SigningKeyError`` when signing fails.
    public init(signing certificate: AwardCertificate, with key: Ed25519Key) throws(SigningKeyError) {
        self.certificate = certificate
        self.publicKey = key.publicKey
        self.signature = try key.sign(CanonicalJSON.encodedBytes(certificate.value))
    }

    /// The file form: canonical JSON `{certificate, publicKey, signature}` (hex keys and signature).
    public var fileText: String {
        let file: Value = [
            "format": .string(certificate.format), "certificate": certificate.value,
            "publicKey": .string(HashChain.hex(publicKey)), "signature": .string(HashChain.hex(signature)),
        ]
        return CanonicalJSON.encode(file) + "\n"
    }

    /// Whether the signature is valid for the certificate and the embedded public key.
    public var isSignatureValid: Bool {
        Ed25519Key.isValidSignature(signature, of: CanonicalJSON.encodedBytes(certificate.value), publicKey: publicKey)
    }

    /// Reads the file form.
    ///
    /// - Throws: A description of what is malformed.
    public init(fileText: String) throws(CertificateFormatError) {
        let value: Value
        do {
            value = try CanonicalJSON.parse(fileText.hasSuffix("\n") ? String(fileText.dropLast()) : fileText)
        } catch {
            throw CertificateFormatError(description: "not a certificate file (invalid JSON: \(error))")
        }
        guard value["format"] == "accredit-award-certificate/1" || value["format"] == "accredit-award-certificate/2"
        else {
            throw CertificateFormatError(
                description: "not an Accredit award certificate (format is missing or unknown)")
        }
        guard let body = value["certificate"], let certificate = AwardCertificate(value: body),
            value["format"] == .string(certificate.format)
        else {
            throw CertificateFormatError(description: "the certificate's fields are incomplete or malformed")
        }
        guard case .string(let key)? = value["publicKey"], let publicKey = Hex.decode(key), publicKey.count == 32,
            case .string(let signatureText)? = value["signature"], let signature = Hex.decode(signatureText),
            signature.count == 64
        else {
            throw CertificateFormatError(description: "the public key or signature is missing or malformed")
        }
        self.certificate = certificate
        self.publicKey = publicKey
        self.signature = signature
    }
}

/// Why a certificate file could not be read.
public struct CertificateFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
}
