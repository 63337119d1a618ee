extension Machine {
    /// `interpret`: binds the datamodel, enters the initial configuration and runs the first macrostep.
    /// - Parameter overrides: Values passed by an invoking parent (`namelist`/`<param>`) for top-level data ids.
    mutating func interpret(overrides: [String: Value] = [:]) {
        if chart.lateBinding { declareData() }
        initializeDatamodel(state: 0, overrides: overrides)
        if !chart.lateBinding {
            for state in chart.states.indices.dropFirst() { initializeDatamodel(state: state) }
        }
        if let initial = chart.states[0].initialTransition {
            enterStates([initial])
        }
        macrostep()
        record(event: nil)
    }

    /// The inner loop of `mainEventLoop`: eventless transitions and internal events until the
    /// configuration is stable, then the pending invokes; ends the session when it reaches a top-level final.
    mutating func macrostep() {
        while !runaway {
            while session.running, !runaway {
                var enabledTransitions = selectEventlessTransitions()
                if enabledTransitions.isEmpty {
                    if session.internalQueue.isEmpty { break }
                    let internalEvent = session.internalQueue.removeFirst()
                    setEvent(internalEvent)
                    enabledTransitions = selectTransitions(internalEvent)
                }
                if !enabledTransitions.isEmpty {
                    microstep(enabledTransitions)
                }
            }
            if runaway { return }
            if !session.running {
                exitInterpreter()
                return
            }
            for state in statesToInvoke.members {
                for index in chart.states[state].invokes.indices { invoke(state: state, index: index) }
            }
            statesToInvoke.removeAll()
            if session.internalQueue.isEmpty { return }
        }
    }

    /// The external half of `mainEventLoop`: finalize and autoforward, then the event's transitions and a macrostep.
    mutating func processExternalEvent(_ externalEvent: Event) {
        guard session.running else { return }
        setEvent(externalEvent)
        for position in session.invocations.indices {
            let invocation = session.invocations[position]
            if invocation.id == externalEvent.invokeID {
                applyFinalize(invocation)
            }
            if invocation.autoforward, session.invocations[position].child != nil {
                session.invocations[position].child?.externalQueue.append(externalEvent)
            }
        }
        let enabledTransitions = selectTransitions(externalEvent)
        if firstEventEnabledTransition == nil { firstEventEnabledTransition = !enabledTransitions.isEmpty }
        if !enabledTransitions.isEmpty {
            microstep(enabledTransitions)
        }
        macrostep()
        record(event: externalEvent.name)
    }

    /// Processes queued external events of this session and its children until nothing is pending.
    mutating func run() {
        while runOneMacrostep() {}
    }

    /// Runs one macrostep somewhere in this session tree: this session's next external event first, otherwise
    /// the first child (in invoke order) with pending work.
    /// - Returns: false when nothing was pending.
    mutating func runOneMacrostep() -> Bool {
        guard session.running, !runaway else { return false }
        if !session.externalQueue.isEmpty {
            processExternalEvent(session.externalQueue.removeFirst())
            return true
        }
        guard let position = session.invocations.firstIndex(where: { $0.child?.hasPendingWork ?? false }) else {
            return false
        }
        runChild(at: position)
        return true
    }

    /// `exitInterpreter`: exits every state in exit order, cancels invokes and timers, and returns the done event
    /// (not when the parent `cancelled` the session).
    mutating func exitInterpreter(cancelled: Bool = false) {
        for state in session.configuration.members.reversed() {
            for block in chart.states[state].onExit { executeContent(block) }
            cancelInvokes(of: state)
            session.configuration.remove(state)
            if !cancelled, chart.states[state].isFinal, chart.states[state].parent == 0 {
                session.finalState = state
                returnDoneEvent(state)
            }
        }
        session.running = false
        session.internalQueue.removeAll()
        session.externalQueue.removeAll()
        cancelAllTimers()
    }

    /// Sends `done.invoke.<id>` with the final state's done data to the parent.
    mutating func returnDoneEvent(_ state: Int) {
        guard let invokeID = session.invokeID else { return }
        let data = doneData(of: state)
        toParent.append(Event(name: "done.invoke." + invokeID, type: .external, invokeID: invokeID, data: data))
    }

    /// Appends a trace record for a finished macrostep.
    mutating func record(event: String?) {
        guard tracing else { return }
        let configuration = session.running ? configurationIDs : session.finalState.map { [chart.states[$0].id] } ?? []
        trace.append(
            MacrostepRecord(
                sessionID: session.sessionID, event: event, configuration: configuration, time: now, logs: pendingLogs))
        pendingLogs = []
    }
}
