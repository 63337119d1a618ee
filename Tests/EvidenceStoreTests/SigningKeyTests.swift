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
            let first = try SigningKey.loadOrCreate(home: home)
            let second = try SigningKey.loadOrCreate(home: home)
            #expect(first.publicKey == second.publicKey)
            #expect(first.path == home + "/keys/signing-key")
            var info = stat()
            #expect(stat(first.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
            let seedText = String(decoding: try TestFiles.read(first.path), as: UTF8.self)
            #expect(seedText == HashChain.hex(first.key.seed) + "\n")
            let publicText = String(decoding: try TestFiles.read(first.publicKeyPath), as: UTF8.self)
            #expect(publicText == HashChain.hex(first.publicKey) + "\n")
            #expect(try TestFiles.list(home + "/keys") == ["signing-key", "signing-key.pub"])
            let signature = try first.key.sign([1, 2, 3])
            #expect(Ed25519Key.isValidSignature(signature, of: [1, 2, 3], publicKey: second.publicKey))
        }
    }

    @Test func refusesAKeyOthersCanReadOrAMalformedOne() async throws {
        try await TestFiles.withTemporaryDirectory { home in
            let key = try SigningKey.loadOrCreate(home: home)
            chmod(key.path, 0o644)
            #expect(throws: SigningKeyError.self) { try SigningKey.load(path: key.path) }
            try TestFiles.write(Array("not hex\n".utf8), to: key.path)
            chmod(key.path, 0o600)
            #expect(throws: SigningKeyError.self) { try SigningKey.load(path: key.path) }
        }
    }
}
