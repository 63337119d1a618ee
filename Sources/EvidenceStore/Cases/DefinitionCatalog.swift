import AccreditEngine
import Crypto
import Statecharts

/// The kinds of definition a case pins.
public enum DefinitionKind: String, Hashable, Sendable {
    /// An SCXML workflow.
    case workflow
    /// A standards framework.
    case framework
}

/// A published definition version with its full source, so replay never depends on files on disk.
public struct PublishedDefinition: Hashable, Sendable {
    /// Workflow or framework.
    public var kind: DefinitionKind
    /// The name and version.
    public var reference: DefinitionReference
    /// SHA-256 of the source bytes, in hex.
    public var sha256: String
    /// The full source text.
    public var source: String
    /// When it was published.
    public var publishedAt: Instant
}

/// Publishes workflow and framework versions and reads them back.
public struct DefinitionCatalog {
    /// The connection used.
    let connection: PostgresConnection

    /// Creates a catalog over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The SHA-256 (hex) that identifies a definition's content.
    public static func sha256(of source: String) -> String {
        HashChain.hex(Array(SHA256.hash(data: Array(source.utf8))))
    }

    /// Publishes a version. Publishing identical content again is a no-op; different content under an existing
    /// name and version is refused.
    ///
    /// - Returns: True when the version was new, false when identical content was already published.
    /// - Throws: ``StoreError`` `.invalid` when the version exists with other content.
    @discardableResult
    public func publish(_ kind: DefinitionKind, _ reference: DefinitionReference, source: String) throws(StoreError)
        -> Bool
    {
        let hash = Self.sha256(of: source)
        return try storeOperation(caseID: nil) {
            let inserted = try connection.execute(
                """
                INSERT INTO definitions (kind, name, version, sha256, source) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (kind, name, version) DO NOTHING
                """,
                [.text(kind.rawValue), .text(reference.name), .text(reference.version), .text(hash), .text(source)])
            if inserted == 1 { return true }
            let existing = try definition(kind, reference)
            guard existing.sha256 == hash else {
                throw StoreError(
                    code: .invalid,
                    message:
                        "\(kind.rawValue) \(reference.name) version \(reference.version) is already published with "
                        + "different content (sha256 \(existing.sha256.prefix(12))…); publish the change as a new version"
                )
            }
            return false
        }
    }

    /// Reads a published version.
    ///
    /// - Throws: ``StoreError`` `.definitionNotPublished` when it was never published.
    public func definition(_ kind: DefinitionKind, _ reference: DefinitionReference) throws(StoreError)
        -> PublishedDefinition
    {
        return try storeOperation(caseID: nil) {
            let rows = try connection.query(
                "SELECT sha256, source, published_at FROM definitions WHERE kind = $1 AND name = $2 AND version = $3",
                [.text(kind.rawValue), .text(reference.name), .text(reference.version)])
            guard let row = rows.first else {
                throw StoreError(
                    code: .definitionNotPublished,
                    message: "\(kind.rawValue) \(reference.name) version \(reference.version) is not published",
                    definitionKind: kind)
            }
            return PublishedDefinition(
                kind: kind, reference: reference, sha256: try row["sha256"].string(),
                source: try row["source"].string(),
                publishedAt: try row["published_at"].instant())
        }
    }

    /// Every published version of one kind, oldest first.
    public func all(_ kind: DefinitionKind) throws(StoreError) -> [PublishedDefinition] {
        return try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT name, version, sha256, source, published_at FROM definitions WHERE kind = $1
                ORDER BY published_at, name, version
                """,
                [.text(kind.rawValue)]
            ).map { row in
                PublishedDefinition(
                    kind: kind,
                    reference: DefinitionReference(
                        name: try row["name"].string(), version: try row["version"].string()),
                    sha256: try row["sha256"].string(), source: try row["source"].string(),
                    publishedAt: try row["published_at"].instant())
            }
        }
    }

    /// The hashes of every published version of one kind, in the order of ``all(_:)``, joined by commas: a cheap
    /// key for what has been published (the catalog only grows, and a published version never changes).
    public func digest(_ kind: DefinitionKind) throws(StoreError) -> String {
        return try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                SELECT coalesce(string_agg(sha256, ',' ORDER BY published_at, name, version), '') AS digest
                FROM definitions WHERE kind = $1
                """,
                [.text(kind.rawValue)])
            return try rows.first?["digest"].string() ?? ""
        }
    }
}
