import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// Award certificates and the signed award status list.
enum AwardRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/cases/{case}/award", operationID: "getAward") { call in
            .json(try certificate(call).value)
        },
        APIRoute(.get, "/api/v1/cases/{case}/award/certificate", operationID: "signAward") { call in
            let certificate = try certificate(call)
            let key = try call.environment.signingKey(for: call.desk)
            return .json(
                try CanonicalJSON.parse(trimmed(try SignedCertificate(signing: certificate, with: key.key).fileText)))
        },
        APIRoute(.post, "/api/v1/award-status", operationID: "publishAwardStatus") { call in
            try call.desk.require(.oversee, by: try call.signedIn())
            let list = try call.desk.awardStatusList(key: try call.environment.signingKey(for: call.desk))
            let path = call.environment.awardStatusPath
            if let path {
                if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                    try AtomicFile.makeDirectories(String(path[..<slash]))
                }
                try AtomicFile.write(Array(list.fileText.utf8), to: path, mode: AtomicFile.publicMode, replacing: true)
            }
            return .json(AwardViews.statusList(list, file: path), status: 201)
        },
        APIRoute(.get, "/api/v1/award-status", operationID: "getAwardStatus", access: .anyone) { call in
            guard let path = call.environment.awardStatusPath, let data = FileManager.default.contents(atPath: path)
            else {
                throw Problem(
                    status: 404, code: "award-status.not-published", title: "Not found",
                    detail: "no award status list has been published yet")
            }
            return .json(try CanonicalJSON.parse(trimmed(String(decoding: data, as: UTF8.self))))
        },
    ]

    /// The certificate of the case in the path, if the caller may see the case.
    static func certificate(_ call: APICall) throws -> AwardCertificate {
        let caseID = call.parameter("case")
        _ = try call.desk.view(caseID, as: try call.signedIn())
        return try call.desk.certificate(for: caseID)
    }

    /// A file's text without its final newline, as canonical JSON.
    static func trimmed(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
