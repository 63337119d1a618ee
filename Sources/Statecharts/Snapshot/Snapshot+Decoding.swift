extension Interpreter {
    /// Restores a snapshot written by ``Snapshot/canonicalJSON()`` for this document.
    /// - Throws: ``SnapshotError`` when the text is not JSON or does not match this document.
    public func restore(canonicalJSON text: String) throws(SnapshotError) -> Snapshot {
        let value: Value
        do {
            value = try CanonicalJSON.parse(text)
        } catch {
            throw SnapshotError(message: "the text is not JSON")
        }
        return try restore(value)
    }

    /// Restores a snapshot from its JSON value (see ``Snapshot/value``).
    public func restore(_ value: Value) throws(SnapshotError) -> Snapshot {
        let reader = ValueReader(path: "$", value: value)
        let format = try reader.int("format")
        guard (1...Snapshot.format).contains(format) else {
            throw SnapshotError(
                message: "$.format is not between 1 and \(Snapshot.format); this engine cannot read that snapshot")
        }
        guard case .string(let timeText) = try reader.field("time"), let time = Instant(iso8601: timeText) else {
            throw SnapshotError(message: "$.time is not an ISO 8601 instant")
        }
        let root = try SessionCoder(chart: chart, documents: documents, format: format).decode(reader.reader("root"))
        guard format == 1 || root.holdsRunTimeDocument else {
            throw SnapshotError(message: "$.format is 2, but the snapshot holds no child document chosen at run time")
        }
        return Snapshot(chart: chart, root: root, time: time, timerSequence: try reader.int("timerSequence"))
    }
}
