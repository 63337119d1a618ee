extension Snapshot {
    /// The version of the snapshot JSON layout; restoring refuses other versions.
    public static let format = 1

    /// The snapshot as canonical JSON (sorted keys, no insignificant whitespace).
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(value)
    }

    /// The snapshot as a JSON value; state ids (not indices) name states so the text is readable.
    public var value: Value {
        .object([
            "format": .integer(Int64(Snapshot.format)), "time": .string(time.iso8601),
            "timerSequence": .integer(Int64(timerSequence)),
            "root": SessionCoder(chart: chart).encode(root),
        ])
    }
}

/// Converts sessions to and from JSON values, mapping state indices to ids through the session's chart.
struct SessionCoder {
    let chart: Chart

    func ids(_ states: [Int]) -> Value { .array(states.map { .string(chart.states[$0].id) }) }

    func encode(_ session: Session) -> Value {
        var history: [String: Value] = [:]
        for (state, stored) in session.history { history[chart.states[state].id] = ids(stored) }
        return .object([
            "id": .string(session.sessionID), "parent": session.parentSessionID.map(Value.string) ?? .null,
            "invokeid": session.invokeID.map(Value.string) ?? .null,
            "final": session.finalState.map { .string(chart.states[$0].id) } ?? .null,
            "configuration": ids(session.configuration.members), "data": .object(session.data),
            "history": .object(history), "bound": ids(session.bound.members),
            "internal": .array(session.internalQueue.map(\.value)),
            "external": .array(session.externalQueue.map(\.value)), "running": .bool(session.running),
            "event": session.event?.value ?? .null, "counter": .integer(Int64(session.counter)),
            "invocations": .array(session.invocations.map(encode)), "timers": .array(session.timers.map(encode)),
        ])
    }

    func encode(_ invocation: Invocation) -> Value {
        let child: Value
        if let session = invocation.child,
            let childChart = chart.states[invocation.state].invokes[invocation.invoke].child
        {
            child = SessionCoder(chart: childChart).encode(session)
        } else {
            child = .null
        }
        return .object([
            "id": .string(invocation.id), "state": .string(chart.states[invocation.state].id),
            "invoke": .integer(Int64(invocation.invoke)), "autoforward": .bool(invocation.autoforward), "child": child,
        ])
    }

    func encode(_ timer: PendingTimer) -> Value {
        let target: String
        switch timer.target {
        case .this: target = "this"
        case .internal: target = "internal"
        case .parent: target = "parent"
        case .child(let id): target = "child:" + id
        case .external(let uri): target = "external:" + uri
        }
        return .object([
            "id": .string(timer.id), "sendid": .string(timer.sendID), "due": .string(timer.due.iso8601),
            "sequence": .integer(Int64(timer.sequence)), "target": .string(target), "event": timer.event.value,
        ])
    }
}
