import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Evidence: list, upload (streamed), download (streamed), review, and reuse in a renewal.
enum EvidenceRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/cases/{case}/evidence", operationID: "listEvidence") { call in
            let caseID = call.parameter("case")
            let records = try call.desk.evidence(of: caseID, for: try call.signedIn())
            return .json(["case": .string(caseID), "evidence": .array(records.map(EvidenceViews.record))])
        },
        APIRoute(.post, "/api/v1/cases/{case}/evidence", operationID: "uploadEvidence", streamsBody: true) { call in
            let caseID = call.parameter("case")
            let query = call.request.query
            guard let criterion = query["criterion"], !criterion.isEmpty else {
                throw Problem.invalid("give the criterion the evidence supports as ?criterion=, such as SL-1.1")
            }
            let actor = try call.signedIn()
            let requestID = try CaseRoutes.requestID(call.request)
            let item = try CaseRoutes.evidenceItem(query)
            let (record, outcome): (EvidenceRecord, Outcome)
            if let upload = call.upload {
                (record, outcome) = try call.desk.uploadEvidence(
                    caseID, from: upload.blobSource, displayName: query["name"], criterion: criterion, item: item,
                    supersedes: query["supersedes"], by: actor, requestID: requestID)
            } else if case .repeated(let earlier, let repeated) = try call.desk.admitUpload(
                caseID, criterion: criterion, item: item, supersedes: query["supersedes"], by: actor,
                requestID: requestID)
            {
                // The request id recorded this upload already: the earlier record, with nothing streamed.
                (record, outcome) = (earlier, repeated)
            } else {
                throw Problem.invalid("send the file as the request body (application/octet-stream)")
            }
            return written(record, outcome)
        },
        APIRoute(.get, "/api/v1/cases/{case}/evidence/{evidence}", operationID: "getEvidence") { call in
            .json(EvidenceViews.record(try record(call)))
        },
        APIRoute(.get, "/api/v1/cases/{case}/evidence/{evidence}/content", operationID: "downloadEvidence") { call in
            let record = try record(call)
            let path = try call.desk.blobs.readablePath(of: record.sha256, size: record.size)
            return APIResponse(
                status: 200,
                body: .file(
                    FileDownload(
                        path: path, size: record.size, sha256: record.sha256, mediaType: record.mediaType.rawValue,
                        fileName: record.fileName)), session: nil)
        },
        APIRoute(.post, "/api/v1/cases/{case}/evidence/{evidence}/review", operationID: "reviewEvidence") { call in
            let caseID = call.parameter("case")
            let fields = try RequestFields(call.request.body)
            guard let accept = try fields.optionalBool("accept") else {
                throw Problem.invalid(
                    "the request body needs \"accept\": true to accept, false to reject with a \"reason\"")
            }
            let outcome = try call.desk.reviewEvidence(
                caseID, evidence: call.parameter("evidence"), accept: accept,
                reason: try fields.optionalString("reason"),
                by: try call.signedIn(), requestID: try CaseRoutes.requestID(call.request))
            return .json(CaseViews.receipt(caseID: caseID, outcome: outcome), status: outcome.repeated ? 200 : 201)
        },
        APIRoute(.post, "/api/v1/cases/{case}/evidence/{evidence}/reuse", operationID: "reuseEvidence") { call in
            let caseID = call.parameter("case")
            _ = try RequestFields(call.request.body)
            let (record, outcome) = try call.desk.reuseEvidence(
                caseID, evidence: call.parameter("evidence"), by: try call.signedIn(),
                requestID: try CaseRoutes.requestID(call.request))
            return written(record, outcome)
        },
    ]

    /// An item just written (uploaded or reused): its record with whether the request id had already recorded it
    /// (200) or not (201), and the follow-ups that failed after the commit.
    static func written(_ record: EvidenceRecord, _ outcome: Outcome) -> APIResponse {
        var value = EvidenceViews.record(record)
        if case .object(var fields) = value {
            fields["repeated"] = .bool(outcome.repeated)
            fields["warnings"] = .array(outcome.followUpFailures.map { .string("\($0)") })
            value = .object(fields)
        }
        return .json(value, status: outcome.repeated ? 200 : 201)
    }

    /// The record of the evidence item in the path, if the caller may see it.
    static func record(_ call: APICall) throws -> EvidenceRecord {
        try call.desk.evidence(call.parameter("evidence"), of: call.parameter("case"), for: try call.signedIn())
    }
}

extension UploadSource {
    /// Where the desk takes the file from.
    var blobSource: EvidenceSource {
        switch self {
        case .path(let path): .file(path)
        case .stored(let blob): .stored(blob)
        }
    }
}

extension CaseRoutes {
    /// The upload's `?item=`: which of the criterion's expected evidence items the file is for (1-based), or nil
    /// when it is not given.
    /// - Throws: ``Problem`` (invalid) for anything but a whole number from 1 to 1000.
    public static func evidenceItem(_ query: [String: String]) throws -> Int? {
        guard let text = query["item"], !text.isEmpty else { return nil }
        guard text.count <= 4, text.allSatisfy(\.isASCII), let number = Int(text), (1...1000).contains(number) else {
            throw Problem.invalid(
                "give ?item= as the number of the criterion's expected evidence item the file is for, such as 1 "
                    + "(the framework lists them under each criterion)")
        }
        return number
    }
}
