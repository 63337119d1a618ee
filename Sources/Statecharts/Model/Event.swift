/// An SCXML event as the interpreter sees it (`_event`).
public struct Event: Hashable, Sendable {
    /// Where an event came from.
    public enum Kind: String, Hashable, Sendable {
        /// Raised by the platform (errors, `done.*`).
        case platform
        /// Raised by `<raise>` or `<send target="#_internal">`.
        case `internal`
        /// Delivered through the external queue.
        case external
    }

    /// The event name.
    public var name: String
    /// The event type.
    public var type: Kind
    /// The send id of the `<send>` that produced it, if any.
    public var sendID: String?
    /// The URI of the sending session, if any.
    public var origin: String?
    /// The I/O processor type of `origin`.
    public var originType: String?
    /// The invoke id when the event came from an invoked child.
    public var invokeID: String?
    /// The payload.
    public var data: Value

    /// Creates an event.
    @inlinable
    public init(
        name: String, type: Kind = .external, sendID: String? = nil, origin: String? = nil, originType: String? = nil,
        invokeID: String? = nil, data: Value = .null
    ) {
        self.name = name
        self.type = type
        self.sendID = sendID
        self.origin = origin
        self.originType = originType
        self.invokeID = invokeID
        self.data = data
    }

    /// The `_event` object: name, type, sendid, origin, origintype, invokeid and data.
    public var value: Value {
        .object([
            "name": .string(name), "type": .string(type.rawValue), "sendid": sendID.map(Value.string) ?? .null,
            "origin": origin.map(Value.string) ?? .null, "origintype": originType.map(Value.string) ?? .null,
            "invokeid": invokeID.map(Value.string) ?? .null, "data": data,
        ])
    }

    /// The SCXML Event I/O Processor's type URI.
    public static let scxmlProcessor = "http://www.w3.org/TR/scxml/#SCXMLEventProcessor"

    /// The Basic HTTP Event I/O Processor's type URI (recognised, but the engine never dispatches over HTTP).
    public static let basicHTTPProcessor = "http://www.w3.org/TR/scxml/#BasicHTTPEventProcessor"
}

/// An event arriving from outside the engine, with the instant it happened.
///
/// It holds only what an outside sender can set (name, payload, origin), so building and passing one copies no more
/// than those; ``event`` is the `_event` it becomes.
public struct ExternalEvent: Hashable, Sendable {
    /// The event name.
    public var name: String
    /// The payload.
    public var data: Value
    /// The URI of the sender, if any.
    public var origin: String?
    /// When the event happened; the clock of the macrostep it triggers.
    public var time: Instant
    /// When set, the event is the firing of this pending timer and the name, payload and origin are ignored.
    public var timerID: String?

    /// Creates an external event with a name and payload, or, given a timer, the firing of that pending timer (see
    /// ``Effect/scheduleTimer(_:)``; the name, payload and origin are then ignored).
    @inlinable
    public init(name: String, data: Value = .null, at time: Instant, origin: String? = nil, timer: String? = nil) {
        self.name = name
        self.data = data
        self.origin = origin
        self.time = time
        self.timerID = timer
    }

    /// The event as the interpreter binds it to `_event` (type external).
    @inlinable
    public var event: Event { Event(name: name, type: .external, origin: origin, data: data) }

    /// Creates the firing of a pending timer (see ``Effect/scheduleTimer(_:)``).
    public static func timer(_ id: String, at time: Instant) -> ExternalEvent {
        var event = ExternalEvent(name: "", at: time)
        event.timerID = id
        return event
    }
}
