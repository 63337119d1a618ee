/// The functions every `accredit` expression may call, whatever the host: they read and build values only, and
/// give the same answer for the same arguments on every machine (no clock, no randomness, no Unicode tables: a
/// string's length counts its Unicode scalars).
enum BuiltinFunction: String, CaseIterable, Sendable {
    /// `length(x)`: the elements of an array, the members of an object, the Unicode scalars of a string.
    case length
    /// `append(array, value)`: a new array with `value` after the elements.
    case append
    /// `concat(a, b, …)`: a new array with the elements of each array argument in turn.
    case concat

    /// The most elements an array built by ``append`` or ``concat`` may hold.
    static let maximumElements = 100_000

    /// Calls the function.
    func call(_ arguments: [Value], column: Int) throws(ExpressionError) -> Value {
        switch self {
        case .length:
            guard arguments.count == 1 else { throw usage("length(x) takes one array, object or string", column) }
            switch arguments[0] {
            case .array(let elements): return .integer(Int64(elements.count))
            case .object(let members): return .integer(Int64(members.count))
            case .string(let text): return .integer(Int64(text.unicodeScalars.count))
            default:
                throw ExpressionError(
                    kind: .type, column: column,
                    message: "length() needs an array, object or string, got \(arguments[0].typeName)")
            }
        case .append:
            guard arguments.count == 2 else { throw usage("append(array, value) takes an array and a value", column) }
            guard case .array(let elements) = arguments[0] else {
                throw ExpressionError(
                    kind: .type, column: column,
                    message: "append() needs an array first, got \(arguments[0].typeName)")
            }
            return try Self.bounded(elements + [arguments[1]], column: column)
        case .concat:
            var elements: [Value] = []
            for (position, argument) in arguments.enumerated() {
                guard case .array(let more) = argument else {
                    throw ExpressionError(
                        kind: .type, column: column,
                        message: "concat() joins arrays; argument \(position + 1) is \(argument.typeName)")
                }
                guard elements.count + more.count <= Self.maximumElements else { throw Self.tooLong(column) }
                elements += more
            }
            return try Self.bounded(elements, column: column)
        }
    }

    /// The array, unless it is over the limit.
    private static func bounded(_ elements: [Value], column: Int) throws(ExpressionError) -> Value {
        guard elements.count <= maximumElements else { throw tooLong(column) }
        return .array(elements)
    }

    /// The error for an array over the limit.
    private static func tooLong(_ column: Int) -> ExpressionError {
        ExpressionError(
            kind: .arithmetic, column: column,
            message: "an array may hold at most \(maximumElements) elements: keep large collections in the host")
    }

    /// The error for a call with the wrong number of arguments.
    private func usage(_ message: String, _ column: Int) -> ExpressionError {
        ExpressionError(kind: .type, column: column, message: message)
    }
}

extension Expression {
    /// The names of the functions every expression may call besides the host's (`length`, `append`, `concat`).
    public static let builtinFunctions: Set<String> = Set(BuiltinFunction.allCases.map(\.rawValue))
}
