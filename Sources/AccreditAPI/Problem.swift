import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts
import Workflows

/// An RFC 9457 problem document: what every API error is, with the rule that refused and the context fields the
/// libraries gave. The one place that maps the libraries' typed errors to HTTP statuses.
public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The stable machine code, such as `case.not-found` or `access.read-only` (also in `type`).
    public var code: String
    /// A short summary of the kind of problem.
    public var title: String
    /// The library's sentence about this occurrence.
    public var detail: String
    /// Extension members: `rule`, `case`, `evidence`, `currentVersion`, `definitionKind`, `seq`.
    public var extensions: [String: Value]

    /// Creates a problem.
    public init(status: Int, code: String, title: String, detail: String, extensions: [String: Value] = [:]) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.extensions = extensions
    }

    /// The media type of problem documents.
    public static let mediaType = "application/problem+json"

    /// Where the problem types are documented; each type is this plus the code.
    public static let typeBase = "https://accredit.invalid/problems/"

    /// The detail.
    public var description: String { detail }

    /// The problem document as JSON.
    public var document: Value {
        var fields = extensions
        fields["type"] = .string(Self.typeBase + code)
        fields["title"] = .string(title)
        fields["status"] = .integer(Int64(status))
        fields["detail"] = .string(detail)
        fields["code"] = .string(code)
        return .object(fields)
    }

    /// Reads a problem document (as a client receives it).
    public init?(document: Value, status: Int) {
        guard case .object(let fields) = document, case .string(let code)? = fields["code"] else { return nil }
        var extensions = fields
        for key in ["type", "title", "status", "detail", "code"] { extensions[key] = nil }
        self.init(
            status: status, code: code, title: fields["title"]?.stringValue ?? "",
            detail: fields["detail"]?.stringValue ?? "", extensions: extensions)
    }

    /// The case the problem concerns, if any.
    public var caseID: String? { extensions["case"]?.stringValue }
    /// The rule that refused, if any.
    public var rule: String? { extensions["rule"]?.stringValue }

    /// A request the API cannot read: malformed JSON, a missing field, a bad parameter (422).
    public static func invalid(_ detail: String, code: String = "request.invalid") -> Problem {
        Problem(status: 422, code: code, title: "The request cannot be processed", detail: detail)
    }

    /// A request body or header the API does not take (400).
    public static func badRequest(_ detail: String, code: String = "request.malformed") -> Problem {
        Problem(status: 400, code: code, title: "The request is malformed", detail: detail)
    }

    /// No route has this path (404).
    public static func noRoute(_ path: String) -> Problem {
        Problem(
            status: 404, code: "route.not-found", title: "Not found",
            detail: "nothing is at \(path); see /api/v1/openapi.json")
    }

    /// A case that does not exist, or that the caller may not know exists (404, the same for both).
    public static func caseNotFound(_ caseID: String) -> Problem {
        Problem(
            status: 404, code: StoreError.Code.caseNotFound.name, title: "Not found",
            detail: "case \(caseID) does not exist", extensions: ["case": .string(caseID)])
    }
}

extension Value {
    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension Value {
    /// The members, when this is an object.
    public var objectValue: [String: Value]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [Value]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The number, when this is an integer.
    public var integerValue: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }

    /// The truth value, when this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let truth) = self { return truth }
        return nil
    }
}
