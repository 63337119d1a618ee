/// The media types Accredit recognises in evidence, detected from content rather than trusted from the name.
public enum MediaType: String, Hashable, Sendable, CaseIterable {
    /// PDF document.
    case pdf = "application/pdf"
    /// PNG image.
    case png = "image/png"
    /// JPEG image.
    case jpeg = "image/jpeg"
    /// Word document (Office Open XML).
    case docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    /// Excel workbook (Office Open XML).
    case xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    /// PowerPoint presentation (Office Open XML).
    case pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    /// Another zip archive.
    case zip = "application/zip"
    /// Comma-separated values.
    case csv = "text/csv"
    /// Plain UTF-8 text.
    case text = "text/plain"
    /// Anything else.
    case unknown = "application/octet-stream"

    /// The file extensions that normally carry this type.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .docx: ["docx"]
        case .xlsx: ["xlsx"]
        case .pptx: ["pptx"]
        case .zip: ["zip"]
        case .csv: ["csv"]
        case .text: ["txt", "md", "text"]
        case .unknown: []
        }
    }

    /// Whether a file name's extension disagrees with this detected type (a name without an extension never does).
    public func mismatches(fileName: String) -> Bool {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return false }
        let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
        if self == .text && fileExtension == "csv" { return false }
        return !extensions.contains(fileExtension)
    }

    /// Detects the type from the first bytes of a file (64 KiB is plenty).
    public static func detect(_ head: [UInt8]) -> MediaType {
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return officeType(head) }
        return textType(head)
    }

    private static func officeType(_ head: [UInt8]) -> MediaType {
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard head.count >= needle.count else { return false }
            return (0...(head.count - needle.count)).contains { head[$0..<$0 + needle.count].elementsEqual(needle) }
        }
        guard contains("[Content_Types].xml") else { return .zip }
        if contains("word/") { return .docx }
        if contains("xl/") { return .xlsx }
        if contains("ppt/") { return .pptx }
        return .zip
    }

    private static func textType(_ head: [UInt8]) -> MediaType {
        // Cut a possibly split UTF-8 sequence at the end of the sample before checking it.
        var sample = head[...]
        var trailing = 0
        while let last = sample.last, last & 0xC0 == 0x80, trailing < 3 {
            sample = sample.dropLast()
            trailing += 1
        }
        if let last = sample.last, last >= 0xC0 { sample = sample.dropLast() }
        guard !sample.isEmpty, !sample.contains(0), String(validating: sample, as: UTF8.self) != nil else {
            return .unknown
        }
        let lines = sample.split(separator: UInt8(ascii: "\n")).prefix(20).filter { !$0.isEmpty }
        let commas = lines.map { line in line.count { $0 == UInt8(ascii: ",") } }
        if lines.count >= 2, let first = commas.first, first > 0, commas.allSatisfy({ $0 == first }) { return .csv }
        return .text
    }
}
