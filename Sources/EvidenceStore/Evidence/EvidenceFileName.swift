/// Display-only evidence file names: never used to build a path, and cleaned of anything that could mislead.
public enum EvidenceFileName {
    /// The cleaned name: the last path component, without control characters, bidirectional overrides or leading
    /// dots, at most 255 UTF-8 bytes, and `evidence` when nothing is left.
    public static func sanitise(_ raw: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String.UnicodeScalarView()
        for scalar in lastComponent.unicodeScalars {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            let isBidi =
                (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E
                || value == 0x200F || value == 0x061C
            if !isControl && !isBidi { cleaned.append(scalar) }
        }
        var name = String(cleaned).trimmingSpaces
        while name.hasPrefix(".") { name.removeFirst() }
        while name.utf8.count > 255 { name.removeLast() }
        return name.isEmpty ? "evidence" : name
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
