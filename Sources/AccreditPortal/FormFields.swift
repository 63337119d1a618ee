import Foundation

/// The fields of a submitted HTML form (`application/x-www-form-urlencoded`), in the order the browser sent them.
public struct FormFields: Sendable, Equatable {
    /// Each field's name and value, in order (a name may repeat, as a multiple select or checkboxes send it).
    public private(set) var pairs: [(name: String, value: String)]

    /// A form with these fields.
    public init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// The most fields a form may carry (every form here has far fewer; a body of thousands is an attack).
    public static let maximumFields = 2000

    /// Parses a URL-encoded body: `+` is a space and `%XX` a byte; the bytes must be UTF-8.
    ///
    /// - Throws: ``FormError`` for a malformed escape, text that is not UTF-8, or too many fields.
    public init(urlEncoded bytes: [UInt8]) throws(FormError) {
        var pairs: [(name: String, value: String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard pairs.count < Self.maximumFields else { throw .tooManyFields(Self.maximumFields) }
            let halves = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(halves[0])
            let value = halves.count > 1 ? try Self.decode(halves[1]) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of a field, or nil when the form has no such field.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of a field, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The first value of a field with surrounding white space removed, or nil when absent or blank.
    public func trimmed(_ name: String) -> String? {
        guard let value = self[name] else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Compares fields and their order.
    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }

    /// One name or value, decoded.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(FormError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { throw .malformedEscape }
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw .notUTF8 }
        return text
    }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a form body could not be read.
public enum FormError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `%` not followed by two hexadecimal digits.
    case malformedEscape
    /// The decoded bytes are not UTF-8.
    case notUTF8
    /// More fields than any form here has.
    case tooManyFields(Int)

    /// What went wrong, for the person.
    public var description: String {
        switch self {
        case .malformedEscape: "the form had a malformed %-escape"
        case .notUTF8: "the form's text was not UTF-8"
        case .tooManyFields(let limit): "the form had more than \(limit) fields"
        }
    }
}
