extension Machine {
    /// `<send>`: evaluates its attributes in order, then delivers now, queues internally, or schedules a timer.
    mutating func send(_ send: ChartSend, line: Int) -> Bool {
        guard let name = string(send.event, send.eventExpr, line: line),
            let targetText = optionalString(send.target, send.targetExpr, line: line),
            let type = optionalString(send.type, send.typeExpr, line: line)
        else { return false }
        if let type, type != Event.scxmlProcessor, type != "scxml" {
            if type == Event.basicHTTPProcessor || type == "basichttp" {
                raiseError(
                    "error.communication", message: "the engine does no HTTP: cannot dispatch '\(type)'", line: line)
                return true
            }
            raiseError("error.execution", message: "unsupported send type '\(type)'", line: line)
            return false
        }
        // The event carries a send id only when the author named one (id) or asked for one (idlocation).
        let sendID: String
        var visibleID: String?
        if let id = send.id {
            sendID = id
            visibleID = id
        } else {
            session.counter += 1
            sendID = "send.\(session.counter)"
            if let location = send.idLocation {
                guard assign(.string(sendID), to: location, line: line) else { return false }
                visibleID = sendID
            }
        }
        var delay = send.delay ?? Delay()
        if let delayExpr = send.delayExpr {
            guard let value = evaluate(delayExpr, line: line) else { return false }
            guard case .string(let text) = value, let parsed = Delay(parsing: text) else {
                raiseError("error.execution", message: "'\(value)' is not a delay such as 2s or P60D", line: line)
                return false
            }
            delay = parsed
        }
        guard let data = eventData(namelist: send.namelist, params: send.params, content: send.content, line: line)
        else {
            return false
        }
        var event = Event(
            name: name, type: .external, sendID: visibleID, origin: "#_scxml_" + session.sessionID,
            originType: Event.scxmlProcessor, data: data)
        guard let target = resolveTarget(targetText, sendID: sendID, line: line) else {
            return targetText.map { $0.hasPrefix("#_") } ?? false
        }
        if target == .internal { event.type = .internal }
        if delay.isZero {
            deliver(event, to: target)
        } else {
            timerSequence += 1
            let timer = PendingTimer(
                id: "\(session.sessionID)/\(sendID)/\(timerSequence)", sendID: sendID, due: delay.after(now),
                sequence: timerSequence, target: target, event: event)
            session.timers.append(timer)
            effects.append(
                .scheduleTimer(TimerRequest(id: timer.id, due: timer.due, event: event, sessionID: session.sessionID)))
        }
        return true
    }

    /// Maps a target URI to a destination; raises error.execution (unsupported) or error.communication (unreachable).
    mutating func resolveTarget(_ target: String?, sendID: String, line: Int) -> PendingTimer.Target? {
        guard let target else { return .this }
        if target == "#_internal" { return .internal }
        if target == "#_parent" {
            if session.parentSessionID != nil { return .parent }
        } else if target.hasPrefix("#_scxml_") {
            let id = String(target.dropFirst(8))
            if id == session.sessionID { return .this }
            if id == session.parentSessionID { return .parent }
            if let child = session.invocations.first(where: { $0.child?.sessionID == id }) { return .child(child.id) }
        } else if target.hasPrefix("#_") {
            let id = String(target.dropFirst(2))
            if session.invocations.contains(where: { $0.id == id && $0.child != nil }) { return .child(id) }
        } else if target.contains(":") {
            return .external(target)
        } else {
            raiseError("error.execution", sendID: sendID, message: "unsupported send target '\(target)'", line: line)
            return nil
        }
        raiseError("error.communication", sendID: sendID, message: "cannot reach '\(target)'", line: line)
        return nil
    }

    /// Puts an event where its target says, now.
    mutating func deliver(_ event: Event, to target: PendingTimer.Target) {
        switch target {
        case .this: session.externalQueue.append(event)
        case .internal: session.internalQueue.append(event)
        case .parent: toParent.append(event)
        case .child(let id):
            if let position = session.invocations.firstIndex(where: { $0.id == id }) {
                session.invocations[position].child?.externalQueue.append(event)
            }
        case .external(let uri):
            effects.append(.send(OutgoingEvent(target: uri, event: event, sessionID: session.sessionID)))
        }
    }

    /// `<cancel>`: forgets this session's pending timers with the send id.
    mutating func cancel(sendID: String?, sendIDExpr: Expression?, line: Int) -> Bool {
        guard let id = string(sendID, sendIDExpr, line: line) else { return false }
        session.timers.removeAll { timer in
            guard timer.sendID == id else { return false }
            effects.append(.cancelTimer(id: timer.id))
            return true
        }
        return true
    }

    /// Cancels every timer of this session and of its children.
    mutating func cancelAllTimers() {
        for id in session.allTimerIDs { effects.append(.cancelTimer(id: id)) }
        session.timers.removeAll()
    }

    /// A literal or evaluated string attribute; nil (with error.execution queued) on failure.
    mutating func string(_ literal: String?, _ expr: Expression?, line: Int) -> String? {
        guard let expr else { return literal ?? "" }
        guard let value = evaluate(expr, line: line) else { return nil }
        if case .string(let text) = value { return text }
        return CanonicalJSON.encode(value)
    }

    /// Like ``string(_:_:line:)`` but distinguishing absence; nil on failure.
    mutating func optionalString(_ literal: String?, _ expr: Expression?, line: Int) -> String?? {
        guard literal != nil || expr != nil else { return .some(nil) }
        guard let text = string(literal, expr, line: line) else { return nil }
        return .some(text)
    }
}

extension Session {
    /// The ids of this session's pending timers and all its descendants'.
    var allTimerIDs: [String] {
        timers.map(\.id) + invocations.flatMap { $0.child?.allTimerIDs ?? [] }
    }
}
