extension CaseServiceError {
    /// What kind of failure a ``CaseServiceError`` is: a stable machine ``name`` and the broad ``kind`` it belongs
    /// to. Extensible: switch over codes with a `default`, or over ``kind``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable machine name, such as `case.replay-failed`; front ends key their wording and statuses on it.
        public let name: String
        /// The broad kind of failure.
        public let kind: Kind

        private init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }

        /// The machine name.
        public var description: String { name }

        /// A stored event no longer folds through the case's pinned workflow and framework.
        public static let replayFailed = Code("case.replay-failed", .corrupt)
        /// An evidence file named by the case's records cannot be read from the file store.
        public static let evidenceFileUnreadable = Code("evidence.file-unreadable", .corrupt)
        /// An `evidence.upload` event in the log names no evidence id.
        public static let uploadUnrecorded = Code("evidence.upload-unrecorded", .corrupt)
        /// The case holds no award to certify (rule `award.none`).
        public static let noAward = Code("award.none", .refused)
        /// Nobody may add actors yet: there is no secretariat, and the first member must add themselves (rule
        /// `access.secretariat`).
        public static let noSecretariat = Code("access.no-secretariat", .refused)
        /// A workflow names (with `acc:framework` and `acc:framework-version`) a framework version that is not
        /// published, so it cannot be published itself.
        public static let frameworkNotPublished = Code("workflow.framework-not-published", .notFound)
        /// A case was opened without a framework on a workflow that declares none.
        public static let frameworkUndeclared = Code("workflow.framework-undeclared", .invalid)
        /// A workflow declares a role with another kind than an already published workflow declares for it (rule
        /// `workflow.role-kind-clash`): every rule about people follows the kind, so a role keeps one kind.
        public static let roleKindClash = Code("workflow.role-kind-clash", .refused)
        /// The organisation is not registered.
        public static let organisationNotFound = Code("organisation.not-found", .notFound)
        /// No valid credential came with the request: none, or an unknown, expired or revoked token or session.
        public static let unauthenticated = Code("auth.unauthenticated", .unauthenticated)
        /// A sign-in failed: an unknown person, a wrong password or a wrong or reused TOTP code (one answer for
        /// all, so that a guess learns nothing).
        public static let signInFailed = Code("auth.sign-in-failed", .unauthenticated)
        /// The account requires a TOTP code and none was given.
        public static let totpRequired = Code("auth.totp-required", .unauthenticated)
        /// The store requires staff to sign in with TOTP (`auth.staff-totp`) and this staff member has not enrolled
        /// it: a new invitation enrols it.
        public static let totpEnrolmentRequired = Code("auth.totp-enrolment-required", .unauthenticated)
        /// An invitation code is unknown, used or expired.
        public static let invitationInvalid = Code("auth.invitation-invalid", .notFound)
        /// A password breaks the password rules (length).
        public static let passwordRejected = Code("auth.password-rejected", .invalid)
        /// A token name or lifetime is not acceptable.
        public static let tokenRejected = Code("auth.token-rejected", .invalid)
        /// No such token, or not one the caller may see.
        public static let tokenNotFound = Code("auth.token-not-found", .notFound)
    }

    /// The broad kinds of failure, which front ends map to exit statuses or HTTP statuses.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A rule refused the request; nothing changed.
        case refused
        /// Stored data failed a check.
        case corrupt
        /// Something the request depends on does not exist.
        case notFound
        /// The request is incomplete: it needs something more from the caller.
        case invalid
        /// The request carried no valid credential, or a sign-in failed.
        case unauthenticated
    }

    /// The broad kind of failure (the code's).
    public var kind: Kind { code.kind }
}
