extension Snapshot {
    /// The newest version of the snapshot JSON layout; restoring reads it and every earlier one, and refuses others.
    ///
    /// Format 2 records the text of each child document chosen at run time (`<invoke srcexpr>`, `<content expr>`).
    /// A snapshot that holds none is still written as format 1, byte for byte as before, so that stored snapshots and
    /// their hashes do not change, and an engine that cannot run such a child refuses the snapshot instead of
    /// dropping the child.
    public static let format = 2

    /// The format this snapshot is written in: 2 when it holds a child document chosen at run time, else 1.
    var writtenFormat: Int { root.holdsRunTimeDocument ? 2 : 1 }

    /// The snapshot as canonical JSON (sorted keys, no insignificant whitespace).
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(value)
    }

    /// The snapshot as a JSON value; state ids (not indices) name states so the text is readable.
    public var value: Value {
        .object([
            "format": .integer(Int64(writtenFormat)), "time": .string(time.iso8601),
            "timerSequence": .integer(Int64(timerSequence)),
            "root": SessionCoder(chart: chart).encode(root),
        ])
    }
}

/// Converts sessions to and from JSON values, mapping state indices to ids through the session's chart.
struct SessionCoder {
    let chart: Chart
    /// Parses the child documents a snapshot records (decoding only); nil refuses a snapshot that holds one.
    var documents: (any DocumentSource)? = nil
    /// How many invokes the sessions being decoded are nested in.
    var depth = 0
    /// The format of the snapshot being decoded.
    var format = Snapshot.format

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
        let declared = chart.states[invocation.state].invokes[invocation.invoke]
        if let session = invocation.child, let childChart = invocation.document?.chart ?? declared.child {
            child = SessionCoder(chart: childChart).encode(session)
        } else {
            child = .null
        }
        var fields: [String: Value] = [
            "id": .string(invocation.id), "state": .string(chart.states[invocation.state].id),
            "invoke": .integer(Int64(invocation.invoke)), "autoforward": .bool(invocation.autoforward), "child": child,
        ]
        if let document = invocation.document {
            fields["document"] = .object([
                "markup": .string(document.text.markup), "file": .string(document.text.file),
                "includes": .object(document.text.includes.mapValues(Value.string)),
            ])
        }
        return .object(fields)
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
