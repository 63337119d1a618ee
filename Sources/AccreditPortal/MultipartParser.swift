import Foundation

/// A streaming reader of `multipart/form-data` bodies (RFC 7578 over RFC 2046): fed the body in chunks as they
/// arrive, it gives each part's headers, its content in pieces, and its end, holding back only the few bytes that
/// might begin the next boundary. A file of any size passes through in constant memory.
public struct MultipartParser: Sendable {
    /// What the parser found in the bytes it was fed.
    public enum Event: Sendable, Equatable {
        /// A part begins.
        case begin(MultipartPart)
        /// Some of the current part's content.
        case data([UInt8])
        /// The current part ended.
        case end
    }

    /// Where the parser is.
    enum State: Sendable {
        /// Before the first boundary.
        case preamble
        /// After a boundary: reading a part's headers.
        case headers
        /// In a part's content.
        case content
        /// After the closing boundary: the rest is ignored.
        case done
    }

    /// The largest header block of one part (names and a file name are short; more is an attack).
    public static let maximumHeaderBytes = 16 << 10

    /// `--boundary`.
    let dashBoundary: [UInt8]
    /// `\r\n--boundary`: what ends a part's content.
    let delimiter: [UInt8]
    /// Bytes fed but not yet given out.
    var pending: [UInt8] = []
    /// Where the parser is.
    var state = State.preamble

    /// A parser for the boundary a `Content-Type: multipart/form-data; boundary=…` header names.
    ///
    /// - Throws: ``MultipartError/badBoundary`` for a boundary RFC 2046 does not allow (1 to 70 characters).
    public init(boundary: String) throws(MultipartError) {
        guard (1...70).contains(boundary.utf8.count), !boundary.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E })
        else { throw .badBoundary }
        dashBoundary = Array("--\(boundary)".utf8)
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// The boundary of a `Content-Type` header value, or nil when it is not `multipart/form-data` with one.
    public static func boundary(contentType: String) -> String? {
        let parameters = HeaderParameters(contentType)
        guard parameters.value.lowercased() == "multipart/form-data" else { return nil }
        return parameters["boundary"]
    }

    /// Reads more of the body.
    ///
    /// - Throws: ``MultipartError`` when the body is not well-formed multipart.
    public mutating func feed(_ bytes: [UInt8]) throws(MultipartError) -> [Event] {
        pending += bytes
        var events: [Event] = []
        while true {
            switch state {
            case .preamble:
                guard let start = Self.find(dashBoundary, in: pending) else {
                    // Keep only what could be the start of the boundary.
                    if pending.count > dashBoundary.count { pending.removeFirst(pending.count - dashBoundary.count) }
                    return events
                }
                guard let next = try afterBoundary(at: start + dashBoundary.count) else { return events }
                pending.removeFirst(next)
            case .headers:
                guard let end = Self.find(Array("\r\n\r\n".utf8), in: pending) else {
                    if pending.count > Self.maximumHeaderBytes { throw .headersTooLarge }
                    return events
                }
                guard end <= Self.maximumHeaderBytes else { throw .headersTooLarge }
                let part = try MultipartPart(headerBlock: Array(pending[..<end]))
                pending.removeFirst(end + 4)
                events.append(.begin(part))
                state = .content
            case .content:
                guard let found = Self.find(delimiter, in: pending) else {
                    let keep = delimiter.count - 1
                    if pending.count > keep {
                        events.append(.data(Array(pending[..<(pending.count - keep)])))
                        pending.removeFirst(pending.count - keep)
                    }
                    return events
                }
                guard let next = try afterBoundary(at: found + delimiter.count) else {
                    if found > 0 {
                        events.append(.data(Array(pending[..<found])))
                        pending.removeFirst(found)
                    }
                    return events
                }
                if found > 0 { events.append(.data(Array(pending[..<found]))) }
                events.append(.end)
                pending.removeFirst(next)
            case .done:
                pending.removeAll()
                return events
            }
        }
    }

    /// Whether the closing boundary has been read (the rest of the body is an epilogue, ignored).
    public var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Checks that the body ended after its closing boundary.
    ///
    /// - Throws: ``MultipartError/truncated`` when it ended before.
    public func finish() throws(MultipartError) {
        guard case .done = state else { throw .truncated }
    }

    /// After a boundary at `index`: the index where what follows begins (setting the state), or nil when more bytes
    /// are needed to tell.
    mutating func afterBoundary(at index: Int) throws(MultipartError) -> Int? {
        var cursor = index
        guard cursor + 2 <= pending.count else { return nil }
        if pending[cursor] == UInt8(ascii: "-"), pending[cursor + 1] == UInt8(ascii: "-") {
            state = .done
            return pending.count
        }
        // Transport padding (RFC 2046 5.1.1): spaces and tabs before the line break.
        while cursor < pending.count, pending[cursor] == 0x20 || pending[cursor] == 0x09 { cursor += 1 }
        guard cursor + 2 <= pending.count else {
            if cursor - index > 256 { throw .malformed }
            return nil
        }
        guard pending[cursor] == 0x0D, pending[cursor + 1] == 0x0A else { throw .malformed }
        state = .headers
        return cursor + 2
    }

    /// The first index of `needle` in `haystack`, or nil.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = 0
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < pin.count, hay[index + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}

/// One part's headers: its field name, the file name when it carries a file, and its media type.
public struct MultipartPart: Sendable, Equatable {
    /// The form field's name.
    public var name: String
    /// The file's name as the browser gave it (its last path component only), or nil for a plain field.
    public var fileName: String?
    /// The part's `Content-Type`, or nil.
    public var contentType: String?

    /// Creates a part.
    public init(name: String, fileName: String? = nil, contentType: String? = nil) {
        self.name = name
        self.fileName = fileName
        self.contentType = contentType
    }

    /// Reads a part's header block.
    ///
    /// - Throws: ``MultipartError/malformed`` without a `Content-Disposition: form-data; name=…`, or for headers
    ///   that are not UTF-8.
    init(headerBlock: [UInt8]) throws(MultipartError) {
        guard let text = String(validating: headerBlock, as: UTF8.self) else { throw .malformed }
        var disposition: HeaderParameters?
        var type: String?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed }
            let field = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...])
            if field == "content-disposition" { disposition = HeaderParameters(value) }
            if field == "content-type" { type = value.trimmingCharacters(in: .whitespaces) }
        }
        guard let disposition, disposition.value.lowercased() == "form-data", let name = disposition["name"] else {
            throw .malformed
        }
        self.name = Self.htmlDecoded(name)
        self.contentType = type
        if let given = disposition["filename"] {
            // Some browsers send the whole path; only the last component is the file's name.
            let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            self.fileName = Self.htmlDecoded(last)
        }
    }
}

extension MultipartPart {
    /// A name as the HTML standard's form encoding sends it, decoded: browsers write `"`, CR and LF in field and file
    /// names as `%22`, `%0D` and `%0A`, and nothing else.
    static func htmlDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return text.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }
}

/// Why a multipart body could not be read.
public enum MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The boundary is empty, too long or not printable ASCII.
    case badBoundary
    /// A boundary or a part's headers are malformed.
    case malformed
    /// A part's headers are too large.
    case headersTooLarge
    /// The body ended before its closing boundary.
    case truncated

    /// What went wrong, for the person.
    public var description: String {
        switch self {
        case .badBoundary: "the form's multipart boundary is not valid"
        case .malformed: "the form's multipart body is malformed"
        case .headersTooLarge: "a part of the form has headers over \(MultipartParser.maximumHeaderBytes) bytes"
        case .truncated: "the form's body ended before its end; nothing was stored from the cut-off file"
        }
    }
}

/// A header value with parameters, such as `form-data; name="file"; filename="a.pdf"`: the value and each
/// parameter (names in lower case, quoted strings unquoted).
struct HeaderParameters: Sendable {
    /// The value before the first `;`.
    let value: String
    /// The parameters.
    let parameters: [String: String]

    /// Parses a header value.
    init(_ text: String) {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";", !quoted {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        value = items.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var parameters: [String: String] = [:]
        for item in items.dropFirst() {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let name = item[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            if parameters[name] == nil {
                parameters[name] = String(item[item.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            }
        }
        self.parameters = parameters
    }

    /// A parameter's value.
    subscript(_ name: String) -> String? { parameters[name] }
}
