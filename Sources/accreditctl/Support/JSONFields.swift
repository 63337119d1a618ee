import AccreditAPI
import Statecharts

/// Reading the API's JSON answers for text output.
extension Value {
    /// A member as text: a string as it is, a number in digits, anything else empty.
    func text(_ key: String) -> String {
        switch self[key] {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        default: ""
        }
    }

    /// A member that is an array of strings (its other elements left out).
    func strings(_ key: String) -> [String] {
        (self[key]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A member that is an array.
    func array(_ key: String) -> [Value] {
        self[key]?.arrayValue ?? []
    }

    /// The JSON object with only the given members.
    func keeping(_ keys: Set<String>) -> Value {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { keys.contains($0.key) })
    }

    /// The JSON object without the given members.
    func removing(_ keys: Set<String>) -> Value {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { !keys.contains($0.key) })
    }
}

extension Value {
    /// The JSON object with the given members added (replacing any of the same name).
    func merging(_ added: [String: Value]) -> Value {
        guard case .object(var members) = self else { return self }
        members.merge(added) { _, new in new }
        return .object(members)
    }
}

extension String {
    /// The bytes that hex digits spell (an odd or invalid digit ends them).
    var hexBytes: [UInt8] {
        var bytes: [UInt8] = []
        var index = startIndex
        while index < endIndex, let next = self.index(index, offsetBy: 2, limitedBy: endIndex),
            let byte = UInt8(self[index..<next], radix: 16)
        {
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
