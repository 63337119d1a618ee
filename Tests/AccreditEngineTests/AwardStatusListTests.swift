import AccreditEngine
import Statecharts
import Testing

struct AwardStatusListTests {
    static let body = try? Ed25519Key(seed: [UInt8](repeating: 3, count: 32))
    static let issued = Instant(iso8601: "2026-03-01T09:00:00Z") ?? .epoch
    static let expires = Instant(iso8601: "2029-03-01T09:00:00Z") ?? .epoch

    static func certificate() throws -> SignedCertificate {
        let certificate = AwardCertificate(
            number: "ACC-C-1-9", caseID: "C-1", organisationID: "riverside", organisationName: "Riverside",
            framework: "f@1", workflow: "w@1", outcome: "accredited", conditions: false, issuedAt: issued,
            expiresAt: expires, chainVersion: 9, chainHead: String(repeating: "0", count: 64))
        return try SignedCertificate(signing: certificate, with: try #require(body))
    }

    static func list(_ status: AwardStatus, caseID: String = "C-1", since: Instant? = nil) throws -> AwardStatusList {
        try AwardStatusList(
            issuedAt: (since ?? issued).adding(microseconds: 1_000_000),
            entries: [
                .init(
                    number: "ACC-C-1-9", caseID: caseID, organisationID: "riverside", status: status,
                    since: status == .current ? nil : since ?? issued, expiresAt: expires)
            ], key: try #require(body))
    }

    @Test func theFileRoundTripsAndItsSignatureCoversTheEntries() throws {
        let list = try Self.list(.suspended)
        let read = try AwardStatusList(fileText: list.fileText)
        #expect(read == list && read.isSignatureValid)
        var edited = read
        edited.entries[0].status = .current
        #expect(!edited.isSignatureValid)
    }

    @Test func aCertificateIsReliedOnOnlyWhenTrustedCurrentAndInForce() throws {
        let signed = try Self.certificate()
        var trusted = TrustedKeys()
        try trusted.add(KeyFingerprint.of(signed.publicKey))
        let now = Self.issued.adding(microseconds: 2_000_000)
        #expect(signed.problems(trusting: trusted, at: now, status: try Self.list(.current)).isEmpty)
        #expect(signed.problems(trusting: TrustedKeys(), at: now, status: nil).count == 1)
        #expect(signed.problems(trusting: trusted, at: Self.expires, status: nil) == [.expired(Self.expires)])
        for status in [AwardStatus.suspended, .withdrawn, .superseded] {
            #expect(
                signed.problems(trusting: trusted, at: now, status: try Self.list(status))
                    == [.status(status, since: Self.issued)])
        }
        #expect(
            signed.problems(trusting: trusted, at: now, status: try Self.list(.current, caseID: "C-2"))
                == [.statusNamesAnotherCase("C-2")])
    }

    /// Asked about a time before the list's suspension (`--at`), the award was in force then; after it, it was not;
    /// relied on now, any suspension the list records counts.
    @Test func aSuspensionCountsFromItsDateOn() throws {
        let signed = try Self.certificate()
        let trusted = TrustedKeys(publicKeys: [signed.publicKey])
        let suspended = Self.issued.adding(microseconds: 10 * 86_400_000_000)
        let list = try Self.list(.suspended, since: suspended)
        let before = suspended.adding(microseconds: -86_400_000_000)
        let refused: [CertificateProblem] = [.status(.suspended, since: suspended)]
        #expect(signed.problems(trusting: trusted, at: before, status: list, asked: true).isEmpty)
        #expect(signed.problems(trusting: trusted, at: before, status: list) == refused)
        #expect(signed.problems(trusting: trusted, at: suspended, status: list, asked: true) == refused)
        #expect(
            signed.problems(trusting: trusted, at: suspended.adding(microseconds: 1), status: list, asked: true)
                == refused)
    }
}
