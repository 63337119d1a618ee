import Crypto
import Foundation
import Statecharts

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, six digits, 30-second steps, as
/// authenticator apps compute them. Pure: the time is an argument.
public struct TOTP: Sendable {
    /// The shared secret.
    public let secret: [UInt8]
    /// Seconds per step.
    public let period: Int64 = 30
    /// Digits per code.
    public let digits = 6

    /// Creates a generator over a shared secret.
    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// The time step an instant falls in.
    public func step(at time: Instant) -> Int64 {
        time.microsecondsSinceEpoch / 1_000_000 / period
    }

    /// The code for a time step, zero-padded.
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step whose code `code` is, among the step at `time` and one either side (clock drift), or nil.
    public func matchingStep(_ code: String, at time: Instant) -> Int64? {
        guard code.count == digits, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: time)
        return [now, now - 1, now + 1].first { candidate in
            Secrets.constantTimeEqual(Array(self.code(step: candidate).utf8), Array(code.utf8))
        }
    }

    /// The `otpauth://` URI authenticator apps read (from a QR code or pasted).
    public func provisioningURI(issuer: String, account: String) -> String {
        func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
        return "otpauth://totp/\(escaped(issuer)):\(escaped(account))?secret=\(Secrets.base32(secret))"
            + "&issuer=\(escaped(issuer))&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}
