extension SessionCoder {
    /// The state index for an id (`""` is the `<scxml>` root).
    func state(_ id: String, at path: String) throws(SnapshotError) -> Int {
        if id.isEmpty { return 0 }
        guard let state = chart.index[id] else {
            throw SnapshotError(message: "\(path) names state '\(id)', which this document does not have")
        }
        return state
    }

    func states(_ reader: ValueReader, _ key: String) throws(SnapshotError) -> [Int] {
        var result: [Int] = []
        for element in try reader.array(key) {
            guard case .string(let id) = element.value else {
                throw SnapshotError(message: "\(element.path) is not a state id")
            }
            result.append(try state(id, at: element.path))
        }
        return result
    }

    func stateSet(_ reader: ValueReader, _ key: String) throws(SnapshotError) -> StateSet {
        var set = StateSet(capacity: chart.states.count)
        for state in try states(reader, key) { set.insert(state) }
        return set
    }

    func decode(_ reader: ValueReader) throws(SnapshotError) -> Session {
        var session = Session(
            sessionID: try reader.string("id"), parentSessionID: try reader.optionalString("parent"),
            stateCount: chart.states.count)
        session.invokeID = try reader.optionalString("invokeid")
        session.finalState = try reader.optionalString("final").map { (id) throws(SnapshotError) in
            try state(id, at: reader.path)
        }
        session.configuration = try stateSet(reader, "configuration")
        session.bound = try stateSet(reader, "bound")
        session.data = try reader.object("data")
        let history = try reader.reader("history")
        for (id, _) in try reader.object("history") {
            session.history[try state(id, at: history.path)] = try states(history, id)
        }
        session.internalQueue = try reader.array("internal").map { (element) throws(SnapshotError) in
            try decodeEvent(element)
        }
        session.externalQueue = try reader.array("external").map { (element) throws(SnapshotError) in
            try decodeEvent(element)
        }
        session.running = try reader.bool("running")
        let event = try reader.field("event")
        session.event = event == .null ? nil : try decodeEvent(reader.reader("event"))
        session.counter = try reader.int("counter")
        session.invocations = try reader.array("invocations").map { (element) throws(SnapshotError) in
            try decodeInvocation(element)
        }
        session.timers = try reader.array("timers").map { (element) throws(SnapshotError) in try decodeTimer(element) }
        return session
    }

    func decodeInvocation(_ reader: ValueReader) throws(SnapshotError) -> Invocation {
        let owner = try state(try reader.string("state"), at: reader.path)
        let index = try reader.int("invoke")
        guard chart.states[owner].invokes.indices.contains(index) else {
            throw SnapshotError(message: "\(reader.path).invoke does not name an <invoke> of its state")
        }
        let declared = chart.states[owner].invokes[index]
        let running = try reader.field("child") != .null
        let document = try decodeDocument(reader)
        if declared.child == nil, running, document == nil {
            throw SnapshotError(
                message: "\(reader.path) runs a child whose document was chosen at run time, but records no document")
        }
        if document != nil, declared.child != nil || !running {
            throw SnapshotError(
                message: "\(reader.path).document belongs only to a running child whose document was chosen at run "
                    + "time")
        }
        var child: Session?
        if running, let childChart = document?.chart ?? declared.child {
            guard depth < Machine.invocationDepthLimit else {
                throw SnapshotError(
                    message: "\(reader.path).child nests invoked sessions more than "
                        + "\(Machine.invocationDepthLimit) deep")
            }
            child = try SessionCoder(chart: childChart, documents: documents, depth: depth + 1, format: format)
                .decode(reader.reader("child"))
        }
        return Invocation(
            id: try reader.string("id"), state: owner, invoke: index, autoforward: try reader.bool("autoforward"),
            child: child, document: document)
    }

    /// The child document an invocation chose at run time, compiled again from the text the snapshot recorded.
    func decodeDocument(_ reader: ValueReader) throws(SnapshotError) -> ChildDocument? {
        guard case .object(let fields) = reader.value, let recorded = fields["document"], recorded != .null else {
            return nil
        }
        guard format >= 2 else {
            throw SnapshotError(message: "\(reader.path).document needs format 2; this snapshot says format \(format)")
        }
        let fieldReader = try reader.reader("document")
        var includes: [String: String] = [:]
        for (path, value) in try fieldReader.object("includes") {
            guard case .string(let included) = value else {
                throw SnapshotError(message: "\(fieldReader.path).includes['\(path)'] is not a string")
            }
            includes[path] = included
        }
        let text = DocumentText(
            markup: try fieldReader.string("markup"), file: try fieldReader.string("file"), includes: includes)
        guard let documents else {
            throw SnapshotError(
                message: "\(fieldReader.path) is a child document chosen at run time, and this interpreter has no "
                    + "document source to compile it with")
        }
        switch Machine.compile(text, with: documents) {
        case .success(let document): return document
        case .failure(let error): throw SnapshotError(message: "\(fieldReader.path): \(error.message)")
        }
    }

    func decodeTimer(_ reader: ValueReader) throws(SnapshotError) -> PendingTimer {
        guard let due = Instant(iso8601: try reader.string("due")) else {
            throw SnapshotError(message: "\(reader.path).due is not an ISO 8601 instant")
        }
        let text = try reader.string("target")
        let target: PendingTimer.Target
        switch text {
        case "this": target = .this
        case "internal": target = .internal
        case "parent": target = .parent
        case _ where text.hasPrefix("child:"): target = .child(String(text.dropFirst(6)))
        case _ where text.hasPrefix("external:"): target = .external(String(text.dropFirst(9)))
        default: throw SnapshotError(message: "\(reader.path).target '\(text)' is unknown")
        }
        return PendingTimer(
            id: try reader.string("id"), sendID: try reader.string("sendid"), due: due,
            sequence: try reader.int("sequence"), target: target, event: try decodeEvent(reader.reader("event")))
    }

    func decodeEvent(_ reader: ValueReader) throws(SnapshotError) -> Event {
        guard let type = Event.Kind(rawValue: try reader.string("type")) else {
            throw SnapshotError(message: "\(reader.path).type is not platform, internal or external")
        }
        return Event(
            name: try reader.string("name"), type: type, sendID: try reader.optionalString("sendid"),
            origin: try reader.optionalString("origin"), originType: try reader.optionalString("origintype"),
            invokeID: try reader.optionalString("invokeid"), data: try reader.field("data"))
    }
}
