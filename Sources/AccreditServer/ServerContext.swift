import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage and the peer's address.
public struct ServerContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection's remote address, such as `127.0.0.1:53422`.
    public let peer: String?
    /// The connection, so that a client cut off for sending too slowly can be disconnected.
    let channel: any Channel

    /// Creates the context for a request on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        peer = source.channel.remoteAddress.map { address in
            address.ipAddress.map { "\($0):\(address.port ?? 0)" } ?? "\(address)"
        }
    }
}
