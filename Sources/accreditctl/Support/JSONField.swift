import Statecharts

/// Fields of the API's JSON documents as the text the tables print.
enum JSONField {
    /// A string or integer field as text; empty when absent or null.
    static func text(_ value: Value, _ key: String) -> String {
        switch value[key] {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        default: ""
        }
    }
}
