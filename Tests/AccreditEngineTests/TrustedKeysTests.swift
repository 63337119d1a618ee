import AccreditEngine
import Statecharts
import Testing

struct TrustedKeysTests {
    static let key = (try? Ed25519Key(seed: [UInt8](repeating: 7, count: 32))).map(\.publicKey) ?? []

    @Test func anEmptySetTrustsNothing() {
        #expect(TrustedKeys().isEmpty)
        #expect(!TrustedKeys().trusts(Self.key))
    }

    @Test func keysFingerprintsAndTrustFilesAreAnchors() throws {
        var byKey = TrustedKeys()
        try byKey.add(HashChain.hex(Self.key))
        #expect(byKey.trusts(Self.key))
        var byFingerprint = TrustedKeys()
        try byFingerprint.add(KeyFingerprint.of(Self.key))
        #expect(byFingerprint.trusts(Self.key))
        #expect(!byFingerprint.trusts([UInt8](repeating: 1, count: 32)))
        var fromFile = TrustedKeys()
        try fromFile.add(fileText: "# body keys\n\n\(HashChain.hex(Self.key))  # current\n")
        #expect(fromFile.trusts(Self.key) && fromFile.count == 1)
    }

    @Test func anythingElseIsRefusedWithItsLine() {
        var trusted = TrustedKeys()
        #expect(throws: TrustedKeysError.self) { try trusted.add("sha256:xyz") }
        let error = #expect(throws: TrustedKeysError.self) { try trusted.add(fileText: "# ok\nnot-a-key\n") }
        #expect(error?.line == 2)
    }
}
