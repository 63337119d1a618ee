/// An SCXML event descriptor (§3.12.1), as written in a transition's `event` attribute.
///
/// `*` matches every event. Any other descriptor matches the event of the same name and every event whose name
/// continues it with more `.`-separated tokens: `a.b` matches `a.b` and `a.b.c`, not `a.bc`. A trailing `.*` or `.`
/// is ignored. This is the one implementation of the rule: the interpreter, and anything that reasons about which
/// transitions an event selects, use it.
public struct EventDescriptor: Hashable, Sendable {
    /// The event name the descriptor stands for: `a.b.*` and `a.b.` become `a.b`; the wildcard stays `*`.
    public let name: String

    /// Normalises a descriptor as written.
    /// - Parameter descriptor: One token of an `event` attribute, such as `evidence.*`.
    public init(_ descriptor: String) {
        var name = Substring(descriptor)
        if name.hasSuffix(".*") { name = name.dropLast(2) }
        while name.hasSuffix(".") { name = name.dropLast() }
        self.name = String(name)
    }

    /// Whether this is the wildcard `*`, which matches every event.
    public var isWildcard: Bool { name == "*" }

    /// Whether the descriptor matches an event name (token-prefix match).
    /// - Parameter event: The name of the event being delivered.
    /// - Returns: True when the event selects transitions carrying this descriptor.
    public func matches(_ event: String) -> Bool {
        if name == "*" || name == event { return true }
        guard event.hasPrefix(name), event.utf8.count > name.utf8.count else { return false }
        let next = event.utf8[event.utf8.index(event.utf8.startIndex, offsetBy: name.utf8.count)]
        return next == UInt8(ascii: ".")
    }
}

extension Transition {
    /// The transition's event descriptors, normalised; empty for an eventless transition.
    public var descriptors: [EventDescriptor] { events.map(EventDescriptor.init) }
}
