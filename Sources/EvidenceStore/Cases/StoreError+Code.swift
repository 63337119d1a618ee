extension StoreError {
    /// What kind of failure a ``StoreError`` is: a stable machine ``name`` and the broad ``kind`` it belongs to.
    ///
    /// Extensible: more codes may be added, so a `switch` over codes needs a `default` (switch over ``kind`` to be
    /// exhaustive).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable machine name, such as `case.not-found`; front ends key their wording and statuses on it.
        public let name: String
        /// The broad kind of failure.
        public let kind: Kind

        private init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }

        /// The machine name.
        public var description: String { name }

        /// Another writer changed the case first; reload and retry.
        public static let conflict = Code("case.conflict", .conflict)
        /// A referenced record does not exist (a foreign key the database checked).
        public static let notFound = Code("store.not-found", .notFound)
        /// The input breaks a rule of the store (a constraint or a limit).
        public static let invalid = Code("store.invalid", .invalid)
        /// A stored record failed a check (hash, snapshot, payload, checkpoint).
        public static let corrupt = Code("store.corrupt", .corrupt)
        /// The database or the file system failed.
        public static let environment = Code("store.environment", .environment)

        /// An event or case carried a time that is not the store's: the store stamps them with its own clock.
        /// A retry reads the store's time again.
        public static let clockMismatch = Code("store.clock-mismatch", .conflict)
        /// A change to a store setting was refused (the message says which rule refused it).
        public static let settingRefused = Code("store.setting-refused", .invalid)

        /// The case does not exist.
        public static let caseNotFound = Code("case.not-found", .notFound)
        /// The actor is not registered.
        public static let actorNotFound = Code("actor.not-found", .notFound)
        /// The case has no such evidence record.
        public static let evidenceNotFound = Code("evidence.not-found", .notFound)
        /// An organisation was registered with an ODS code another organisation already holds.
        public static let odsCodeTaken = Code("organisation.ods-code-taken", .invalid)
        /// The workflow or framework version was never published.
        public static let definitionNotPublished = Code("definition.not-published", .notFound)
        /// A checkpoint was refused because some stored case head is not backed by its log.
        public static let headsDisagree = Code("checkpoint.heads-disagree", .corrupt)
        /// A checkpoint file for the same sequence already holds another checkpoint (two claim one place).
        public static let checkpointFileDiffers = Code("checkpoint.file-differs", .corrupt)
        /// No evidence file has the SHA-256 a request named (nothing was expected to be there).
        public static let evidenceFileNotFound = Code("evidence.file-not-found", .notFound)
        /// A stored evidence file is missing.
        public static let evidenceFileMissing = Code("evidence.file-missing", .corrupt)
        /// A stored evidence file's content no longer hashes to its address.
        public static let evidenceFileCorrupt = Code("evidence.file-corrupt", .corrupt)
        /// A file given for upload or export was refused (a symbolic link, not a regular file, empty, too large,
        /// changed while read, or the destination could not be written).
        public static let fileRefused = Code("evidence.file-refused", .invalid)
        /// The disk is full.
        public static let diskFull = Code("storage.disk-full", .environment)
        /// The database gave up waiting (a statement or lock timeout); nothing was written.
        public static let databaseTimeout = Code("database.timeout", .environment)
        /// The database server is shutting down or unavailable; nothing was committed.
        public static let databaseUnavailable = Code("database.unavailable", .environment)
        /// The connection broke during a statement; a change may or may not have been committed.
        public static let connectionLost = Code("database.connection-lost", .environment)
        /// An applied migration's shipped file was edited since.
        public static let migrationEdited = Code("schema.migration-edited", .environment)
        /// The signing key offered is not the store's current key: unknown to the store, or retired.
        public static let signingKeyUnknown = Code("key.unregistered", .refused)
        /// A signing key cannot be registered: the store already has a current key (rotate it instead).
        public static let signingKeyTaken = Code("key.store-has-key", .invalid)
        /// The database has a migration this build does not know (it was migrated by a newer build).
        public static let migrationUnknown = Code("schema.migration-unknown", .environment)
        /// The database roles of least privilege are missing or wrong (`accredit_owner`, `accredit_app`), or the
        /// login that migrates may not act as the owner; the message holds the statements an administrator runs.
        public static let databaseRoles = Code("schema.database-roles", .environment)
        /// The login a server connects as could rewrite history (a superuser, the owner, or allowed to update or
        /// delete events); it must be the application role.
        public static let roleTooPowerful = Code("database.role-too-powerful", .refused)
    }

    /// The broad kinds of failure, which front ends map to exit statuses or HTTP statuses.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A concurrent change: reload and retry.
        case conflict
        /// Something named does not exist.
        case notFound = "not-found"
        /// The input breaks a rule.
        case invalid
        /// Stored data failed a check.
        case corrupt
        /// The store refuses to stand behind the operation (a signing key it does not list as current).
        case refused
        /// The database, the file system or the installation failed.
        case environment
    }

    /// The broad kind of failure (the code's).
    public var kind: Kind { code.kind }
}
