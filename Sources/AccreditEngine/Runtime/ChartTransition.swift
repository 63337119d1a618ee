/// One compiled transition.
struct ChartTransition: Sendable {
    var source: Int
    /// Event descriptors with any trailing `.*` or `.` removed; `"*"` matches everything.
    var events: [String]
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
        for descriptor in events {
            if descriptor == "*" || descriptor == name { return true }
            if name.hasPrefix(descriptor), name.utf8.count > descriptor.utf8.count {
                let next = name.utf8[name.utf8.index(name.utf8.startIndex, offsetBy: descriptor.utf8.count)]
                if next == UInt8(ascii: ".") { return true }
            }
        }
        return false
    }
}
