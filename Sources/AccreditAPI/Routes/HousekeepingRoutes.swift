import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Housekeeping: delivering due deadlines, checking the evidence files, disposing of an orphaned one.
enum HousekeepingRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/timers/fire", operationID: "fireTimers") { call in
            let fields = try RequestFields(call.request.body)
            let caseID = try fields.optionalString("case")
            guard caseID?.isEmpty != true else { throw Problem.invalid("\"case\" must name a case, or be left out") }
            try call.desk.require(.deliverTimers, by: try call.signedIn())
            let (delivered, failures) = try call.desk.deliverDueTimers(caseID: caseID)
            var scheduled: Checkpoint?
            var failure: Value = .null
            do {
                scheduled = try call.desk.publishCheckpointIfDue(
                    key: try call.environment.signingKey(for: call.desk))?.checkpoint
                if let scheduled { try call.environment.publish(scheduled) }
            } catch {
                failure = Problem(error).document
            }
            return .json([
                "delivered": .array(delivered.map { ["case": .string($0.caseID), "event": .string($0.event)] }),
                "checkpoint": scheduled.map { .integer($0.sequence) } ?? .null,
                "checkpointCases": scheduled.map { .integer($0.treeSize) } ?? .null,
                "checkpointFailure": failure, "warnings": .array(failures.map { .string("\($0)") }),
            ])
        },
        APIRoute(.post, "/api/v1/evidence-files/fsck", operationID: "checkEvidenceFiles") { call in
            let fields = try RequestFields(call.request.body)
            let repair = try fields.optionalBool("repair") ?? false
            let grace = try fields.optionalInteger("graceSeconds") ?? 3600
            guard grace >= 0 else { throw Problem.invalid("\"graceSeconds\" must be at least 0") }
            try call.desk.require(.oversee, by: try call.signedIn())
            var fsck = call.desk.evidenceFsck()
            fsck.graceSeconds = Int64(grace)
            let findings = try fsck.run(repair: repair, now: call.environment.clock())
            let open = findings.filter { !$0.repaired && !$0.action.hasPrefix("recent") }
            return .json([
                "clean": .bool(open.isEmpty), "findings": .array(findings.map(AuditViews.fsck)),
                "files": .integer(Int64(call.desk.blobs.storedHashes().count)),
            ])
        },
        APIRoute(.post, "/api/v1/evidence-files/{sha256}/discard", operationID: "discardEvidenceFile") { call in
            let sha256 = call.parameter("sha256")
            guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw Problem.invalid("the file's SHA-256 must be 64 lowercase hex digits")
            }
            let fields = try RequestFields(call.request.body)
            let reason = try fields.string("reason")
            guard !reason.isEmpty else { throw Problem.invalid("\"reason\" must say why the file may go") }
            let actor = try call.signedIn()
            try call.desk.discardEvidenceFile(sha256, reason: reason, by: actor)
            return .json(["sha256": .string(sha256), "disposedBy": .string(actor), "reason": .string(reason)])
        },
    ]
}
