import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The home's signing key, once the store confirms it is its current key: every signature (checkpoints,
    /// certificates, status lists) goes through here, so a key made in another home directory, a retired key or a
    /// planted file is never used.
    ///
    /// - Parameter home: The installation's home directory (the key is `home/keys/signing-key`).
    /// - Throws: ``SigningKeyError`` when the key file is missing (it is never created here), owned by another user,
    ///   exposed, malformed or contradicted by its `.pub` file; ``StoreError`` `.signingKeyUnknown` when the store
    ///   does not list it as its current key.
    public func signingKey(home: String) throws -> SigningKey {
        let key = try SigningKey.load(home: home)
        try signingKeys.requireCurrent(key.publicKey, path: key.path)
        return key
    }

    /// Makes sure the home has the store's signing key: registers an existing key file (checked as
    /// ``SigningKey/load(path:)`` checks it) when the store has none, or creates and registers one when neither has.
    ///
    /// - Parameters:
    ///   - home: The installation's home directory.
    ///   - who: Who is setting up, recorded with the key.
    /// - Returns: The key and whether a new key file was created.
    /// - Throws: ``SigningKeyError`` for a key file that fails its checks; ``StoreError`` `.signingKeyTaken` when the
    ///   store already has another current key (nothing is created then), `.signingKeyUnknown` for a retired key.
    public func establishSigningKey(home: String, by who: String) throws -> (key: SigningKey, created: Bool) {
        if SigningKey.exists(home: home) {
            let key = try SigningKey.load(home: home)
            _ = try signingKeys.register(key.publicKey, by: who)
            return (key, false)
        }
        if let current = try signingKeys.current() {
            throw StoreError(
                code: .signingKeyTaken,
                message:
                    "the store's current signing key is \(current.fingerprint), but \(SigningKey.path(home: home)) "
                    + "does not exist: this home is not the one that signs for the store, and no new key was made")
        }
        let key = try SigningKey.create(home: home)
        do {
            _ = try signingKeys.register(key.publicKey, by: who)
        } catch {
            key.discard()
            throw error
        }
        return (key, true)
    }

    /// Replaces the store's current key with a new one: the old key is retired (kept in `home/keys/retired/` and
    /// listed by the store), the new one becomes current. Old certificates and checkpoints still verify against the
    /// retired public key.
    ///
    /// - Parameters:
    ///   - home: The installation's home directory, which holds the current key.
    ///   - actorID: Who rotates; must hold ``Capability/configureStore``.
    /// - Returns: The retired key and the new current key.
    /// - Throws: ``CaseRefusal`` without the capability; what ``signingKey(home:)`` throws; ``SigningKeyError`` on
    ///   file errors; ``StoreError`` when the rotation cannot be recorded (the old key is then put back).
    public func rotateSigningKey(home: String, by actorID: String) throws -> (
        retired: SigningKey, current: SigningKey
    ) {
        try require(.configureStore, by: actorID)
        _ = try signingKey(home: home)
        let (retired, current) = try SigningKey.rotate(home: home)
        do {
            try signingKeys.rotate(from: retired.publicKey, to: current.publicKey, by: actorID)
        } catch {
            try SigningKey.reinstate(retired, home: home)
            throw error
        }
        return (retired, current)
    }

    /// Every signing key the store lists, current and retired, oldest first (public: relying parties and auditors
    /// take their trust anchors from here).
    ///
    /// - Throws: ``StoreError`` on database errors.
    public func registeredSigningKeys() throws(StoreError) -> [SigningKeyRecord] {
        try signingKeys.all()
    }
}
