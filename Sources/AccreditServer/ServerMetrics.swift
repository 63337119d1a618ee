import Logging
import Prometheus

/// What `/metrics` exposes, in Prometheus's text format: requests by route and status, their latencies, appends,
/// and refusals by the rule that refused.
final class ServerMetrics: Sendable {
    /// The registry `/metrics` emits.
    let registry = PrometheusCollectorRegistry()

    /// Counts a request and records its latency.
    func request(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency, labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(.nanoseconds(Int64(seconds * 1_000_000_000)))
    }

    /// Counts events appended.
    func appended(_ count: Int) {
        registry.makeCounter(descriptor: Self.appends, labels: []).increment(by: Int64(count))
    }

    /// Counts a refusal by the code or rule that refused.
    func refused(code: String, status: Int) {
        registry.makeCounter(descriptor: Self.refusals, labels: [("rule", code), ("status", String(status))])
            .increment()
    }

    /// The metrics in Prometheus's text format.
    func text() -> [UInt8] {
        registry.emitToBuffer()
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "accredit", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route and status")
    }
    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "accredit", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency by method and route")
    }
    static var appends: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "accredit", metricName: "appends", unitName: "total", helpText: "Events appended to case logs")
    }
    static var refusals: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "accredit", metricName: "refusals", unitName: "total",
            helpText: "Requests refused, by the rule or problem code and the HTTP status")
    }

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10),
    ]
}

extension ServerMetrics {
    /// Records an answered request in the metrics and as one log line (method, route, status, milliseconds and the
    /// client's address).
    func answered(
        method: String, route: String, status: Int, since started: ContinuousClock.Instant, remote: String?,
        logger: Logger
    ) {
        let elapsed = started.duration(to: .now)
        request(
            method: method, route: route, status: status,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        logger.info(
            "request",
            metadata: [
                "method": "\(method)", "route": "\(route)", "status": "\(status)",
                "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                "remote": "\(remote ?? "-")",
            ])
    }
}
