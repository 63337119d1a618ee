import AccreditAPI
import CaseService
import Statecharts

/// The store's signing keys as the API lists them (``StoreViews/key(_:)``): through the server as the signed-in
/// person in client mode, or read from the database in direct mode, where listing public keys needs no actor.
enum SigningKeyListing {
    /// The keys, oldest first.
    static func keys() throws -> [Value] {
        if let client = try ClientMode.current() {
            return try client.json(.get, "/api/v1/keys")["keys"]?.arrayValue ?? []
        }
        return try Context.desk().registeredSigningKeys().map(StoreViews.key)
    }
}
