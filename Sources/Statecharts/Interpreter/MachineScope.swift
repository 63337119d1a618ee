/// What expressions see while a session runs: its data, `_event`, the system variables, `In()` and host functions.
struct MachineScope: ExpressionScope {
    let chart: Chart
    let data: [String: Value]
    let configuration: StateSet
    let event: Event?
    let sessionID: String
    let host: any HostFunctions

    func value(of identifier: String) -> Value? {
        guard identifier.utf8.first == UInt8(ascii: "_") else { return data[identifier] }
        switch identifier {
        case "_event": return event?.value ?? .null
        case "_sessionid": return .string(sessionID)
        case "_name": return chart.document.name.map(Value.string) ?? .null
        case "_ioprocessors": return Machine.ioProcessors(sessionID)
        default: return data[identifier]
        }
    }

    func isActive(stateID: String) -> Bool {
        guard let state = chart.index[stateID] else { return false }
        return configuration.contains(state)
    }

    func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value {
        try host.call(name, arguments)
    }
}
