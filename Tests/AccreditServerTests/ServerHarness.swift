import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Logging
import PostgresTestSupport
import ServiceLifecycle
import ServiceTestSupport
import Statecharts

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real accredit server on a loopback port, over its own test database with the shipped definitions and the
/// fixtures' people, and an HTTP client for it.
struct ServerHarness {
    /// The server's base URL.
    let base: URL
    /// A desk over the same database, for arranging and checking.
    let desk: CaseDesk
    /// The database's connection string.
    let conninfo: String
    /// The evidence store's root.
    let blobRoot: String

    /// Runs `body` with a server on a free loopback port; stops it afterwards.
    static func run<T: Sendable>(
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (ServerHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabase.withDatabase { conninfo in
            try await TestFiles.withTemporaryDirectory { directory in
                try await serve(conninfo, directory: directory, configure: configure, body)
            }
        }
    }

    /// Runs `body` with a server over the database `conninfo` names (migrated and given the fixtures here, unless
    /// `prepared` says another server already did), its evidence under `directory`, and, with `replica`, reading
    /// from that standby.
    static func serve<T: Sendable>(
        _ conninfo: String, replica: String? = nil, directory: String, prepared: Bool = false,
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (ServerHarness) async throws -> T
    ) async throws -> T {
        let connection = try PostgresConnection(conninfo: conninfo)
        let desk: CaseDesk
        if prepared {
            desk = CaseDesk(connection: connection, blobs: try BlobStore(root: directory + "/blobs"))
        } else {
            try Migrator(connection: connection).migrate()
            desk = try DeskFixtures.desk(connection, blobs: directory + "/blobs")
        }
        desk.identityPolicy.bcryptCost = 4
        var configuration = ServerConfiguration(blobs: try BlobStore(root: directory + "/blobs"))
        configuration.port = 0
        configuration.connections = 4
        configuration.replicaConnections = 2
        configure(&configuration)
        let blobs = configuration.blobs
        var replicaDesk: (@Sendable () throws -> CaseDesk)?
        if let replica {
            replicaDesk = { CaseDesk(connection: try PostgresConnection(conninfo: replica), blobs: blobs) }
        }
        let server = AccreditServer(
            configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            deskFactory: {
                let desk = CaseDesk(connection: try PostgresConnection(conninfo: conninfo), blobs: blobs)
                desk.identityPolicy.bcryptCost = 4
                return desk
            }, replicaDeskFactory: replicaDesk)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            throw HarnessFailure(description: "the server did not start")
        }
        let harness = ServerHarness(
            base: try Self.url("http://127.0.0.1:\(port)"), desk: desk, conninfo: conninfo,
            blobRoot: directory + "/blobs")
        let value = try await body(harness)
        task.cancel()
        _ = await task.result
        return value
    }

    /// A client session that keeps no cookies: each test sends the cookies it means to.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    /// A URL from text the test wrote.
    static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text) else { throw HarnessFailure(description: "not a URL: \(text)") }
        return url
    }

    /// A token for an actor, made as an operator would.
    func token(for actor: String) throws -> String {
        try desk.createToken(for: actor, name: "test-\(UUID().uuidString.prefix(8))", days: 1, by: .operator("test"))
            .secret
    }

    /// An HTTP answer: status, headers and body.
    struct Answer {
        /// The status code.
        let status: Int
        /// The headers.
        let headers: [String: String]
        /// The body.
        let body: Data

        /// The body as JSON.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

        /// A header, by name in any case.
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    /// Sends a request and returns the answer.
    func send(
        _ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: try Self.url(base.absoluteString + path))
        request.timeoutInterval = 600
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessFailure(description: "not an HTTP answer") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    /// Opens a case on the shipped definitions, as the secretariat.
    func openCase(_ caseID: String, organisation: String = "riverside") throws {
        _ = try desk.openCase(
            caseID, organisation: organisation, workflow: DeskFixtures.workflow, framework: DeskFixtures.framework,
            by: "sec")
    }

    /// Moves the fixture case to where the organisation may upload evidence, as the secretariat.
    func openCaseForEvidence(_ caseID: String, organisation: String = "riverside", applicant: String = "ann") throws {
        try openCase(caseID, organisation: organisation)
        _ = try desk.fire(caseID, event: "application.submit", by: applicant)
        for event in ["application.accept", "eligibility.confirm"] {
            _ = try desk.fire(caseID, event: event, by: "sec")
        }
        for (event, data, actor) in DeskFixtures.teamEvents + [("impartiality.confirm", .null, "sec")] {
            _ = try desk.fire(caseID, event: event, data: data, by: actor)
        }
    }
}

extension ServerHarness {
    /// Moves the fixture case to desk review: one file uploaded per criterion's first expected item (named as `name`
    /// gives), then one for each further item and a self-assessment of every criterion, then the evidence submitted.
    /// Returns the evidence ids (of the first items) by criterion.
    @discardableResult
    func openCaseForReview(
        _ caseID: String, applicant: String = "ann", name: (String) -> String = { "\($0).pdf" }
    ) throws -> [String: String] {
        try openCaseForEvidence(caseID, applicant: applicant)
        let file = blobRoot + "/../review-\(caseID).pdf"
        try Data("%PDF-1.4 evidence for \(caseID)\n".utf8).write(to: URL(fileURLWithPath: file))
        var ids: [String: String] = [:]
        let criteria = try desk.view(caseID, as: "sec").definitions.machine.framework.criteria
        for criterion in criteria {
            let (record, _) = try desk.uploadEvidence(
                caseID, file: file, displayName: name(criterion.id), criterion: criterion.id, item: 1, by: applicant)
            ids[criterion.id] = record.evidenceID
        }
        try completeSubmission(caseID, file: file, evidenced: Set(criteria.map(\.id)), applicant: applicant)
        _ = try desk.fire(caseID, event: "evidence.submit", by: applicant)
        return ids
    }

    /// The rest of a submission after a file for the first expected item of each of `evidenced`: `file` for each of
    /// their further items, and a self-assessment of every criterion.
    func completeSubmission(_ caseID: String, file: String, evidenced: Set<String>, applicant: String = "ann") throws {
        for criterion in try desk.view(caseID, as: "sec").definitions.machine.framework.criteria {
            for item in criterion.evidenceSlots.dropFirst().compactMap(\.item) where evidenced.contains(criterion.id) {
                try desk.uploadEvidence(
                    caseID, file: file, displayName: "\(criterion.id)-\(item).pdf", criterion: criterion.id, item: item,
                    by: applicant)
            }
            _ = try desk.fire(
                caseID, event: "self-assessment.record",
                data: ["criterion": .string(criterion.id), "rating": "met", "narrative": "How we meet it."],
                by: applicant)
        }
    }
}

extension ServerHarness {
    /// Moves the fixture case to the decision: evidence for every criterion, each rated `rating` by `rater`, the
    /// review completed, the visit held, findings cleared and the recommendation submitted.
    func openCaseForDecision(_ caseID: String, rating: String = "met", rater: String = "alice") throws {
        try openCaseForReview(caseID)
        if try desk.load(caseID).state.record.team[rater] == nil {
            try DeskFixtures.recordCompetences(desk.directory, for: [rater])
            _ = try desk.fire(caseID, event: "team.assign", data: ["person": .string(rater)], by: "sec")
        }
        for criterion in try desk.view(caseID, as: "sec").definitions.machine.framework.criteria {
            _ = try desk.fire(
                caseID, event: "review.rate", data: ["criterion": .string(criterion.id), "rating": .string(rating)],
                by: rater)
        }
        for (event, actor) in [
            ("review.complete", rater), ("visit.schedule", "sec"), ("visit.complete", "lee"),
            ("findings.clear", "lee"), ("recommendation.submit", "lee"),
        ] {
            _ = try desk.fire(caseID, event: event, by: actor)
        }
    }
}

/// Why the harness could not do its part.
struct HarnessFailure: Error, CustomStringConvertible {
    /// What failed.
    let description: String
}
