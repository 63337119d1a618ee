import AccreditAPI

/// What a page answers: HTML, a redirect after a form (post/redirect/get), a file, or one of the portal's assets.
public struct PortalResponse: Sendable {
    /// What the body is.
    public enum Body: Sendable {
        /// A rendered page.
        case html([UInt8])
        /// See the page at this path (303 after a form, so that reloading does not send it again).
        case redirect(String)
        /// A file, streamed from the evidence store.
        case file(FileDownload)
        /// A stylesheet or script the pages use.
        case asset([UInt8], mediaType: String)
    }

    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: Body
    /// A session change: set the cookie after signing in, clear it after signing out.
    public var session: SessionChange?

    /// Creates a response.
    public init(status: Int, body: Body, session: SessionChange? = nil) {
        self.status = status
        self.body = body
        self.session = session
    }

    /// A 303 to `path`.
    public static func seeOther(_ path: String, session: SessionChange? = nil) -> PortalResponse {
        PortalResponse(status: 303, body: .redirect(path), session: session)
    }
}
