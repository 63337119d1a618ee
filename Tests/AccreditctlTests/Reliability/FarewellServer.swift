import Foundation

/// A stand-in for PostgreSQL on a Unix socket that lets every login through and, in the same packet, says
/// `FATAL:  terminating connection due to administrator command` and hangs up.
///
/// These are the bytes a real backend sends when it is told to stop just after it finished the startup handshake;
/// when they reach the client in one read, libpq parses the FATAL while the connection is idle and hands it to the
/// notice hooks. A real server produces them only by chance (the flake in the fault suite); this produces them every
/// time.
final class FarewellServer: @unchecked Sendable {
    /// The directory holding the socket.
    let directory: String
    /// The port in the socket's name.
    let port = 5432
    private let listener: Int32

    /// Listens on `directory/.s.PGSQL.5432` and answers every connection on a thread of its own.
    init(directory: String) throws {
        self.directory = directory
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array("\(directory)/.s.PGSQL.\(port)".utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw CLIRunner.RunnerError("socket path too long: \(directory)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else {
            throw CLIRunner.RunnerError("cannot listen in \(directory): \(String(cString: strerror(errno)))")
        }
        Thread { [listener] in Self.serve(listener) }.start()
    }

    /// The connection URL for the stand-in.
    var url: String {
        "postgresql:///accredit?host=\(directory)&port=\(port)&user=accredit&sslmode=disable&gssencmode=disable"
    }

    /// Stops listening (the serving thread ends).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            // The startup packet: its length (which counts itself), then the rest.
            if let header = read(client, count: 4) {
                let length = header.reduce(0) { $0 << 8 | Int($1) }
                _ = read(client, count: max(0, length - 4))
                var reply = message("R", [0, 0, 0, 0])  // AuthenticationOk
                reply += message("Z", Array("I".utf8))  // ReadyForQuery, idle
                var fields: [UInt8] = []
                for (code, value) in [
                    ("S", "FATAL"), ("V", "FATAL"), ("C", "57P01"),
                    ("M", "terminating connection due to administrator command"),
                ] {
                    fields += Array(code.utf8) + Array(value.utf8) + [0]
                }
                reply += message("E", fields + [0])  // ErrorResponse
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            close(client)
        }
    }

    private static func message(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let length = UInt32(body.count + 4)
        return Array(type.utf8) + withUnsafeBytes(of: length.bigEndian) { Array($0) } + body
    }

    private static func read(_ descriptor: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return recv(descriptor, base + done, count - done, 0)
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }
}
