import CaseService
import Statecharts
import Testing

/// TOTP against RFC 6238's SHA-1 test vectors (appendix B), truncated to six digits as authenticator apps use.
struct TOTPTests {
    static let secret = Array("12345678901234567890".utf8)

    @Test(arguments: [
        (59 as Int64, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ])
    func matchesTheRFCVectors(seconds: Int64, code: String) {
        let totp = TOTP(secret: Self.secret)
        let time = Instant(microsecondsSinceEpoch: seconds * 1_000_000)
        #expect(totp.code(step: totp.step(at: time)) == code)
        #expect(totp.matchingStep(code, at: time) == totp.step(at: time))
    }

    @Test func acceptsOneStepOfDriftAndNoMore() {
        let totp = TOTP(secret: Self.secret)
        let time = Instant(microsecondsSinceEpoch: 1_111_111_109 * 1_000_000)
        let step = totp.step(at: time)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: time) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: time) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: time) == nil)
        #expect(totp.matchingStep("12345", at: time) == nil)
        #expect(totp.matchingStep("abcdef", at: time) == nil)
    }

    @Test func base32MatchesRFC4648() {
        #expect(Secrets.base32(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Secrets.base32(Array("f".utf8)) == "MY")
    }
}
