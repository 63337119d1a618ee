/// A child document chosen when its `<invoke>` ran: the text it was given, and that text compiled.
///
/// Two are equal when their texts are: the chart is derived from the text.
struct ChildDocument: Sendable, Hashable {
    /// The text, recorded in snapshots so that a restore can compile it again.
    let text: DocumentText
    /// The compiled document.
    let chart: Chart

    static func == (lhs: ChildDocument, rhs: ChildDocument) -> Bool { lhs.text == rhs.text }

    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
