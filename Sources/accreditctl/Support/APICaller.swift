import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// Runs an API operation the way this shell is set up: through the server as the signed-in person (client mode),
/// or in this process against the database as the actor `--as` names (direct mode). Both run the same operation,
/// so a command prints the same thing either way.
struct APICaller {
    /// Client mode, when configured.
    let client: ClientMode?
    /// Who acts in direct mode.
    let who: ReaderOptions

    /// The caller for a command, refusing `--as` in client mode.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) when `--as` is given in client mode: the credential says who acts.
    init(_ who: ReaderOptions) throws {
        self.who = who
        self.client = try ClientMode.current()
        if let client, let named = who.actor, !named.isEmpty {
            throw CommandFailure(
                .invalid,
                "--as \(named) is refused through the server (\(client.server.absoluteString)): your credential says "
                    + "who you are, and nobody may act as someone else. Drop --as, or sign in as that person")
        }
    }

    /// Calls the operation and returns its JSON answer.
    func call(
        _ method: APIMethod, _ path: String, query: [String: String] = [:], body: Value = .null,
        idempotencyKey: String? = nil
    ) throws -> Value {
        if let client {
            // `.null` is no body (and `nil` would be read as the JSON literal null, a body of its own).
            let payload: Value? = body == .null ? Optional.none : body
            return try client.json(method, path, query: query, body: payload, idempotencyKey: idempotencyKey)
        }
        return try direct(APIRequest(method, path, query: query, body: body, idempotencyKey: idempotencyKey)).json
    }

    /// Runs the operation in this process, letting the libraries' typed errors through (so the words and exit
    /// statuses are those of direct mode).
    func direct(_ request: APIRequest, desk: CaseDesk? = nil, upload: UploadSource? = nil) throws -> APIResponse {
        let (route, parameters) = try API.route(request.method, request.path)
        let actor = route.access == .anyone ? nil : try who.actorID()
        return try route.handler(
            APICall(
                desk: try desk ?? Context.desk(), actor: actor, parameters: parameters, request: request,
                upload: upload, environment: try Context.apiEnvironment()))
    }

    /// Fetches a file the operation streams (a bundle, say) and returns its text, checked against the SHA-256 the
    /// operation gave; the temporary copy is removed.
    ///
    /// - Throws: ``CommandFailure`` (exit 1) when the content does not match its digest, or what the call throws.
    func text(_ path: String, query: [String: String] = [:]) throws -> String {
        let file: URL
        let expected: String?
        if let client {
            (file, expected) = try client.download(path, query: query)
        } else {
            guard case .file(let download) = try direct(APIRequest(.get, path, query: query)).body else {
                throw CommandFailure(.environment, "the operation answered without a file")
            }
            (file, expected) = (URL(fileURLWithPath: download.path), download.sha256)
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        guard expected == nil || expected == DefinitionCatalog.sha256(of: text) else {
            throw CommandFailure(.refused, "the file from \(path) does not match its SHA-256; nothing was written")
        }
        return text
    }

    /// A path segment, percent-encoded.
    static func segment(_ text: String) -> String {
        ClientMode.segment(text)
    }
}
