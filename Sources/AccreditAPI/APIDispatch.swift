import CaseService
import Statecharts

/// Runs a request against the routes with a desk: what the server does after it has verified the credential, and
/// what the command-line tool does in direct mode, so both give the same answers and the same problems.
public enum APIDispatch {
    /// Finds the route, checks that an actor is signed in where the route needs one, and runs it.
    ///
    /// - Parameters:
    ///   - actor: The signed-in actor, or nil.
    ///   - environment: What the front end holds beside the desk (the signing key's home, where to publish).
    /// - Throws: ``Problem`` for every failure, from any library error.
    public static func perform(
        _ request: APIRequest, actor: String?, desk: CaseDesk, upload: UploadSource? = nil,
        environment: APIEnvironment = APIEnvironment()
    ) throws(Problem) -> APIResponse {
        let (route, parameters): (APIRoute, [String: String])
        do {
            (route, parameters) = try API.route(request.method, request.path)
        } catch {
            throw Problem(error)
        }
        if route.access == .signedIn, actor == nil {
            throw Problem(CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token"))
        }
        try RequestBodyShape.byOperation[route.operationID]?.check(request.body)
        do {
            return try route.handler(
                APICall(
                    desk: desk, actor: actor, parameters: parameters, request: request, upload: upload,
                    environment: environment))
        } catch {
            throw Problem(error, caseID: parameters["case"])
        }
    }
}
