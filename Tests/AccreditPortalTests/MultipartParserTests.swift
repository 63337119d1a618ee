import AccreditPortal
import Testing

/// Reading `multipart/form-data` as it streams: the same parts whatever the chunking, file content that looks like
/// a boundary, names with quotes and paths, and bodies cut off or malformed.
struct MultipartParserTests {
    /// A body of two fields and a file, as Chromium sends it.
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    static let content: [UInt8] =
        Array("line one\r\n--not-the-boundary\r\n\r\n------WebKitFormBoundary7MA4YWxk".utf8)
        + [0, 255, 13, 10, 45, 45]
    static var body: [UInt8] {
        var body: [UInt8] = []
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"criterion\"\r\n\r\nSL-1.1\r\n".utf8)
        body += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\reports\\\\q\\\"3\\\".pdf\""
                + "\r\nContent-Type: application/pdf\r\n\r\n").utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\nepilogue".utf8)
        return body
    }

    /// Runs the parser over `body` in chunks of `size` and collects fields and files.
    static func parse(_ body: [UInt8], chunk size: Int) throws -> [(MultipartPart, [UInt8])] {
        var parser = try MultipartParser(boundary: boundary)
        var parts: [(MultipartPart, [UInt8])] = []
        var index = 0
        while index < body.count {
            let end = min(index + size, body.count)
            for event in try parser.feed(Array(body[index..<end])) {
                switch event {
                case .begin(let part): parts.append((part, []))
                case .data(let bytes): parts[parts.count - 1].1 += bytes
                case .end: break
                }
            }
            index = end
        }
        try parser.finish()
        return parts
    }

    @Test(arguments: [1, 2, 3, 7, 38, 39, 40, 41, 64, 1000, 100_000])
    func givesTheSamePartsWhateverTheChunking(_ size: Int) throws {
        let parts = try Self.parse(Self.body, chunk: size)
        #expect(parts.count == 3)
        #expect(parts[0].0 == MultipartPart(name: "csrf"))
        #expect(parts[0].1 == Array("abc123".utf8))
        #expect(parts[1].1 == Array("SL-1.1".utf8))
        #expect(parts[2].0 == MultipartPart(name: "file", fileName: "q\"3\".pdf", contentType: "application/pdf"))
        #expect(parts[2].1 == Self.content)
    }

    @Test func readsTheBoundaryFromTheContentType() {
        #expect(
            MultipartParser.boundary(contentType: "multipart/form-data; boundary=\"a b;c\"; charset=utf-8") == "a b;c")
        #expect(MultipartParser.boundary(contentType: "Multipart/Form-Data; boundary=xyz") == "xyz")
        #expect(MultipartParser.boundary(contentType: "application/json; boundary=xyz") == nil)
        #expect(MultipartParser.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test func aBodyCutOffBeforeItsClosingBoundaryIsRefused() throws {
        let cut = Array(Self.body.prefix(Self.body.count - 20))
        #expect(throws: MultipartError.truncated) { try Self.parse(cut, chunk: 100) }
    }

    @Test(arguments: [
        "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--",  // no Content-Disposition
        "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--B--",  // not form-data
        "--B\r\nno colon here\r\n\r\nx\r\n--B--",  // a header line without a colon
        "--Bjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--",  // junk after a boundary
    ])
    func malformedPartsAreRefused(_ body: String) throws {
        var parser = try MultipartParser(boundary: "B")
        #expect(throws: MultipartError.malformed) { _ = try parser.feed(Array(body.utf8)) }
    }

    @Test func endlessHeadersAreRefused() throws {
        var parser = try MultipartParser(boundary: "B")
        _ = try parser.feed(Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n".utf8))
        #expect(throws: MultipartError.headersTooLarge) {
            _ = try parser.feed(Array(repeating: UInt8(ascii: "x"), count: MultipartParser.maximumHeaderBytes + 1))
        }
    }

    @Test func boundariesRFC2046DoesNotAllowAreRefused() {
        #expect(throws: MultipartError.badBoundary) { try MultipartParser(boundary: "") }
        #expect(throws: MultipartError.badBoundary) { try MultipartParser(boundary: String(repeating: "a", count: 71)) }
        #expect(throws: MultipartError.badBoundary) { try MultipartParser(boundary: "a\r\nb") }
    }

    @Test func aLargeFileIsGivenOutAsItArrivesNotHeld() throws {
        var parser = try MultipartParser(boundary: "B")
        _ = try parser.feed(Array("--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n".utf8))
        var given = 0
        for _ in 0..<64 {
            for case .data(let bytes) in try parser.feed(Array(repeating: 0x41, count: 65536)) { given += bytes.count }
        }
        // All but the few bytes that could start the closing delimiter have been given out.
        #expect(given >= 64 * 65536 - 8)
        _ = try parser.feed(Array("\r\n--B--".utf8))
        try parser.finish()
    }
}
