import Statecharts

/// One item of evidence a criterion expects, such as "the board's patient safety report for the last 4 quarters".
public struct ExpectedEvidence: Hashable, Sendable {
    /// What the evidence is.
    public var description: String
    /// Media types or file kinds that usually carry it, such as `application/pdf`; empty when any will do.
    public var mediaHints: [String]

    /// Creates an expected evidence item.
    public init(description: String, mediaHints: [String] = []) {
        self.description = description
        self.mediaHints = mediaHints
    }
}
