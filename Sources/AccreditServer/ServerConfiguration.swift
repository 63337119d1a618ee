import AccreditAPI
import CaseService
import EvidenceStore

/// How the server runs: where it listens, how many database connections it keeps, and its limits.
public struct ServerConfiguration: Sendable {
    /// The host to listen on (`127.0.0.1` by default; put nginx in front for TLS).
    public var host = "127.0.0.1"
    /// The port to listen on (0 picks a free one).
    public var port = 8080
    /// Database connections kept open, each serving one request at a time.
    public var connections = 8
    /// Connections kept open to the read replica, when the server has one.
    public var replicaConnections = 8
    /// The most a read replica's answer may lag behind the primary, in milliseconds; a replica further behind is
    /// passed over and the primary answers.
    public var maximumReplicaLagMilliseconds: Int64 = 30_000
    /// Cases whose folded state is kept in memory, shared by every connection (``CaseStateCache``).
    public var cachedCases = 1024
    /// The largest JSON request body, in bytes (event data is at most 1 MiB of canonical JSON).
    public var maximumJSONBytes = 2 << 20
    /// Seconds a connection may stay idle (a slow client is cut off after this long without a byte).
    public var idleTimeoutSeconds: Int64 = 30
    /// Seconds a JSON request body may take to arrive, however it trickles.
    public var bodyDeadlineSeconds: Int64 = 30
    /// The slowest an upload may arrive over each ``uploadGraceSeconds`` window, in bytes per second (a body
    /// trickled to hold a connection is cut off).
    public var minimumUploadBytesPerSecond: Int64 = 16 << 10
    /// The window, in seconds, over which an upload's rate is measured (and so how long one may run before the
    /// first check).
    public var uploadGraceSeconds: Int64 = 10
    /// The largest many-case import (NDJSON), in bytes: spooled to disk beside the evidence store before it is read.
    public var maximumImportBytes: Int64 = 4 << 30
    /// The most evidence, in bytes, a bundle with files may carry (``APIEnvironment/maximumBundleFileBytes``).
    public var maximumBundleFileBytes: Int64 = 32 << 20
    /// Seconds after the newest checkpoint before a reader's export may take another
    /// (``APIEnvironment/readerCheckpointSeconds``).
    public var readerCheckpointSeconds: Int64 = 60
    /// Whether cookies are marked `Secure` (true behind TLS; false only for plain HTTP on loopback).
    public var secureCookies = false
    /// The session cookie's name: `__Host-accredit_session` when cookies are `Secure` (the browser then refuses it
    /// from anything but this origin over HTTPS, with `Path=/` and no `Domain`), else `accredit_session`.
    public var sessionCookie: String { secureCookies ? "__Host-accredit_session" : "accredit_session" }
    /// Seconds the portal's public pages reuse one reading of where every award stands (0: read on every request).
    public var registerCacheSeconds: Int64 = 10
    /// Whether to take the client's address from `X-Forwarded-For` (only behind a proxy that sets it).
    public var trustForwardedFor = false
    /// The evidence file store.
    public var blobs: BlobStore
    /// What the routes that sign or publish use: the home that holds the signing key, the checkpoint directory, the
    /// award status list's path (by default none: signing is refused).
    public var environment = APIEnvironment()

    /// Creates a configuration over a blob store; the rest keeps its defaults.
    public init(blobs: BlobStore) {
        self.blobs = blobs
    }
}
