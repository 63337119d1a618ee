extension ChartBuilder {
    /// Parses an optional expression, recording a located issue when it does not parse.
    mutating func expression(_ source: String?, line: Int) -> Expression? {
        guard let source else { return nil }
        do {
            return try Expression(source, dialect: dialect)
        } catch {
            issues.append(issue(line, "scxml.expression", "'\(source)': \(error.message)", column: error.column))
            return nil
        }
    }

    /// Parses an optional location expression.
    mutating func location(_ source: String?, line: Int) -> ChartLocation? {
        guard let source else { return nil }
        do {
            let location = try Location(source)
            guard !location.root.hasPrefix("_") else {
                // A system variable (5.10): read-only, so assigning to it raises error.execution when it runs.
                return unassignable(
                    source,
                    "system variable \(location.root) is read-only: assign to a data id declared in <datamodel>",
                    line: line, column: 1)
            }
            return ChartLocation(location: location, isSimple: location.root == source.trimmedWhitespace)
        } catch  where error.kind == .invalidLocation {
            // Well-formed but never assignable: the spec raises error.execution when it is assigned (5.4, 4.6).
            return unassignable(source, error.message, line: line, column: error.column)
        } catch {
            issues.append(issue(line, "scxml.location", "'\(source)': \(error.message)", column: error.column))
            return nil
        }
    }

    /// A location that can never be assigned: a warning now, and `error.execution` when it is assigned.
    mutating func unassignable(_ source: String, _ reason: String, line: Int, column: Int) -> ChartLocation {
        var warning = issue(line, "scxml.location", "'\(source)': \(reason)", column: column)
        warning.severity = .warning
        warnings.append(warning)
        return ChartLocation(location: Location(unassignable: source), isSimple: false, refusal: reason)
    }

    mutating func compileData(_ item: DataItem) -> ChartData {
        ChartData(
            id: item.id, expr: expression(item.expr, line: item.line),
            content: item.content.map { ContentValue.parse($0) }, line: item.line)
    }

    mutating func compileContent(_ content: Content) -> ChartContent {
        ChartContent(
            expr: expression(content.expr, line: content.line), value: content.text.map { ContentValue.parse($0) })
    }

    mutating func compileParam(_ param: Param) -> ChartParam? {
        expression(param.expr, line: param.line).map { ChartParam(name: param.name, expr: $0, line: param.line) }
    }

    mutating func compileNamelist(_ names: [String], line: Int) -> [(name: String, expr: Expression)] {
        names.compactMap { name in expression(name, line: line).map { (name: name, expr: $0) } }
    }

    mutating func compileInvoke(_ invoke: Invoke) -> ChartInvoke {
        var child: Chart?
        if let document = invoke.document?.document {
            switch ChartBuilder.build(document) {
            case .success(let chart):
                child = chart
                warnings += chart.warnings
            case .failure(let error):
                issues += error.issues.filter { $0.severity == .error }
                warnings += error.issues.filter { $0.severity == .warning }
            }
        } else if invoke.contentExpr == nil, invoke.srcExpr == nil, invoke.src == nil {
            issues.append(issue(invoke.line, "scxml.invoke", "<invoke> needs a child document (src or <content>)"))
        }
        let supported: Set<String> = ["http://www.w3.org/TR/scxml/", "scxml", "http://www.w3.org/TR/scxml"]
        return ChartInvoke(
            typeIsSupported: invoke.type.map { supported.contains($0) } ?? true,
            typeExpr: expression(invoke.typeExpr, line: invoke.line), id: invoke.id,
            idLocation: location(invoke.idLocation, line: invoke.line), autoforward: invoke.autoforward,
            namelist: compileNamelist(invoke.namelist, line: invoke.line),
            params: invoke.params.compactMap { compileParam($0) }, child: child,
            srcExpr: expression(invoke.srcExpr, line: invoke.line),
            contentExpr: expression(invoke.contentExpr, line: invoke.line), finalize: compileActions(invoke.finalize),
            line: invoke.line)
    }

    mutating func compileActions(_ content: [Executable]) -> [Action] {
        content.map { Action(kind: compileAction($0), line: $0.line) }
    }

    mutating func compileAction(_ element: Executable) -> ActionKind {
        let line = element.line
        switch element.kind {
        case .raise(let event):
            return .raise(event)
        case .send(let send):
            return .send(compileSend(send, line: line))
        case .cancel(let sendID, let sendIDExpr):
            return .cancel(sendID, expression(sendIDExpr, line: line))
        case .assign(let target, let expr, let content):
            guard let location = location(target, line: line) else { return .nothing }
            return .assign(location, expression(expr, line: line), content.map { ContentValue.parse($0) })
        case .log(let label, let expr):
            return .log(label, expression(expr, line: line))
        case .if(let branches):
            return .branches(branches.map { (cond: expression($0.cond, line: line), body: compileActions($0.body)) })
        case .foreach(let array, let item, let indexName, let body):
            guard let arrayExpr = expression(array, line: line), let itemLocation = location(item, line: line) else {
                return .nothing
            }
            return .foreach(
                array: arrayExpr, item: itemLocation, index: location(indexName, line: line), body: compileActions(body)
            )
        case .foreign:
            return .nothing
        }
    }

    mutating func compileSend(_ send: Send, line: Int) -> ChartSend {
        var delay: Delay?
        if let text = send.delay {
            delay = Delay(parsing: text)
            if delay == nil {
                issues.append(issue(line, "scxml.delay", "'\(text)' is not a delay such as 2s, 500ms or P60D"))
            }
        }
        return ChartSend(
            event: send.event, eventExpr: expression(send.eventExpr, line: line), target: send.target,
            targetExpr: expression(send.targetExpr, line: line), type: send.type,
            typeExpr: expression(send.typeExpr, line: line), id: send.id,
            idLocation: location(send.idLocation, line: line), delay: delay,
            delayExpr: expression(send.delayExpr, line: line), namelist: compileNamelist(send.namelist, line: line),
            params: send.params.compactMap { compileParam($0) }, content: send.content.map { compileContent($0) })
    }
}

/// Turns literal `<content>`/`<data>` text into a value: JSON when it parses, else the trimmed text as a string.
enum ContentValue {
    static func parse(_ text: String) -> Value {
        let trimmed = text.trimmedWhitespace
        if let value = try? CanonicalJSON.parse(trimmed) { return value }
        return .string(trimmed)
    }
}
