import AccreditEngine
import Statecharts

/// A setting of the store, changed only by an administrator and recorded with who changed it and when.
public enum StoreSetting: Hashable, Sendable {
    /// Marks the store as a sandbox (for tests, demos and training): only a store without cases, and for good.
    case sandbox
    /// The store's clock: the database server's (nil), or a sandbox's simulated time, which only moves forward.
    case clock(simulated: Instant?)
    /// The largest evidence file accepted, in bytes.
    case maximumUploadBytes(Int64)
    /// How old the newest checkpoint may grow, in seconds, before the timers run takes a new one.
    case checkpointInterval(seconds: Int64)
    /// Whether staff (anyone holding a role of a staff kind) must sign in with a TOTP code as well as a password.
    case staffTOTP(required: Bool)

    /// The setting's stored name: `sandbox`, `clock`, `upload.max-bytes`, `checkpoint.interval` or
    /// `auth.staff-totp`.
    public var name: String {
        switch self {
        case .sandbox: "sandbox"
        case .clock: "clock"
        case .maximumUploadBytes: "upload.max-bytes"
        case .checkpointInterval: "checkpoint.interval"
        case .staffTOTP: "auth.staff-totp"
        }
    }

    /// The setting's stored value.
    public var value: String {
        switch self {
        case .sandbox: "true"
        case .clock(let simulated): simulated?.iso8601 ?? "server"
        case .maximumUploadBytes(let bytes): String(bytes)
        case .checkpointInterval(let seconds): String(seconds)
        case .staffTOTP(let required): required ? "required" : "optional"
        }
    }

    /// Every setting's name, as the store knows them.
    public static let names = ["sandbox", "clock", "upload.max-bytes", "checkpoint.interval", "auth.staff-totp"]
}

/// One recorded change of a store setting.
public struct StoreSettingChange: Hashable, Sendable {
    /// The change's number, in order.
    public var id: Int64
    /// The setting's name.
    public var name: String
    /// The value it was given.
    public var value: String
    /// The actor who changed it.
    public var changedBy: String
    /// When, by the database server's clock (never simulated).
    public var changedAt: Instant
}

/// The store's current settings.
public struct StoreSettingValues: Hashable, Sendable {
    /// The largest evidence file accepted when nobody has set `upload.max-bytes` (512 MiB).
    public static let defaultMaximumUploadBytes: Int64 = 512 << 20

    /// Whether the store is a sandbox.
    public var sandbox = false
    /// The simulated time of a sandbox's clock, or nil for the database server's clock.
    public var simulatedClock: Instant?
    /// The largest evidence file accepted, in bytes.
    public var maximumUploadBytes = defaultMaximumUploadBytes
    /// How old the newest checkpoint may grow before a scheduled one is taken when nobody set it (24 hours).
    public static let defaultCheckpointInterval: Int64 = 86_400
    /// How old the newest checkpoint may grow, in seconds, before the timers run takes a new one.
    public var checkpointInterval = defaultCheckpointInterval
    /// Whether staff must sign in with a TOTP code (`auth.staff-totp required`); optional by default.
    public var staffTOTPRequired = false
    /// The newest change of each setting that was ever changed, by name.
    public var lastChanges: [String: StoreSettingChange] = [:]
}
