import AccreditEngine
import Statecharts

/// Parses command-line event arguments for simulations.
public enum SimulationInput {
    /// Why an event argument could not be read.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The argument as given.
        public var argument: String
        /// What is wrong with it.
        public var reason: String

        /// A one-line explanation.
        public var description: String { "'\(argument)': \(reason)" }
    }

    /// Parses `NAME` or `NAME=JSON` into a simulation input.
    /// - Throws: ``ParseError`` when the name is empty or the JSON does not parse.
    public static func parse(_ argument: String) throws(ParseError) -> Simulation.Input {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard !name.isEmpty, !name.contains(" ") else {
            throw ParseError(argument: argument, reason: "the event name is empty or has spaces")
        }
        guard parts.count == 2 else { return Simulation.Input(name: name) }
        do {
            return Simulation.Input(name: name, data: try CanonicalJSON.parse(String(parts[1])))
        } catch {
            throw ParseError(argument: argument, reason: "the data after '=' is not JSON")
        }
    }
}
