#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on standard error, shown only when it is a terminal and the work is large; quiet otherwise.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastPercent = -1

    /// Creates a bar for work of `total` units; it stays silent below `threshold` or when stderr is not a terminal.
    init(label: String, total: Int64, threshold: Int64 = 16 << 20) {
        self.label = label
        self.enabled = isatty(2) == 1 && total >= threshold
    }

    /// Redraws the bar when the whole percentage changes.
    func update(_ done: Int64, of total: Int64) {
        guard enabled, total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Output.writeRaw("\r\(label) [\(bar)] \(percent)% of \(total / 1_000_000) MB")
        if percent >= 100 { Output.writeRaw("\n") }
    }
}
