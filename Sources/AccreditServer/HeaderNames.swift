import HTTPTypes

extension HTTPField.Name {
    /// `Idempotency-Key`: the request id that makes a write apply once.
    static let idempotencyKey = named("Idempotency-Key")
    /// `X-CSRF-Token`: the session's token, echoed by a browser's unsafe requests.
    static let csrfToken = named("X-CSRF-Token")
    /// `Content-Digest` (RFC 9530).
    static let contentDigest = named("Content-Digest")
    /// `Digest` (RFC 3230).
    static let digest = named("Digest")
    /// `X-Forwarded-For`, set by a proxy in front.
    static let forwardedFor = named("X-Forwarded-For")
    /// `X-Frame-Options`.
    static let frameOptions = named("X-Frame-Options")
    /// `Sec-Fetch-Site`: where the browser says a request came from.
    static let secFetchSite = named("Sec-Fetch-Site")
    /// `Referrer-Policy`.
    static let referrerPolicy = named("Referrer-Policy")
    /// `Accredit-Read-From`: whether a read was answered by the `primary` or a `replica`.
    static let readFrom = named("Accredit-Read-From")
    /// `Accredit-Read-Lag-Ms`: how many milliseconds behind the primary a read's answer may be.
    static let readLag = named("Accredit-Read-Lag-Ms")

    /// A name known to be valid.
    private static func named(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("\(text) is a valid field name") }
        return name
    }
}
