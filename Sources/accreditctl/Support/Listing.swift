import AccreditEngine
import Statecharts

/// A list printed as an aligned table for people, or as one JSON object `{key: [item], …}` for scripts.
struct Listing<Item> {
    /// The JSON key of the array.
    var key: String
    /// The table's header.
    var header: [String]
    /// What to print instead of an empty table; nil prints the header alone.
    var empty: String?
    /// One item's table row.
    var row: (Item) -> [String]
    /// One item's JSON value.
    var value: (Item) -> Value

    /// Prints `items`; `fields` are added to the JSON object (such as the case id).
    func print(_ items: [Item], json: Bool, fields: [String: Value] = [:]) {
        if json {
            var object = fields
            object[key] = .array(items.map(value))
            Output.json(.object(object))
        } else if items.isEmpty, let empty {
            Output.line(empty)
        } else {
            Output.table(header, items.map(row))
        }
    }
}
