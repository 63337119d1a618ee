/// Why a stored snapshot could not be restored.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the JSON path.
    public var message: String

    /// The message.
    public var description: String { "cannot restore snapshot: \(message)" }
}

extension Interpreter {
    /// Restores a snapshot written by ``Snapshot/canonicalJSON()`` for this document.
    /// - Throws: ``SnapshotError`` when the text is not JSON or does not match this document.
    public func restore(canonicalJSON text: String) throws(SnapshotError) -> Snapshot {
        let value: Value
        do {
            value = try CanonicalJSON.parse(text)
        } catch {
            throw SnapshotError(message: "the text is not JSON")
        }
        return try restore(value)
    }

    /// Restores a snapshot from its JSON value (see ``Snapshot/value``).
    public func restore(_ value: Value) throws(SnapshotError) -> Snapshot {
        let reader = ValueReader(path: "$", value: value)
        guard case .string(let timeText) = try reader.field("time"), let time = Instant(iso8601: timeText) else {
            throw SnapshotError(message: "$.time is not an ISO 8601 instant")
        }
        let root = try SessionCoder(chart: chart).decode(reader.reader("root"))
        return Snapshot(chart: chart, root: root, time: time, timerSequence: try reader.int("timerSequence"))
    }
}

/// Reads typed fields out of a JSON object, naming the path in errors.
struct ValueReader {
    let path: String
    let value: Value

    func field(_ key: String) throws(SnapshotError) -> Value {
        guard case .object(let members) = value, let member = members[key] else {
            throw SnapshotError(message: "\(path).\(key) is missing")
        }
        return member
    }

    func reader(_ key: String) throws(SnapshotError) -> ValueReader {
        ValueReader(path: path + "." + key, value: try field(key))
    }

    func string(_ key: String) throws(SnapshotError) -> String {
        guard case .string(let text) = try field(key) else { throw SnapshotError(message: "\(path).\(key) is not a string") }
        return text
    }

    func optionalString(_ key: String) throws(SnapshotError) -> String? {
        let member = try field(key)
        if member == .null { return nil }
        guard case .string(let text) = member else { throw SnapshotError(message: "\(path).\(key) is not a string") }
        return text
    }

    func int(_ key: String) throws(SnapshotError) -> Int {
        guard case .integer(let number) = try field(key) else {
            throw SnapshotError(message: "\(path).\(key) is not an integer")
        }
        return Int(number)
    }

    func bool(_ key: String) throws(SnapshotError) -> Bool {
        guard case .bool(let flag) = try field(key) else { throw SnapshotError(message: "\(path).\(key) is not a boolean") }
        return flag
    }

    func array(_ key: String) throws(SnapshotError) -> [ValueReader] {
        guard case .array(let elements) = try field(key) else {
            throw SnapshotError(message: "\(path).\(key) is not an array")
        }
        return elements.enumerated().map { ValueReader(path: "\(path).\(key)[\($0.offset)]", value: $0.element) }
    }

    func object(_ key: String) throws(SnapshotError) -> [String: Value] {
        guard case .object(let members) = try field(key) else {
            throw SnapshotError(message: "\(path).\(key) is not an object")
        }
        return members
    }
}
