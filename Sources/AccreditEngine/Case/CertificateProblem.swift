import Statecharts

/// A reason not to rely on an award certificate, as ``SignedCertificate/problems(trusting:at:status:asked:)`` finds
/// them.
public enum CertificateProblem: Hashable, Sendable {
    /// The signature does not match the certificate's contents.
    case signatureInvalid
    /// The certificate is signed by a key the verifier does not trust (its fingerprint).
    case signerUntrusted(fingerprint: String)
    /// The award expired at this time, at or before the time asked about.
    case expired(Instant)
    /// The status list's signature does not match its contents.
    case statusSignatureInvalid
    /// The status list is signed by a key the verifier does not trust (its fingerprint).
    case statusSignerUntrusted(fingerprint: String)
    /// The status list was made before the certificate was issued, so it cannot speak for it.
    case statusOlderThanCertificate(listIssuedAt: Instant)
    /// The status list does not list the certificate's number.
    case statusUnknown
    /// The status list gives the certificate's number to another case.
    case statusNamesAnotherCase(String)
    /// The status list says the award was no longer in force at the time asked about (suspended, withdrawn, expired or
    /// superseded, since a time at or before it, or since a time it does not give).
    case status(AwardStatus, since: Instant?)
}

extension SignedCertificate {
    /// Every reason not to rely on the certificate at a time, given the keys trusted and, optionally, the body's
    /// latest status list; empty when it may be relied on.
    ///
    /// - Parameters:
    ///   - trusted: The verifier's trust anchors; an empty set trusts no signer.
    ///   - time: The time the certificate is relied on.
    ///   - status: The body's status list, if the verifier has one.
    ///   - asked: True when `time` is a moment asked about (`--at`), not simply now: a suspension, withdrawal or
    ///     replacement the list dates after it did not apply then. When false, any such status counts.
    /// - Returns: The problems, signature first.
    public func problems(
        trusting trusted: TrustedKeys, at time: Instant, status: AwardStatusList?, asked: Bool = false
    ) -> [CertificateProblem] {
        guard isSignatureValid else { return [.signatureInvalid] }
        var problems: [CertificateProblem] = []
        if !trusted.trusts(publicKey) { problems.append(.signerUntrusted(fingerprint: KeyFingerprint.of(publicKey))) }
        if certificate.expiresAt <= time { problems.append(.expired(certificate.expiresAt)) }
        guard let status else { return problems }
        guard status.isSignatureValid else { return problems + [.statusSignatureInvalid] }
        if !trusted.trusts(status.publicKey) {
            problems.append(.statusSignerUntrusted(fingerprint: KeyFingerprint.of(status.publicKey)))
        }
        if status.issuedAt < certificate.issuedAt {
            problems.append(.statusOlderThanCertificate(listIssuedAt: status.issuedAt))
        }
        guard let entry = status.entry(for: certificate.number) else { return problems + [.statusUnknown] }
        if entry.caseID != certificate.caseID { return problems + [.statusNamesAnotherCase(entry.caseID)] }
        // Asked about a past moment, a suspension, withdrawal or replacement the list dates after it did not yet apply
        // then; one without a date always counts (fail closed).
        let laterThanAsked = asked && (entry.since.map { $0 > time } ?? false)
        if !entry.status.isInForce, !laterThanAsked,
            !(entry.status == .expired && problems.contains(.expired(certificate.expiresAt)))
        {
            problems.append(.status(entry.status, since: entry.since))
        }
        return problems
    }
}
