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
        guard case .string(let text) = try field(key) else {
            throw SnapshotError(message: "\(path).\(key) is not a string")
        }
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
        guard case .bool(let flag) = try field(key) else {
            throw SnapshotError(message: "\(path).\(key) is not a boolean")
        }
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
