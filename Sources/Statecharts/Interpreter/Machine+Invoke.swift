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
        guard depth < Self.invocationDepthLimit else {
            raiseError(
                "error.execution", message: "invoked sessions nest more than \(Self.invocationDepthLimit) deep",
                line: line)
            return
        }
        guard liveSessions < Self.liveSessionLimit else {
            raiseError(
                "error.execution",
                message: "more than \(Self.liveSessionLimit) sessions would be running at once in this session's tree",
                line: line)
            return
        }
        var document: ChildDocument?
        let childChart: Chart
        if let chosen = declaration.child {
            childChart = chosen
        } else if let loaded = childDocument(declaration) {
            document = loaded
            childChart = loaded.chart
        } else {
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
        liveSessions += 1
        var machine = childMachine(childChart, child)
        machine.interpret(overrides: overrides)
        machine.run()
        session.invocations.append(
            Invocation(
                id: invokeID, state: state, invoke: index, autoforward: declaration.autoforward, child: nil,
                document: document))
        absorb(machine, at: session.invocations.count - 1)
    }

    /// The child document an `<invoke>` chooses as it runs (`srcexpr`, `<content expr>`), compiled; nil, with
    /// `error.execution` raised, when it cannot be had.
    mutating func childDocument(_ declaration: ChartInvoke) -> ChildDocument? {
        let line = declaration.line
        let file = chart.document.file
        var text: DocumentText?
        let chosen =
            declaration.srcExpr.map { (construct: "srcexpr", expr: $0, wanted: "a URI string") }
            ?? declaration.contentExpr.map { (construct: "<content expr>", expr: $0, wanted: "an SCXML document") }
        if let chosen {
            guard let value = evaluate(chosen.expr, line: line) else { return nil }
            guard case .string(let string) = value else {
                raiseError(
                    "error.execution", message: "\(chosen.construct) gave \(value), not \(chosen.wanted)", line: line)
                return nil
            }
            guard let documents else { return refuseRunTimeDocument(chosen.construct, line: line) }
            do {
                text =
                    declaration.srcExpr != nil
                    ? try documents.text(at: string, from: file) : try documents.text(markup: string, from: file)
            } catch {
                raiseError("error.execution", message: error.message, line: line)
                return nil
            }
        }
        guard let text, let documents else {
            raiseError("error.execution", message: "the invoked document could not be loaded", line: line)
            return nil
        }
        let size = text.includes.values.reduce(text.markup.utf8.count) { $0 + $1.utf8.count }
        guard documentBytes + size <= Self.documentBytesPerCall else {
            raiseError(
                "error.execution",
                message: "the documents invoked in one step would exceed \(Self.documentBytesPerCall) bytes", line: line
            )
            return nil
        }
        documentBytes += size
        switch Self.compile(text, with: documents) {
        case .success(let document): return document
        case .failure(let error):
            raiseError("error.execution", message: error.message, line: line)
            return nil
        }
    }

    /// Raises `error.execution` for a document chosen at run time when the host lends no ``DocumentSource``.
    mutating func refuseRunTimeDocument(_ construct: String, line: Int) -> ChildDocument? {
        raiseError(
            "error.execution",
            message: "\(construct) chooses the invoked document as it runs, and this host loads none: name it with "
                + "src or an inline <content>", line: line)
        return nil
    }

    /// Parses and compiles a child document's text.
    static func compile(_ text: DocumentText, with documents: any DocumentSource)
        -> Result<ChildDocument, DocumentSourceError>
    {
        do throws(DocumentSourceError) {
            let document = try documents.document(text)
            switch ChartBuilder.build(document) {
            case .success(let chart): return .success(ChildDocument(text: text, chart: chart))
            case .failure(let error):
                let first = error.issues.first { $0.severity == .error }
                return .failure(
                    DocumentSourceError(
                        message: "the invoked document does not compile: "
                            + (first.map { "\($0.file):\($0.line): \($0.message)" } ?? "\(error)")))
            }
        } catch {
            return .failure(error)
        }
    }

    /// The chart an invocation's child runs.
    func childChart(_ invocation: Invocation) -> Chart? {
        invocation.document?.chart ?? chart.states[invocation.state].invokes[invocation.invoke].child
    }

    /// A machine for a child session of this one, sharing its host, clock, timer order and tracing.
    func childMachine(_ childChart: Chart, _ child: Session) -> Machine {
        var machine = Machine(chart: childChart, session: child, host: host, now: now, timerSequence: timerSequence)
        machine.tracing = tracing
        machine.documentBox = documentBox
        machine.depth = depth + 1
        // One call's budgets are shared by every session it runs.
        machine.microsteps = microsteps
        machine.liveSessions = liveSessions
        machine.documentBytes = documentBytes
        return machine
    }

    /// Runs one macrostep of a child session within this session's run.
    mutating func runChild(at position: Int) {
        let invocation = session.invocations[position]
        guard let child = invocation.child, let childChart = childChart(invocation) else { return }
        session.invocations[position].child = nil
        var machine = childMachine(childChart, child)
        _ = machine.runOneMacrostep()
        absorb(machine, at: position)
    }

    /// Takes back a child machine's session, effects, trace and events for this session.
    mutating func absorb(_ machine: Machine, at position: Int) {
        effects += machine.effects
        trace += machine.trace
        pendingLogs += machine.pendingLogs
        timerSequence = machine.timerSequence
        microsteps = machine.microsteps
        liveSessions = machine.liveSessions
        documentBytes = machine.documentBytes
        runaway = runaway || machine.runaway
        let invokeID = session.invocations[position].id
        for var event in machine.toParent {
            event.invokeID = invokeID
            session.externalQueue.append(event)
        }
        if machine.session.running {
            session.invocations[position].child = machine.session
        } else {
            // A finished child's document is not needed again, so snapshots do not carry it. (Its own children
            // were cancelled as it exited, and counted out then.)
            liveSessions -= 1
            session.invocations[position].child = nil
            session.invocations[position].document = nil
        }
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
            guard let child = invocation.child, let childChart = childChart(invocation) else { continue }
            liveSessions -= child.liveSessionCount
            var machine = childMachine(childChart, child)
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
