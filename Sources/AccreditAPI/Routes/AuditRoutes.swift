import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Audits and checkpoints: verifying histories, signing checkpoints, and a case's audit bundle.
enum AuditRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/audit/verify", operationID: "verifyStore", replica: true) { call in
            try verify(call, caseID: nil)
        },
        APIRoute(.post, "/api/v1/cases/{case}/audit", operationID: "verifyCase", replica: true) { call in
            try verify(call, caseID: call.parameter("case"))
        },
        APIRoute(.post, "/api/v1/audit/checkpoints", operationID: "publishCheckpoint") { call in
            try call.desk.require(.oversee, by: try call.signedIn())
            let publication = try call.desk.publishCheckpoint(key: try call.environment.signingKey(for: call.desk))
            let published = try call.environment.publish(publication.checkpoint)
            return .json(AuditViews.publication(publication, published: published), status: 201)
        },
        APIRoute(.post, "/api/v1/cases/{case}/checkpoint", operationID: "checkpointCase") { call in
            let caseID = call.parameter("case")
            let actor = try call.signedIn()
            try call.desk.requireRead(of: caseID, by: actor)
            // Each checkpoint verifies and signs the whole store: someone without store.oversee may have one taken
            // only a while after the newest (APIEnvironment.readerCheckpointSeconds).
            let overseer = (try? call.desk.require(.oversee, by: actor)) != nil
            let key = try call.environment.signingKey(for: call.desk)
            guard
                let publication = try call.desk.checkpointCovering(
                    caseID, key: key, minimumAge: overseer ? 0 : call.environment.readerCheckpointSeconds)
            else {
                return .json(["case": .string(caseID), "checkpoint": .null])
            }
            try call.environment.publish(publication.checkpoint)
            return .json(
                ["case": .string(caseID), "checkpoint": .integer(publication.checkpoint.sequence)], status: 201)
        },
        APIRoute(.get, "/api/v1/cases/{case}/bundle", operationID: "exportBundle") { call in
            let caseID = call.parameter("case")
            let withFiles = try call.flagQuery("withFiles")
            let actor = try call.signedIn()
            try call.desk.requireRead(of: caseID, by: actor)
            if withFiles, let limit = call.environment.maximumBundleFileBytes {
                let total = try call.desk.evidence(of: caseID, for: actor).reduce(Int64(0)) { $0 + $1.size }
                guard total <= limit else {
                    throw Problem(
                        status: 413, code: "bundle.too-large", title: "Too large",
                        detail: "\(caseID)'s evidence files come to \(total) bytes, over the \(limit) this server puts "
                            + "in one bundle: export the bundle without files, and download each file on its own (the "
                            + "bundle names each file's SHA-256)",
                        extensions: ["case": .string(caseID)])
                }
            }
            let text =
                try withFiles && call.environment.maximumBundleFileBytes != nil
                ? bundles.run { try call.desk.exportBundle(caseID, withFiles: true).fileText }
                : call.desk.exportBundle(caseID, withFiles: withFiles).fileText
            let path = try call.environment.temporaryFile(text, label: "bundle")
            return APIResponse(
                status: 200,
                body: .file(
                    FileDownload(
                        path: path, size: Int64(text.utf8.count), sha256: DefinitionCatalog.sha256(of: text),
                        mediaType: "application/json", fileName: "\(caseID).bundle.json", temporary: true)),
                session: nil)
        },
    ]

    /// Lets one bundle with files be built at a time in a front end that limits them: each is held in memory,
    /// several times over while it is encoded, so two at once would double the peak.
    static let bundles = OneAtATime(
        refusal: Problem(
            status: 429, code: "bundle.busy", title: "Too many requests",
            detail: "another bundle with files is being built; ask again in a few seconds",
            extensions: ["retryAfter": .integer(5)]))

    /// Verifies one case (any reader of it) or every case (``Capability/oversee``), since a published checkpoint
    /// when the body gives one (`since`, checked against `trustedKeys`).
    static func verify(_ call: APICall, caseID: String?) throws -> APIResponse {
        let fields = try RequestFields(call.request.body)
        let trusted = try trustedKeys(fields)
        let published = try fields.optionalString("since").map { try checkpoint($0, trusting: trusted) }
        let actor = try call.signedIn()
        if let caseID {
            try call.desk.requireRead(of: caseID, by: actor)
        } else {
            try call.desk.require(.oversee, by: actor)
        }
        let verification = try call.desk.verifyStore(
            caseID.map { .cases([$0]) } ?? .all, since: published, trusted: trusted.isEmpty ? nil : trusted)
        return .json(
            AuditViews.report(
                verification.report, store: try call.desk.settings.current(), coverage: verification.coverage))
    }

    /// The trust anchors a request names (`trustedKeys`: public keys as 64 hex digits or fingerprints).
    ///
    /// - Throws: ``Problem`` 422 for an entry that is neither.
    static func trustedKeys(_ fields: RequestFields) throws -> TrustedKeys {
        var trusted = TrustedKeys()
        switch fields.value("trustedKeys") {
        case .null: break
        case .array(let entries):
            for entry in entries {
                guard case .string(let text) = entry, (try? trusted.add(text)) != nil else {
                    throw Problem.invalid(
                        "\"trustedKeys\" must list public keys (64 hex digits) or fingerprints (sha256:HEX)",
                        code: "request.wrong-type")
                }
            }
        default:
            throw Problem.invalid("\"trustedKeys\" must be an array of strings", code: "request.wrong-type")
        }
        return trusted
    }

    /// A published checkpoint's file text, checked against the trust anchors (signature, root, heads).
    ///
    /// - Throws: ``Problem`` 422 when it does not parse, names no trusted key, or does not verify.
    static func checkpoint(_ text: String, trusting trusted: TrustedKeys) throws -> Checkpoint {
        guard !trusted.isEmpty else {
            throw Problem.invalid(
                "\"since\" needs \"trustedKeys\": a checkpoint's own key proves nothing", code: "trust.no-anchor")
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.parse(text)
        } catch {
            throw Problem.invalid("\"since\" is not a checkpoint: \(error)", code: "checkpoint.invalid")
        }
        let problems = checkpoint.problems(trusting: trusted)
        guard problems.isEmpty else {
            throw Problem.invalid(
                "the checkpoint does not verify: \(problems.joined(separator: "; "))", code: "checkpoint.untrusted")
        }
        return checkpoint
    }
}
