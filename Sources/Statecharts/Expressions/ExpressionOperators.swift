/// The arithmetic, comparison and equality operators of the `accredit` language.
///
/// Integer op integer stays integer, and overflow is an arithmetic error. Integer division is exact: `6 / 3` is the
/// integer `2`, while `7 / 2` is the decimal `3.5`. `%` on integers is the truncating remainder (sign of the
/// dividend). Any decimal operand makes the result decimal; a non-finite decimal result is an arithmetic error.
/// `==` compares structurally and numerically (`1 == 1.0`); `<`-style comparisons accept two numbers or two strings
/// (ordered by UTF-8 bytes) and reject anything else.
enum ExpressionOperators {
    /// Applies a non-logical binary operator.
    static func binary(
        _ op: ExpressionNode.BinaryOperator, _ left: Value, _ right: Value, column: Int
    ) throws(ExpressionError) -> Value {
        switch op {
        case .equal: return .bool(equal(left, right))
        case .notEqual: return .bool(!equal(left, right))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(try compare(op, left, right, column: column))
        case .add:
            if case .string(let a) = left, case .string(let b) = right { return .string(a + b) }
            return try arithmetic(op, left, right, column: column)
        case .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, left, right, column: column)
        case .and, .or:
            preconditionFailure("logical operators short-circuit in the evaluator")
        }
    }

    /// Structural equality where integers and decimals compare by numeric value.
    static func equal(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.integer(let a), .decimal(let b)), (.decimal(let b), .integer(let a)):
            return Int64(exactly: b) == a
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return left == right
        }
    }

    /// Orders two numbers or two strings.
    private static func compare(
        _ op: ExpressionNode.BinaryOperator, _ left: Value, _ right: Value, column: Int
    ) throws(ExpressionError) -> Bool {
        let order: Int
        switch (left, right) {
        case (.integer(let a), .integer(let b)): order = a < b ? -1 : a == b ? 0 : 1
        case (.string(let a), .string(let b)):
            order = a == b ? 0 : a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        default:
            guard let a = decimal(left), let b = decimal(right) else {
                throw ExpressionError(
                    kind: .type, column: column,
                    message: "cannot compare \(left.typeName) with \(right.typeName) using '\(op.rawValue)': "
                        + "compare two numbers or two strings")
            }
            order = a < b ? -1 : a == b ? 0 : 1
        }
        switch op {
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// A number as a double, or `nil` for non-numbers.
    private static func decimal(_ value: Value) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .decimal(let number): number
        default: nil
        }
    }

    /// Applies `+ - * / %` to two numbers.
    private static func arithmetic(
        _ op: ExpressionNode.BinaryOperator, _ left: Value, _ right: Value, column: Int
    ) throws(ExpressionError) -> Value {
        if case .integer(let a) = left, case .integer(let b) = right {
            return try integerArithmetic(op, a, b, column: column)
        }
        guard let a = decimal(left), let b = decimal(right) else {
            let hint = op == .add ? "add two numbers or concatenate two strings" : "use two numbers"
            throw ExpressionError(
                kind: .type, column: column,
                message: "cannot apply '\(op.rawValue)' to \(left.typeName) and \(right.typeName): \(hint)")
        }
        if (op == .divide || op == .remainder) && b == 0 { throw divisionByZero(column) }
        let result: Double
        switch op {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide: result = a / b
        default: result = a.truncatingRemainder(dividingBy: b)
        }
        guard result.isFinite else {
            throw ExpressionError(
                kind: .arithmetic, column: column, message: "'\(op.rawValue)' produced a number too large to represent")
        }
        return .decimal(result)
    }

    /// Applies `+ - * / %` to two integers, reporting overflow and division by zero.
    private static func integerArithmetic(
        _ op: ExpressionNode.BinaryOperator, _ a: Int64, _ b: Int64, column: Int
    ) throws(ExpressionError) -> Value {
        if (op == .divide || op == .remainder) && b == 0 { throw divisionByZero(column) }
        let (result, overflow): (Int64, Bool)
        switch op {
        case .add: (result, overflow) = a.addingReportingOverflow(b)
        case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
        case .multiply: (result, overflow) = a.multipliedReportingOverflow(by: b)
        case .remainder: (result, overflow) = a.remainderReportingOverflow(dividingBy: b)
        default:
            let (quotient, quotientOverflow) = a.dividedReportingOverflow(by: b)
            guard !quotientOverflow else { throw overflowError(op, a, b, column) }
            if quotient.multipliedReportingOverflow(by: b) == (a, false) { return .integer(quotient) }
            return .decimal(Double(a) / Double(b))
        }
        guard !overflow else { throw overflowError(op, a, b, column) }
        return .integer(result)
    }

    /// The error for integer overflow.
    private static func overflowError(
        _ op: ExpressionNode.BinaryOperator, _ a: Int64, _ b: Int64, _ column: Int
    ) -> ExpressionError {
        ExpressionError(
            kind: .arithmetic, column: column,
            message: "\(a) \(op.rawValue) \(b) overflows 64-bit integers: use decimals (e.g. \(a).0) for large values")
    }

    /// The error for division by zero.
    private static func divisionByZero(_ column: Int) -> ExpressionError {
        ExpressionError(
            kind: .arithmetic, column: column, message: "division by zero: guard the divisor, e.g. n != 0 && …")
    }
}
