import AccreditAPI

/// What the pages' forms share: a request id per rendered form, and which refusals a person can correct on the
/// form itself.
enum PortalForms {
    /// A fresh request id for a form: sent as the `Idempotency-Key`, so a double click or a resent form applies once.
    static func requestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var text = "portal-"
        for _ in 0..<16 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }
        return text
    }

    /// Whether a refusal belongs on the form (the person can change their input or retry: 400, 409, 413, 422, 429)
    /// rather than on a page of its own (403, 404, 5xx).
    static func isCorrectable(_ problem: Problem) -> Bool {
        [400, 409, 413, 422, 429].contains(problem.status)
    }
}
