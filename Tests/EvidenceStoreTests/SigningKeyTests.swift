import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct SigningKeyTests {
    @Test func createsOnceWithOwnerOnlyPermissionsAndExportsThePublicKey() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let first = try SigningKey.create(home: home)
            let second = try SigningKey.load(home: home)
            #expect(first.publicKey == second.publicKey)
            #expect(first.path == home + "/keys/signing-key")
            var info = stat()
            #expect(stat(first.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
            #expect(stat(home + "/keys", &info) == 0 && info.st_mode & 0o777 == 0o700)
            let seedText = String(decoding: try TestFiles.read(first.path), as: UTF8.self)
            #expect(seedText == HashChain.hex(first.key.seed) + "\n")
            let publicText = String(decoding: try TestFiles.read(first.publicKeyPath), as: UTF8.self)
            #expect(publicText == HashChain.hex(first.publicKey) + "\n")
            #expect(try TestFiles.list(home + "/keys") == ["signing-key", "signing-key.pub"])
            let signature = try first.key.sign([1, 2, 3])
            #expect(Ed25519Key.isValidSignature(signature, of: [1, 2, 3], publicKey: second.publicKey))
            #expect(first.fingerprint == KeyFingerprint.of(first.publicKey))
            #expect(first.fingerprint.hasPrefix("sha256:") && first.fingerprint.count == 71)
        }
    }

    @Test func loadingNeverCreatesAndCreatingNeverReplaces() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let missing = #expect(throws: SigningKeyError.self) { try SigningKey.load(home: home) }
            #expect(missing?.code == .missing)
            #expect(!SigningKey.exists(home: home))
            _ = try SigningKey.create(home: home)
            let again = #expect(throws: SigningKeyError.self) { try SigningKey.create(home: home) }
            #expect(again?.code == .exists)
        }
    }

    @Test func refusesAKeyOthersCanReadOrAMalformedOne() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let key = try SigningKey.create(home: home)
            chmod(key.path, 0o644)
            let exposed = #expect(throws: SigningKeyError.self) { try SigningKey.load(path: key.path) }
            #expect(exposed?.code == .exposed)
            try TestFiles.write(Array("not hex\n".utf8), to: key.path)
            chmod(key.path, 0o600)
            #expect(throws: SigningKeyError.self) { try SigningKey.load(path: key.path) }
        }
    }

    @Test func refusesAKeyFileOwnedByAnotherUser() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let key = try SigningKey.create(home: home)
            #expect(chown(key.path, 65534, 65534) == 0)
            let refused = #expect(throws: SigningKeyError.self) { try SigningKey.load(home: home) }
            #expect(refused?.code == .notOwned)
        }
    }

    @Test func aChangedPublicKeyFileIsRefusedAndNeverRewritten() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let key = try SigningKey.create(home: home)
            let forged = Array((String(repeating: "ab", count: 32) + "\n").utf8)
            try TestFiles.write(forged, to: key.publicKeyPath)
            let refused = #expect(throws: SigningKeyError.self) { try SigningKey.load(home: home) }
            #expect(refused?.code == .publicKeyMismatch)
            #expect(refused?.description.contains(key.path) == true)
            #expect(refused?.description.contains(key.publicKeyPath) == true)
            #expect(try TestFiles.read(key.publicKeyPath) == forged)
        }
    }

    @Test func rotationKeepsTheOldKeyRetired() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let old = try SigningKey.create(home: home)
            let (retired, current) = try SigningKey.rotate(home: home)
            #expect(retired.publicKey == old.publicKey)
            #expect(current.publicKey != old.publicKey)
            #expect(try SigningKey.load(home: home).publicKey == current.publicKey)
            #expect(try SigningKey.retired(home: home).map(\.publicKey) == [old.publicKey])
            try SigningKey.reinstate(retired, home: home)
            #expect(try SigningKey.load(home: home).publicKey == old.publicKey)
        }
    }
}
