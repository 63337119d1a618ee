#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes diagnostics and errors to standard error, one line at a time.
enum StandardError {
    /// Writes `line` and a newline to file descriptor 2.
    static func print(_ line: String) {
        write(line + "\n")
    }

    /// Writes `text` to file descriptor 2 as it is.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
