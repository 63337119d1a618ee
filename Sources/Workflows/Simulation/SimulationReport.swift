import AccreditEngine
import Statecharts

/// Formats a simulation outcome for people or as JSON lines.
public enum SimulationReport {
    /// One line per macrostep, then the summary line (`final: <id>`, `running: <configuration>`, or `stopped: …`
    /// for a runaway).
    /// - Parameters:
    ///   - outcome: The simulation's result.
    ///   - json: Print JSON objects instead of text.
    public static func lines(_ outcome: Simulation.Outcome, json: Bool) -> [String] {
        var lines: [String] = []
        for record in outcome.macrosteps {
            if json {
                var object: [String: Value] = [
                    "session": .string(record.sessionID), "event": record.event.map(Value.string) ?? .null,
                    "configuration": .array(record.configuration.map(Value.string)),
                    "time": .string(record.time.iso8601),
                ]
                if !record.logs.isEmpty {
                    object["logs"] = .array(
                        record.logs.map { log in
                            .object([
                                "session": .string(log.sessionID), "label": log.label.map(Value.string) ?? .null,
                                "value": log.value ?? .null, "line": .integer(Int64(log.line)),
                            ])
                        })
                }
                lines.append(CanonicalJSON.encode(.object(object)))
            } else {
                lines.append(
                    "\(record.sessionID) \(record.event ?? "(start)"): \(record.configuration.joined(separator: " "))")
                lines += record.logs.map(logLine)
            }
        }
        for rejection in outcome.rejections where !json {
            lines.append("rejected: \(rejection)")
        }
        if let microsteps = outcome.runawayMicrosteps {
            lines.append(runaway(outcome.snapshot, microsteps: microsteps, clock: outcome.clock, json: json))
            return lines
        }
        lines.append(
            summary(
                outcome.snapshot, clock: outcome.clock, json: json, rejections: outcome.rejections.map(\.description)))
        return lines
    }

    /// A `<log>` in the text trace, under its macrostep: `  log LABEL: VALUE` (the value as canonical JSON; the
    /// label or the value left out when the element has none).
    public static func logLine(_ log: LogLine) -> String {
        let label = log.label.map { " " + $0 } ?? ""
        let value = log.value.map { ": " + CanonicalJSON.encode($0) } ?? ""
        return "  log\(label)\(value)"
    }

    /// The last line when the interpreter stopped a runaway: `stopped: …` with the microsteps run, or the JSON
    /// summary object with status `runaway` and the configuration the machine was left in.
    public static func runaway(_ snapshot: Snapshot, microsteps: Int, clock: Instant, json: Bool) -> String {
        let configuration = snapshot.configuration
        if json {
            return CanonicalJSON.encode(
                .object([
                    "status": .string("runaway"), "microsteps": .integer(Int64(microsteps)),
                    "clock": .string(clock.iso8601), "configuration": .array(configuration.map(Value.string)),
                ]))
        }
        return "stopped: a runaway after \(microsteps) microsteps in one macrostep: an eventless or "
            + "raised-event loop never becomes stable"
    }

    /// The last line: `final: <id>`, `running: <configuration>`, or the JSON summary object.
    public static func summary(_ snapshot: Snapshot, clock: Instant, json: Bool, rejections: [String] = []) -> String {
        if json {
            var object: [String: Value] = ["clock": .string(clock.iso8601)]
            if !rejections.isEmpty { object["rejections"] = .array(rejections.map(Value.string)) }
            if snapshot.isHalted {
                object["status"] = .string("final")
                object["final"] = snapshot.finalState.map(Value.string) ?? .null
            } else {
                object["status"] = .string("running")
                object["configuration"] = .array(snapshot.configuration.map(Value.string))
            }
            return CanonicalJSON.encode(.object(object))
        }
        if snapshot.isHalted { return "final: \(snapshot.finalState ?? "")" }
        return "running: \(snapshot.configuration.joined(separator: " "))"
    }
}
