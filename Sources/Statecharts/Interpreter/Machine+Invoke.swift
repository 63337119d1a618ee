extension Machine {
    /// `invoke`: starts a child session for an `<invoke>` of an entered state and runs its first macrostep.
    mutating func invoke(state: Int, index: Int) {
        let declaration = chart.states[state].invokes[index]
        let line = declaration.line
        if let typeExpr = declaration.typeExpr {
            guard case .string(let type)? = evaluate(typeExpr, line: line) else { return }
            guard ["http://www.w3.org/TR/scxml/", "scxml", "http://www.w3.org/TR/scxml"].contains(type) else {
                raiseError("error.execution", message: "unsupported invoke type '\(type)'", line: line)
                return
            }
        } else if !declaration.typeIsSupported {
            raiseError("error.execution", message: "unsupported invoke type", line: line)
            return
        }
        session.counter += 1
        let invokeID = declaration.id ?? "\(chart.states[state].id).\(session.sessionID).\(session.counter)"
        if let location = declaration.idLocation, !assign(.string(invokeID), to: location, line: line) { return }
        guard let childChart = declaration.child else {
            raiseError("error.execution", message: "the invoked document could not be loaded", line: line)
            return
        }
        guard
            let passed = eventData(namelist: declaration.namelist, params: declaration.params, content: nil, line: line)
        else { return }
        var overrides: [String: Value] = [:]
        if case .object(let members) = passed { overrides = members }
        var child = Session(
            sessionID: "\(session.sessionID).\(session.counter)", parentSessionID: session.sessionID,
            stateCount: childChart.states.count)
        child.invokeID = invokeID
        var machine = Machine(chart: childChart, session: child, host: host, now: now, timerSequence: timerSequence)
        machine.tracing = tracing
        machine.interpret(overrides: overrides)
        machine.run()
        session.invocations.append(
            Invocation(id: invokeID, state: state, invoke: index, autoforward: declaration.autoforward, child: nil))
        absorb(machine, at: session.invocations.count - 1)
    }

    /// Runs one macrostep of a child session within this session's run.
    mutating func runChild(at position: Int) {
        let invocation = session.invocations[position]
        guard let child = invocation.child,
            let childChart = chart.states[invocation.state].invokes[invocation.invoke].child
        else { return }
        session.invocations[position].child = nil
        var machine = Machine(chart: childChart, session: child, host: host, now: now, timerSequence: timerSequence)
        machine.tracing = tracing
        _ = machine.runOneMacrostep()
        absorb(machine, at: position)
    }

    /// Takes back a child machine's session, effects, trace and events for this session.
    mutating func absorb(_ machine: Machine, at position: Int) {
        effects += machine.effects
        trace += machine.trace
        pendingLogs += machine.pendingLogs
        timerSequence = machine.timerSequence
        microsteps += machine.microsteps
        runaway = runaway || machine.runaway
        let invokeID = session.invocations[position].id
        for var event in machine.toParent {
            event.invokeID = invokeID
            session.externalQueue.append(event)
        }
        session.invocations[position].child = machine.session.running ? machine.session : nil
    }

    /// `cancelInvoke` for every invocation started by a state being exited: the child exits its states (running
    /// their `<onexit>`), its timers are cancelled, and nothing it sends reaches this session any more.
    mutating func cancelInvokes(of state: Int) {
        var position = 0
        while position < session.invocations.count {
            guard session.invocations[position].state == state else {
                position += 1
                continue
            }
            let invocation = session.invocations.remove(at: position)
            guard let child = invocation.child,
                let childChart = chart.states[invocation.state].invokes[invocation.invoke].child
            else { continue }
            var machine = Machine(chart: childChart, session: child, host: host, now: now, timerSequence: timerSequence)
            machine.tracing = tracing
            machine.exitInterpreter(cancelled: true)
            effects += machine.effects
            pendingLogs += machine.pendingLogs
            timerSequence = machine.timerSequence
        }
    }

    /// `applyFinalize`: runs the `<finalize>` of the invoke an event came from.
    mutating func applyFinalize(_ invocation: Invocation) {
        executeContent(chart.states[invocation.state].invokes[invocation.invoke].finalize)
    }
}
