import CaseService
import EvidenceStore
import Statecharts

/// The store: its settings, their history, and the signing keys it lists.
enum StoreRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/store/settings", operationID: "getStoreSettings") { call in
            let values = try call.desk.storeSettings(as: try call.signedIn())
            return .json(StoreViews.settings(values, now: try call.desk.now()))
        },
        APIRoute(.post, "/api/v1/store/settings", operationID: "changeStoreSetting") { call in
            let fields = try RequestFields(call.request.body)
            let setting = try StoreViews.setting(try fields.string("setting"), try fields.string("value"))
            let change = try call.desk.changeSetting(setting, by: try call.signedIn())
            return .json(StoreViews.change(change), status: 201)
        },
        APIRoute(.get, "/api/v1/store/settings/history", operationID: "listStoreSettingChanges") { call in
            let changes = try call.desk.storeSettingHistory(as: try call.signedIn())
            return .json(["changes": .array(changes.map(StoreViews.change))])
        },
        APIRoute(.get, "/api/v1/keys", operationID: "listSigningKeys") { call in
            // Public keys, for any signed-in person: relying parties take their trust anchors from here.
            _ = try call.signedIn()
            return .json(["keys": .array(try call.desk.registeredSigningKeys().map(StoreViews.key))])
        },
    ]
}
