import AccreditAPI
import CaseService
import Hummingbird

extension Response {
    /// Sets the browser session cookie a sign-in started (HttpOnly, SameSite=Strict, `Secure` behind TLS, eight
    /// hours), or clears it after signing out; nothing when `change` is nil.
    mutating func setSession(_ change: SessionChange?, configuration: ServerConfiguration) {
        switch change {
        case .started(let session)?:
            setCookie(
                Cookie(
                    name: configuration.sessionCookie, value: session.cookie, maxAge: 8 * 3600, path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        case .ended?:
            setCookie(
                Cookie(
                    name: configuration.sessionCookie, value: "", maxAge: 0, path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        case nil:
            break
        }
    }
}
