import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to the test server, for requests no HTTP client library would send: a body trickled a
/// few bytes at a time, or cut off half-way.
///
/// Reading blocks, so it runs on a thread of its own, never on one of the few threads Swift's tasks share: a test
/// blocked there for seconds would starve the server it is talking to (whose handlers are tasks too) when the
/// whole suite runs at once.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to `127.0.0.1:port`; reads give up after `timeout` seconds.
    init(port: Int, timeout: Int = 15) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HarnessFailure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw HarnessFailure(description: "connect: errno \(errno)")
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        Glibc.close(socket)
    }

    /// Sends bytes; false once the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Sends text.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Whether the server has sent something (or closed the connection) that is waiting to be read: a client that
    /// goes on sending after the server has answered and closed gets a reset, which throws the answer away.
    var hasReply: Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Everything the server sends until it closes the connection, and whether it did close it before the read
    /// timeout (false: the read gave up while the connection was still open).
    func readToEnd() async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.blockingReadToEnd()) }
        }
    }

    /// ``readToEnd()`` on the calling thread.
    private func blockingReadToEnd() -> (text: String, closed: Bool) {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 {
                // A reset is a close too; a timeout is not.
                let closed = errno == ECONNRESET
                return (String(decoding: received, as: UTF8.self), closed)
            }
            received += buffer[0..<count]
        }
    }

    /// Closes the connection from this side.
    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
    }
}
