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
    /// Cases whose folded state is kept in memory, shared by every connection (``CaseStateCache``).
    public var cachedCases = 1024
    /// The largest JSON request body, in bytes (event data is at most 1 MiB of canonical JSON).
    public var maximumJSONBytes = 2 << 20
    /// Seconds a connection may stay idle (a slow client is cut off after this long without a byte).
    public var idleTimeoutSeconds: Int64 = 30
    /// Whether cookies are marked `Secure` (true behind TLS; false only for plain HTTP on loopback).
    public var secureCookies = false
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
