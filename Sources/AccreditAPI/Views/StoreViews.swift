import AccreditEngine
import EvidenceStore
import Statecharts

/// How the store's settings and signing keys look in the API (and in the command-line tool's `--json`).
public enum StoreViews {
    /// The settings: `{sandbox, clock, now, uploadMaxBytes, checkpointInterval, staffTOTP, changes: {setting:
    /// change}}` (`staffTOTP` required or optional);
    /// `clock` is `server` or the simulated time, `now` the store's time, `changes` the last change of each setting
    /// that was ever changed.
    public static func settings(_ values: StoreSettingValues, now: Instant) -> Value {
        [
            "sandbox": .bool(values.sandbox),
            "clock": values.simulatedClock.map { .string($0.iso8601) } ?? .string("server"),
            "now": .string(now.iso8601), "uploadMaxBytes": .integer(values.maximumUploadBytes),
            "checkpointInterval": .integer(values.checkpointInterval),
            "staffTOTP": .string(values.staffTOTPRequired ? "required" : "optional"),
            "changes": .object(values.lastChanges.mapValues(change)),
        ]
    }

    /// One recorded change: `{id, setting, value, changedBy, changedAt}`.
    public static func change(_ change: StoreSettingChange) -> Value {
        [
            "id": .integer(change.id), "setting": .string(change.name), "value": .string(change.value),
            "changedBy": .string(change.changedBy), "changedAt": .string(change.changedAt.iso8601),
        ]
    }

    /// A signing key the store lists: `{fingerprint, publicKey, status, createdAt, createdBy, retiredAt,
    /// retiredBy}` (`status` current or retired; the public key in hex).
    public static func key(_ key: SigningKeyRecord) -> Value {
        [
            "fingerprint": .string(key.fingerprint), "publicKey": .string(HashChain.hex(key.publicKey)),
            "status": .string(key.isCurrent ? "current" : "retired"), "createdAt": .string(key.createdAt.iso8601),
            "createdBy": .string(key.createdBy), "retiredAt": key.retiredAt.map { .string($0.iso8601) } ?? .null,
            "retiredBy": key.retiredBy.map(Value.string) ?? .null,
        ]
    }

    /// The setting a name and a value in text give, as the API takes them (`upload.max-bytes` `104857600`); the store
    /// checks the ranges.
    ///
    /// - Throws: ``Problem`` 422 `request.invalid` naming what the setting takes.
    public static func setting(_ name: String, _ value: String) throws(Problem) -> StoreSetting {
        switch name {
        case "upload.max-bytes":
            guard let bytes = Int64(value), bytes > 0 else {
                throw Problem.invalid("upload.max-bytes takes a whole number of bytes, such as 104857600")
            }
            return .maximumUploadBytes(bytes)
        case "sandbox":
            guard value == "true" else {
                throw Problem.invalid("sandbox takes true: a store becomes a sandbox while it holds no case")
            }
            return .sandbox
        case "clock":
            if value == "server" { return .clock(simulated: nil) }
            guard let time = DirectoryViews.instant(value) else {
                throw Problem.invalid("clock takes server or an ISO 8601 time, such as 2027-06-01T09:00:00Z")
            }
            return .clock(simulated: time)
        case "checkpoint.interval":
            guard let seconds = Int64(value), seconds > 0 else {
                throw Problem.invalid("checkpoint.interval takes a whole number of seconds, such as 86400")
            }
            return .checkpointInterval(seconds: seconds)
        case "auth.staff-totp":
            guard value == "required" || value == "optional" else {
                throw Problem.invalid("auth.staff-totp takes required or optional")
            }
            return .staffTOTP(required: value == "required")
        default:
            throw Problem.invalid(
                "there is no store setting '\(name)'; the settings are \(StoreSetting.names.joined(separator: ", "))")
        }
    }
}
