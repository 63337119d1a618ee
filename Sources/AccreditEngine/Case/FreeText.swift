/// The rule for text people write into a case or a register (grounds, summaries, reports): not blank, within a
/// length, and free of control characters other than line breaks and tabs.
public enum FreeText {
    /// Whether `text` is 1 to `limit` characters (Unicode scalars), not all blank, without control characters but
    /// line breaks and tabs.
    public static func isValid(_ text: String, limit: Int) -> Bool {
        !text.allSatisfy(\.isWhitespace) && text.unicodeScalars.count <= limit
            && !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
    }
}
