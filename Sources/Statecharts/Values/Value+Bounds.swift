extension Value {
    /// The deepest value the datamodel stores: a snapshot nests it inside its sessions, and is read back with at most
    /// ``CanonicalJSON/defaultMaximumDepth`` levels.
    public static let datamodelDepth = 64
    /// The most values one datamodel value holds, counting every element and member at every level.
    public static let datamodelNodes = 1_000_000

    /// Whether the value is at most `depth` levels deep (a scalar is one level) and holds at most `nodes` values in
    /// all; it stops as soon as it knows, so a value that shares storage (`[a, a]`) costs at most `nodes` visits.
    public func fits(depth: Int, nodes: Int) -> Bool {
        var remaining = nodes
        func visit(_ value: Value, _ level: Int) -> Bool {
            remaining -= 1
            guard remaining >= 0 else { return false }
            switch value {
            case .array(let elements):
                guard level < depth || elements.isEmpty else { return false }
                for element in elements where !visit(element, level + 1) { return false }
            case .object(let members):
                guard level < depth || members.isEmpty else { return false }
                for member in members.values where !visit(member, level + 1) { return false }
            default:
                break
            }
            return true
        }
        return visit(self, 1)
    }
}
