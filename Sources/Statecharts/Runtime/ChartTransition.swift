/// One compiled transition.
struct ChartTransition: Sendable {
    var source: Int
    /// The event descriptors, normalised.
    var events: [EventDescriptor]
    var cond: Expression?
    var targets: [Int]
    var isInternal: Bool
    var content: [Action]
    var line: Int
    /// The authored element, with its extension attributes.
    var model: Transition
    /// The transition domain when it does not depend on history values (no history targets), else nil.
    var staticDomain: Int? = nil

    /// Whether the descriptors match an event name (token-prefix match).
    func matches(_ name: String) -> Bool {
        events.contains { $0.matches(name) }
    }
}
