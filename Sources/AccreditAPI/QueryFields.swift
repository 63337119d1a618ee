import Statecharts

extension APICall {
    /// A query parameter that must be an ISO 8601 time or a date (midnight UTC), if given.
    ///
    /// - Throws: ``Problem`` 422 naming the parameter when it is neither.
    public func instantQuery(_ name: String) throws -> Instant? {
        guard let text = request.query[name] else { return nil }
        return try Self.instant(text, named: "?\(name)=")
    }

    /// An ISO 8601 time, or a date (midnight UTC), from the request.
    ///
    /// - Throws: ``Problem`` 422 naming where it came from (`?at=`, `"openedAt"`) when it is neither.
    static func instant(_ text: String, named name: String) throws -> Instant {
        guard let instant = text.count == 10 ? Instant(iso8601: text + "T00:00:00Z") : Instant(iso8601: text) else {
            throw Problem.invalid(
                "\(name) must be an ISO 8601 time or date, such as 2026-03-01T09:00:00Z", code: "request.wrong-type")
        }
        return instant
    }

    /// A query parameter that must be a whole number of at least `minimum`, if given.
    ///
    /// - Throws: ``Problem`` 422 naming the parameter when it is not.
    public func integerQuery(_ name: String, minimum: Int64 = 0) throws -> Int64? {
        guard let text = request.query[name] else { return nil }
        guard let number = Int64(text), number >= minimum else {
            throw Problem.invalid("?\(name)= must be a whole number of at least \(minimum)", code: "request.wrong-type")
        }
        return number
    }

    /// A query parameter that must be `true` or `false`; false when absent.
    ///
    /// - Throws: ``Problem`` 422 naming the parameter when it is neither.
    public func flagQuery(_ name: String) throws -> Bool {
        switch request.query[name] {
        case nil, "false"?: return false
        case "true"?: return true
        default: throw Problem.invalid("?\(name)= must be true or false", code: "request.wrong-type")
        }
    }
}
