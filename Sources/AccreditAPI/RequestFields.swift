import Statecharts

/// The members of a JSON request body, read with clear errors: a missing or mistyped member is a 422 problem that
/// names it.
public struct RequestFields {
    /// The members.
    let members: [String: Value]

    /// Reads a body that must be a JSON object (`.null`, no body, is an empty object).
    ///
    /// - Throws: ``Problem`` 422 when the body is another JSON value.
    public init(_ body: Value) throws {
        switch body {
        case .object(let members): self.members = members
        case .null: self.members = [:]
        default: throw Problem.invalid("the request body must be a JSON object")
        }
    }

    /// A required string member.
    public func string(_ name: String) throws -> String {
        guard let value = try optionalString(name) else {
            throw Problem.invalid("the request body needs \"\(name)\", a string", code: "request.missing-field")
        }
        return value
    }

    /// An optional string member.
    public func optionalString(_ name: String) throws -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw Problem.invalid("\"\(name)\" must be a string", code: "request.wrong-type")
        }
    }

    /// An optional integer member.
    public func optionalInteger(_ name: String) throws -> Int? {
        switch members[name] {
        case nil, .null?: return nil
        case .integer(let number)?: return Int(exactly: number)
        default: throw Problem.invalid("\"\(name)\" must be an integer", code: "request.wrong-type")
        }
    }

    /// An optional boolean member.
    public func optionalBool(_ name: String) throws -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw Problem.invalid("\"\(name)\" must be true or false", code: "request.wrong-type")
        }
    }

    /// Any member, as given (`.null` when absent).
    public func value(_ name: String) -> Value {
        members[name] ?? .null
    }
}
