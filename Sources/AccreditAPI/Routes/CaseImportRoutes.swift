import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// Importing cases from an earlier system: one case as JSON, or many as NDJSON (one case a line) in one
/// all-or-nothing transaction.
public enum CaseImportRoutes {
    /// The longest line (one case with its history) a many-case import takes.
    public static let maximumLineBytes = 64 << 20

    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/case-imports", operationID: "importCase") { call in
            let request = try caseImport(call.request.body, at: nil)
            let open = try call.desk.importCase(
                request.caseID, organisation: request.organisation, workflow: request.workflow,
                framework: request.framework, openedAt: request.openedAt, events: request.events,
                by: try call.signedIn())
            return .json(CaseViews.summary(open), status: 201)
        },
        APIRoute(
            .post, "/api/v1/case-imports/bulk", operationID: "importCases", spooledFor: .importCases
        ) { call in
            guard case .path(let path)? = call.upload else {
                throw Problem.invalid("send the cases as NDJSON: one JSON object a line, each a case to import")
            }
            let actor = try call.signedIn()
            var lines = try NDJSONLines(path: path, maximumLineBytes: maximumLineBytes)
            // The case the last line read holds: a failure checking it names its line.
            var current: String?
            let summary: ImportSummary
            do {
                summary = try call.desk.importCases(by: actor) {
                    guard let (number, line) = try lines.next() else { return nil }
                    let request: CaseImport
                    do {
                        request = try caseImport(try CanonicalJSON.parse(line), at: number)
                    } catch let problem as Problem {
                        throw problem
                    } catch {
                        throw Problem.badRequest(
                            "line \(number) is not JSON (\(error)); nothing was imported", code: "request.malformed")
                    }
                    current = request.caseID
                    return request
                }
            } catch let refusal as CaseRefusal {
                throw CaseRefusal(rule: refusal.rule, message: "line \(lines.number): \(refusal.message)")
            } catch let failure as StoreError where failure.caseID != nil && failure.caseID == current {
                var located = failure
                located.message = "line \(lines.number): \(failure.message)"
                throw located
            }
            return .json(
                ["cases": .integer(Int64(summary.cases)), "events": .integer(Int64(summary.events))], status: 201)
        },
    ]

    /// A case to import from its JSON: `{case, organisation, workflow, framework?, openedAt, events: [{event, actor,
    /// at, data?}]}`; `line` names it in errors when it is one line of many.
    ///
    /// - Throws: ``Problem`` 422 naming the member that is missing or wrong.
    static func caseImport(_ body: Value, at line: Int?) throws -> CaseImport {
        do {
            return try parsedImport(body)
        } catch let problem as Problem where line != nil {
            throw Problem.invalid(
                "line \(line ?? 0): \(problem.detail); nothing was imported", code: problem.code)
        }
    }

    private static func parsedImport(_ body: Value) throws -> CaseImport {
        let fields = try RequestFields(body)
        let workflow = try CaseRoutes.reference(try fields.string("workflow"), "workflow")
        let framework = try fields.optionalString("framework").map { try CaseRoutes.reference($0, "framework") }
        let openedAt = try APICall.instant(try fields.string("openedAt"), named: "\"openedAt\"")
        guard case .array(let items) = fields.value("events") else {
            throw Problem.invalid("\"events\" must be an array of {event, actor, at, data}", code: "request.wrong-type")
        }
        let events = try items.enumerated().map { index, item -> ImportedEvent in
            let event = try RequestFields(item)
            if case .object(let members) = item,
                let unknown = members.keys.sorted().first(where: { !["event", "actor", "at", "data"].contains($0) })
            {
                throw Problem.invalid(
                    "events[\(index)] has \"\(unknown)\", which an imported event does not take (event, actor, at, "
                        + "data)", code: "request.unknown-field")
            }
            return ImportedEvent(
                name: try event.string("event"), actor: try event.string("actor"),
                occurredAt: try APICall.instant(try event.string("at"), named: "\"events[\(index)].at\""),
                data: event.value("data"))
        }
        return CaseImport(
            caseID: try fields.string("case"), organisation: try fields.string("organisation"), workflow: workflow,
            framework: framework, openedAt: openedAt, events: events)
    }
}

/// The lines of an NDJSON file, read a megabyte at a time: each non-blank line with its number.
struct NDJSONLines {
    /// The file.
    private let handle: FileHandle
    /// The longest line taken.
    private let maximumLineBytes: Int
    /// Bytes read; those before `start` are returned already.
    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`.
    private var start = 0
    /// Where the next search for a newline starts in `buffer`.
    private var searched = 0
    /// Whether the file has been read to its end.
    private var ended = false
    /// The number of the line last returned (1 for the first).
    private(set) var number = 0

    /// Opens the file.
    ///
    /// - Throws: ``Problem`` 422 when it cannot be read.
    init(path: String, maximumLineBytes: Int) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem.invalid("cannot read the cases to import")
        }
        self.handle = handle
        self.maximumLineBytes = maximumLineBytes
    }

    /// The next non-blank line and its number, or nil at the end.
    ///
    /// - Throws: ``Problem`` 413 for a line over the limit, 400 for one that is not UTF-8.
    mutating func next() throws -> (Int, String)? {
        while true {
            if let newline = buffer[max(start, searched)...].firstIndex(of: 0x0A) {
                guard newline - start <= maximumLineBytes else { throw tooLong() }
                let line = buffer[start..<newline]
                start = newline + 1
                searched = start
                number += 1
                if let text = try text(line) { return (number, text) }
                continue
            }
            searched = buffer.count
            guard buffer.count - start <= maximumLineBytes else { throw tooLong() }
            if ended {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                number += 1
                return try text(line).map { (number, $0) }
            }
            // What was returned already is dropped before more is read.
            buffer.removeSubrange(..<start)
            searched -= start
            start = 0
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch _ {
                // Never taken for the end of the file: the cases read so far would be imported alone.
                throw Problem(
                    status: 503, code: "import.read-failed", title: "The cases could not be read",
                    detail: "reading the cases failed after line \(number); nothing was imported: send them again")
            }
            if let chunk, !chunk.isEmpty { buffer += chunk } else { ended = true }
        }
    }

    /// The refusal of the next line, over the limit.
    private func tooLong() -> Problem {
        Problem(
            status: 413, code: "request.too-large", title: "Too large",
            detail: "line \(number + 1) is over \(maximumLineBytes >> 20) MiB: import that case on its own, or split "
                + "its history; nothing was imported")
    }

    /// A line as text, or nil when it is blank.
    private func text(_ line: ArraySlice<UInt8>) throws -> String? {
        var bytes = line
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.badRequest(
                "line \(number) is not UTF-8 text; nothing was imported", code: "request.malformed")
        }
        return text
    }
}
