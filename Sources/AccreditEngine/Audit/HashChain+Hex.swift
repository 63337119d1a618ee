import Statecharts

extension HashChain {
    /// The bytes of hexadecimal text, the inverse of ``hex(_:)``.
    ///
    /// - Returns: The bytes, or nil when the text is not an even number of hex digits.
    public static func bytes(hex text: String) -> [UInt8]? {
        Hex.decode(text)
    }
}
