import AccreditEngine
import Statecharts

/// The store's settings and its clock, in PostgreSQL: an append-only log of changes (migration 0004) whose rules
/// (sandbox only while empty, a simulated clock only on a sandbox and never back, limits in range) are enforced by
/// `accredit_change_setting` in the database.
public struct StoreSettings {
    /// The connection the settings are read and changed through.
    let connection: PostgresConnection

    /// Creates the settings over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The store's time: the database server's clock, or a sandbox's simulated clock. Every event and case is
    /// stamped with it; an append that carries another time is refused.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func now() throws(StoreError) -> Instant {
        try storeOperation(caseID: nil) {
            guard let row = try connection.query("SELECT accredit_now() AS now").first else {
                throw StoreError(code: .environment, message: "the database returned no time")
            }
            return try row["now"].instant()
        }
    }

    /// The current settings.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` for an unreadable stored value.
    public func current() throws(StoreError) -> StoreSettingValues {
        var values = StoreSettingValues()
        for change in try history().reversed() where values.lastChanges[change.name] == nil {
            values.lastChanges[change.name] = change
            switch change.name {
            case "sandbox": values.sandbox = change.value == "true"
            case "clock":
                if change.value != "server" {
                    guard let instant = Instant(iso8601: change.value) else {
                        throw StoreError(code: .corrupt, message: "the stored clock \(change.value) is not a time")
                    }
                    values.simulatedClock = instant
                }
            case "upload.max-bytes":
                guard let bytes = Int64(change.value) else {
                    throw StoreError(
                        code: .corrupt, message: "the stored upload.max-bytes \(change.value) is no number")
                }
                values.maximumUploadBytes = bytes
            case "checkpoint.interval":
                guard let seconds = Int64(change.value) else {
                    throw StoreError(
                        code: .corrupt, message: "the stored checkpoint.interval \(change.value) is no number")
                }
                values.checkpointInterval = seconds
            case "auth.staff-totp": values.staffTOTPRequired = change.value == "required"
            default: break
            }
        }
        return values
    }

    /// Every change ever made, oldest first.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func history() throws(StoreError) -> [StoreSettingChange] {
        try storeOperation(caseID: nil) {
            try connection.query(
                "SELECT change_id, name, value, changed_by, changed_at FROM store_settings ORDER BY change_id"
            )
            .map { row in
                StoreSettingChange(
                    id: try row["change_id"].int(), name: try row["name"].string(), value: try row["value"].string(),
                    changedBy: try row["changed_by"].string(), changedAt: try row["changed_at"].instant())
            }
        }
    }

    /// Changes a setting and records who changed it. The caller checks that the actor may; the database checks
    /// the setting's rules.
    ///
    /// - Returns: The recorded change.
    /// - Throws: ``StoreError`` `.settingRefused` naming the rule, `.notFound` for an unknown actor.
    @discardableResult
    public func change(_ setting: StoreSetting, by actorID: String) throws(StoreError) -> StoreSettingChange {
        try storeOperation(caseID: nil) {
            let id = try connection.query(
                "SELECT accredit_change_setting($1, $2, $3) AS id",
                [.text(setting.name), .text(setting.value), .text(actorID)]
            ).first?["id"].int()
            let rows = try connection.query(
                "SELECT change_id, name, value, changed_by, changed_at FROM store_settings WHERE change_id = $1",
                [.int(id ?? -1)])
            guard let row = rows.first else {
                throw StoreError(code: .environment, message: "the setting change was not recorded")
            }
            return StoreSettingChange(
                id: try row["change_id"].int(), name: try row["name"].string(), value: try row["value"].string(),
                changedBy: try row["changed_by"].string(), changedAt: try row["changed_at"].instant())
        }
    }
}
