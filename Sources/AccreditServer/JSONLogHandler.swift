import Foundation
import Logging
import Statecharts

/// A log handler that writes one JSON object per line to standard error: `{"at", "level", "label", "message", …
/// metadata}`, for log shippers and `jq`.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler for a logger.
    public init(label: String) {
        self.label = label
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var fields: [String: Value] = [
            "at": .string(
                Date().formatted(
                    .iso8601.time(includingFractionalSeconds: true).year().month().day().dateSeparator(.dash))),
            "level": .string(event.level.rawValue), "label": .string(label),
            "message": .string("\(event.message)"),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = .string("\(value)")
        }
        let line = CanonicalJSON.encode(.object(fields)) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
