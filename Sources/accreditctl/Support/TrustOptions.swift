import AccreditEngine
import ArgumentParser
import Foundation

/// The trust anchors of a verifying command: `--trusted-key VALUE` (repeatable: a public key as 64 hex digits, a
/// fingerprint `sha256:HEX`, or a file listing them one a line with `#` comments) and the trust file named by
/// `ACCREDIT_TRUSTED_KEYS`.
///
/// Anchors are never read from the thing being verified, nor implicitly from the installation's own key files:
/// without any, ``require(environment:)`` refuses to say anything is valid.
struct TrustOptions: ParsableArguments {
    /// The environment variable that names a trust file.
    static let variable = "ACCREDIT_TRUSTED_KEYS"

    @Option(
        name: .customLong("trusted-key"),
        help: ArgumentHelp(
            "A key to trust: 64 hex digits, a fingerprint (sha256:HEX), or a file of them, one a line (repeatable; "
                + "also $ACCREDIT_TRUSTED_KEYS).", valueName: "key|fingerprint|file"))
    var trustedKeys: [String] = []

    /// Refuses, before anything runs, a `--trusted-key` that is neither a key, a fingerprint nor an existing file.
    func validate() throws {
        for value in trustedKeys {
            var probe = TrustedKeys()
            if (try? probe.add(value)) != nil || FileManager.default.fileExists(atPath: value) { continue }
            throw ValidationError(
                "Please give --trusted-key as a public key (64 hex digits), a fingerprint (sha256: and 64 hex "
                    + "digits) or a file of them; '\(value.prefix(80))' is none of these.")
        }
    }

    /// The anchors given on the command line and in `ACCREDIT_TRUSTED_KEYS`, possibly none.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) for an anchor that is neither a key, a fingerprint nor a readable trust
    ///   file, naming it.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TrustedKeys {
        var trusted = TrustedKeys()
        for value in trustedKeys {
            if (try? trusted.add(value)) != nil { continue }
            try Self.addFile(value, to: &trusted, origin: "--trusted-key")
        }
        if let file = environment[Self.variable], !file.isEmpty {
            try Self.addFile(file, to: &trusted, origin: Self.variable)
        }
        return trusted
    }

    /// The anchors, refusing to go on without any.
    ///
    /// - Parameter subject: What is being verified (a file name), for the message.
    /// - Throws: ``CommandFailure`` (exit 1) when no anchor is given: nothing can be trusted then.
    func require(
        for subject: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TrustedKeys {
        let trusted = try resolve(environment: environment)
        guard !trusted.isEmpty else { throw Self.noAnchor(for: subject) }
        return trusted
    }

    /// The failure of a verifier given no trust anchor: it cannot say anything is valid (exit 1).
    static func noAnchor(for subject: String? = nil) -> CommandFailure {
        CommandFailure(
            .refused,
            "cannot establish trust\(subject.map { " in \($0)" } ?? ""): no trusted key was given. Pass --trusted-key "
                + "with the accrediting body's published public key or fingerprint (or a file of them), or set "
                + "\(variable) to such a file; a signature alone proves nothing, since anyone can sign with a key of "
                + "their own")
    }

    /// Adds a trust file's anchors.
    private static func addFile(_ path: String, to trusted: inout TrustedKeys, origin: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(
                .invalid,
                "\(origin) '\(path)' is neither a public key (64 hex digits), a fingerprint (sha256:HEX) nor a "
                    + "readable file")
        }
        var listed = TrustedKeys()
        do {
            try listed.add(fileText: String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure(.invalid, "trust file \(path) (\(origin)): \(error)")
        }
        guard !listed.isEmpty else {
            throw CommandFailure(
                .invalid,
                "trust file \(path) (\(origin)) lists no key or fingerprint: write one public key (64 hex digits) or "
                    + "fingerprint (sha256:HEX) a line, as accreditctl key list --trust-file prints them")
        }
        trusted.formUnion(listed)
    }
}
