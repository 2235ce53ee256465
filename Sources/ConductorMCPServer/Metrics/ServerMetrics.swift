public import ConductorMCPCore
import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The remote mode's metrics, recorded through swift-metrics into a Prometheus registry of its own (no global
/// bootstrap, so several servers in one test process do not share counts) and served as Prometheus text.
///
/// Every label value comes from a closed set (tool names, outcomes, operationIds of the loaded document, status
/// classes, failure kinds, JSON-RPC codes), so a model sending made-up endpoints cannot grow the series without
/// bound.
public final class ServerMetrics: SessionObserver {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let index: EndpointIndex
    private let sessions: CoreMetrics.Gauge

    /// Metrics for a server over `index`; the spec-info gauges are set at once.
    public init(index: EndpointIndex) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30),
        ]
        self.factory = factory
        self.index = index
        sessions = CoreMetrics.Gauge(label: "mcp_sessions_active", factory: factory)
        sessions.record(0)
        CoreMetrics.Gauge(
            label: "mcp_spec_info", dimensions: [("title", index.title), ("version", index.version)], factory: factory
        ).record(1)
        CoreMetrics.Gauge(label: "mcp_spec_endpoints", factory: factory).record(index.endpoints.count)
    }

    /// The metrics in Prometheus text exposition format.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    public func toolCalled(
        _ tool: String, outcome: ToolCallOutcome, elapsed: Duration, arguments: JSONObject, result: ToolResult?
    ) {
        CoreMetrics.Counter(
            label: "mcp_tool_calls_total", dimensions: [("tool", tool), ("outcome", outcome.rawValue)],
            factory: factory
        ).increment()
        guard tool == "invoke", let result, result.structured?["dryRun"] != .bool(true) else { return }
        let operation = arguments["endpoint"]?.stringValue.flatMap { index.endpoint(named: $0) }.map(Self.name)
        if case .int(let status)? = result.structured?["status"] {
            let statusClass = "\(min(max(status / 100, 1), 5))xx"
            CoreMetrics.Timer(
                label: "mcp_invoke_duration_seconds",
                dimensions: [("operation", operation ?? "unknown"), ("status_class", statusClass)], factory: factory
            ).recordNanoseconds(Self.nanoseconds(elapsed))
            if status >= 500 { upstreamError("http_5xx") }
        } else if result.structured?["error"] == "transport", let kind = result.structured?["kind"]?.stringValue {
            upstreamError(kind.replacingOccurrences(of: " ", with: "_"))
        }
    }

    public func protocolError(code: Int) {
        CoreMetrics.Counter(label: "mcp_protocol_errors_total", dimensions: [("code", String(code))], factory: factory)
            .increment()
    }

    public func authRefused() {
        CoreMetrics.Counter(label: "mcp_auth_refusals_total", factory: factory).increment()
    }

    /// The number of open sessions changed.
    public func sessionsChanged(_ count: Int) {
        sessions.record(count)
    }

    private func upstreamError(_ kind: String) {
        CoreMetrics.Counter(label: "mcp_upstream_errors_total", dimensions: [("kind", kind)], factory: factory)
            .increment()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func name(_ endpoint: Endpoint) -> String {
        endpoint.operationId ?? "\(endpoint.method) \(endpoint.path)"
    }
}
