import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The store's settings, for any registered actor (the upload limit concerns everyone who uploads).
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func storeSettings(as actorID: String) throws -> StoreSettingValues {
        try require(.readDirectory, by: actorID)
        return try settings.current()
    }

    /// Every recorded change of the store's settings, oldest first.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.read`, or ``StoreError``.
    public func storeSettingHistory(as actorID: String) throws -> [StoreSettingChange] {
        try require(.readDirectory, by: actorID)
        return try settings.history()
    }

    /// Changes a store setting as an administrator, recorded with who and when. The store refuses a change that
    /// breaks a setting's rules: a sandbox only while the store holds no case, a simulated clock only on a sandbox
    /// and never moving back, an upload limit from 1 byte to 1 TiB.
    ///
    /// - Throws: ``CaseRefusal`` `access.store.configure`, or ``StoreError`` `.settingRefused` naming the rule.
    @discardableResult
    public func changeSetting(_ setting: StoreSetting, by actorID: String) throws -> StoreSettingChange {
        let actor = try require(.configureStore, by: actorID)
        return try settings.change(setting, by: actor.id)
    }
}
