import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import Statecharts
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue #15: attacks on keys, certificates and their status that used to go unnoticed, each tried through the
/// binary and now refused with a clear reason.
@Suite(.serialized) struct KeyCustodyAttackTests {
    /// A store set up by `init`, with the demo's case DEMO-1 awarded and its certificate exported to `cert.json`.
    static func withAward<T>(_ body: (CLIRunner, String) async throws -> T) async throws -> T {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                let cli = CLIRunner(conninfo: conninfo, directory: directory)
                try cli.ok(["init"])
                try cli.ok(["demo"])
                let certificate = directory + "/cert.json"
                try cli.ok(["award", "export", "DEMO-1", "--out", certificate, "--as", "sam"])
                return try await body(cli, certificate)
            }
        }
    }

    /// The body's published public key (hex), as a relying party got it.
    static func publishedKey(_ cli: CLIRunner) throws -> String {
        try String(contentsOfFile: cli.directory + "/home/keys/signing-key.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The certificate re-signed by a forger's own key, its contents changed.
    static func forged(_ path: String, directory: String) throws -> String {
        let signed = try SignedCertificate(fileText: try String(contentsOfFile: path, encoding: .utf8))
        var certificate = signed.certificate
        certificate.organisationName = "Forged Clinic"
        let forger = try Ed25519Key(seed: (0..<32).map { UInt8($0) })
        let forged = try SignedCertificate(signing: certificate, with: forger)
        let file = directory + "/forged.json"
        try Data(forged.fileText.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    @Test func aCertificateSignedByAForgersKeyIsInvalidAndNoAnchorMeansNoVerdict() async throws {
        try await Self.withAward { cli, certificate in
            let forged = try Self.forged(certificate, directory: cli.directory)
            let key = try Self.publishedKey(cli)
            let refused = try cli.run(["award", "verify", forged, "--trusted-key", key])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("INVALID") && refused.stderr.contains("not a trusted key"))
            let unanchored = try cli.run(["award", "verify", forged])
            #expect(unanchored.status == 1)
            #expect(unanchored.stderr.contains("cannot establish trust"))
            let genuine = try cli.run(["award", "verify", certificate, "--trusted-key", key])
            #expect(genuine.status == 0, "\(genuine.stderr)")
            #expect(genuine.stdout.contains("revocation status NOT checked"))
            // A fingerprint, a trust file and ACCREDIT_TRUSTED_KEYS are anchors too.
            let fingerprint = KeyFingerprint.of(try #require(HashChain.bytes(hex: key)))
            try cli.ok(["award", "verify", certificate, "--trusted-key", fingerprint])
            let trustFile = cli.directory + "/trusted.txt"
            try Data("# the body's keys\n\(key)  # current\n".utf8).write(to: URL(fileURLWithPath: trustFile))
            var configured = cli
            configured.environment["ACCREDIT_TRUSTED_KEYS"] = trustFile
            try configured.ok(["award", "verify", certificate])
            #expect(try configured.run(["award", "verify", forged]).status == 1)
            let garbage = try cli.run(["award", "verify", certificate, "--trusted-key", "not-a-key"])
            #expect(garbage.status == 2)
        }
    }

    @Test func aSwappedPublicKeyFileIsRefusedAndNeverRewritten() async throws {
        try await Self.withAward { cli, certificate in
            let publicFile = cli.directory + "/home/keys/signing-key.pub"
            let forger = String(repeating: "ab", count: 32) + "\n"
            try Data(forger.utf8).write(to: URL(fileURLWithPath: publicFile))
            let refused = try cli.run([
                "award", "export", "DEMO-1", "--out", cli.directory + "/again.json", "--as", "sam",
            ])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains(publicFile) && refused.stderr.contains("keys/signing-key "))
            #expect(try String(contentsOfFile: publicFile, encoding: .utf8) == forger)
            let checkpoint = try cli.run(["audit", "checkpoint", "--out", cli.directory + "/cp.json", "--as", "aud"])
            #expect(checkpoint.status == 1)
            #expect(try String(contentsOfFile: publicFile, encoding: .utf8) == forger)
        }
    }

    @Test func anExpiredCertificateFailsAndAMalformedTimeIsAUsageError() async throws {
        try await Self.withAward { cli, certificate in
            let key = try Self.publishedKey(cli)
            let expired = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--at", "2099-01-01"])
            #expect(expired.status == 1)
            #expect(expired.stderr.contains("EXPIRED"))
            let garbage = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--at", "garbage"])
            #expect(garbage.status == 2)
            #expect(garbage.stderr.contains("--at"))
            let missing = try cli.run(["award", "verify", cli.directory + "/nothing.json", "--trusted-key", key])
            #expect(missing.status == 4)
            let badKeyFile = try cli.run(["award", "verify", certificate, "--public-key", cli.directory + "/none.pub"])
            #expect(badKeyFile.status == 2)
        }
    }

    @Test func theStatusListShowsSuspensionAndWithdrawal() async throws {
        try await Self.withAward { cli, certificate in
            let key = try Self.publishedKey(cli)
            let list = cli.directory + "/status.json"
            let made = try cli.ok(["award", "status", "--out", list, "--as", "aud"])
            #expect(made.stdout.contains("current"))
            let current = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--status", list])
            #expect(current.status == 0, "\(current.stderr)")
            #expect(current.stdout.contains("status current"))

            let published = cli.directory + "/home/published/award-status.json"
            try cli.ok(["case", "fire", "DEMO-1", "case.suspend", "--as", "sam"])
            let suspended = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--status", published])
            #expect(suspended.status == 1)
            #expect(suspended.stderr.contains("SUSPENDED"))
            var info = stat()
            #expect(stat(published, &info) == 0 && info.st_mode & 0o777 == 0o644)

            try cli.ok(["case", "fire", "DEMO-1", "award.withdraw", "--as", "sam"])
            let withdrawn = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--status", published])
            #expect(withdrawn.status == 1)
            #expect(withdrawn.stderr.contains("WITHDRAWN"))

            // A list signed by someone else is refused, and one that does not list the certificate too.
            let parsed = try AwardStatusList(fileText: try String(contentsOfFile: published, encoding: .utf8))
            let forger = try Ed25519Key(seed: (0..<32).map { UInt8($0) })
            let rewritten = try AwardStatusList(
                issuedAt: parsed.issuedAt,
                entries: parsed.entries.map { entry in
                    var entry = entry
                    entry.status = .current
                    entry.since = nil
                    return entry
                }, key: forger)
            let forgedList = cli.directory + "/forged-status.json"
            try Data(rewritten.fileText.utf8).write(to: URL(fileURLWithPath: forgedList))
            let forged = try cli.run(["award", "verify", certificate, "--trusted-key", key, "--status", forgedList])
            #expect(forged.status == 1)
            #expect(forged.stderr.contains("status list was signed by"))
        }
    }

    @Test func anotherHomeDirectoryNeitherCreatesNorUsesAKey() async throws {
        try await Self.withAward { cli, _ in
            var other = cli
            let otherHome = cli.directory + "/other-home"
            other.environment["ACCREDIT_HOME"] = otherHome
            let export = try other.run(["award", "export", "DEMO-1", "--out", cli.directory + "/o.json", "--as", "sam"])
            #expect(export.status == 4)
            #expect(export.stderr.contains("accreditctl init"))
            #expect(!FileManager.default.fileExists(atPath: otherHome + "/keys/signing-key"))
            let created = try other.run(["key", "create"])
            #expect(created.status == 2)
            #expect(created.stderr.contains("key.") || created.stderr.contains("current signing key"))
            #expect(!FileManager.default.fileExists(atPath: otherHome + "/keys/signing-key"))
            // A key made there by other means is not one the store stands behind.
            _ = try SigningKey.create(home: otherHome)
            let unknown = try other.run([
                "award", "export", "DEMO-1", "--out", cli.directory + "/u.json", "--as", "sam",
            ])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("not this store's current key"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/u.json"))
        }
    }

    @Test func aKeyPlantedByAnotherUserIsNotAdoptedByInit() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                let cli = CLIRunner(conninfo: conninfo, directory: directory)
                let planted = try SigningKey.create(home: directory + "/home")
                #expect(chown(planted.path, 65534, 65534) == 0)
                let refused = try cli.run(["init"])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("belongs to another user"))
                let listed = try cli.ok(["key", "list", "--json"]).json()
                #expect((listed["keys"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func filesAreWrittenForTheirOwnerUnlessMadePublic() async throws {
        try await Self.withAward { cli, certificate in
            func mode(_ path: String) -> mode_t {
                var info = stat()
                return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
            }
            #expect(mode(certificate) == 0o600)
            let bundle = cli.directory + "/bundle.json"
            try cli.ok(["audit", "export", "DEMO-1", "--with-files", "--out", bundle, "--as", "aud"])
            #expect(mode(bundle) == 0o600)
            let checkpoint = cli.directory + "/cp.json"
            try cli.ok(["audit", "checkpoint", "--out", checkpoint, "--as", "aud"])
            #expect(mode(checkpoint) == 0o600)
            let published = cli.directory + "/public-cert.json"
            try cli.ok(["award", "export", "DEMO-1", "--out", published, "--public", "--as", "sam"])
            #expect(mode(published) == 0o644)
        }
    }

    @Test func rotationKeepsOldCertificatesVerifiable() async throws {
        try await Self.withAward { cli, certificate in
            let oldKey = try Self.publishedKey(cli)
            let rotated = try cli.ok(["key", "rotate", "--as", "sam"])
            #expect(rotated.stdout.contains("retired sha256:"))
            let newKey = try Self.publishedKey(cli)
            #expect(newKey != oldKey)
            let trustFile = cli.directory + "/trusted.txt"
            try Data(try cli.ok(["key", "list", "--trust-file"]).stdout.utf8).write(to: URL(fileURLWithPath: trustFile))
            try cli.ok(["award", "verify", certificate, "--trusted-key", trustFile])
            let fresh = cli.directory + "/fresh.json"
            try cli.ok(["award", "export", "DEMO-1", "--out", fresh, "--as", "sam"])
            try cli.ok(["award", "verify", fresh, "--trusted-key", newKey])
            #expect(try cli.run(["award", "verify", fresh, "--trusted-key", oldKey]).status == 1)
            let listed = try cli.ok(["key", "list", "--json"]).json()
            let keys = try #require(listed["keys"] as? [[String: Any]])
            #expect(keys.map { $0["status"] as? String } == ["retired", "current"])
            #expect(try cli.run(["key", "rotate", "--as", "ann"]).status == 1)
        }
    }
}
