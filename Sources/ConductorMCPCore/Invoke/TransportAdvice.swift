/// What to tell the agent when no HTTP answer arrived.
enum TransportAdvice {
    /// The advice for `error`, naming the settings to change as `names` calls them; `maxResponseBytes` sizes the
    /// connection pool the busy advice names.
    static func describe(
        _ error: TransportError, baseURL: String, timeout: Duration? = nil, maxResponseBytes: Int, names: SettingNames
    ) -> String {
        switch error.kind {
        case .connectionRefused:
            return "Connection refused: nothing is listening at \(baseURL). Is Conductor running there? "
                + "Point \(names.serverURL) at it."
        case .unknownHost:
            return "Unknown host: the name in \(baseURL) does not resolve (DNS). Check \(names.serverURL)."
        case .timeout:
            let limit = timeout.map { " within \($0.seconds) s" } ?? ""
            return
                "Timed out: no complete answer\(limit). The server may be slow or overloaded; retry, or raise \(names.timeout)."
        case .busy:
            return
                "Not sent: all \(AsyncHTTPTransport.connections(forResponseBytes: maxResponseBytes)) connections to "
                + "\(baseURL) stayed busy with slower calls (long polls, synchronous executions) past the connect "
                + "timeout. Retry once some of them finish; a smaller \(names.maxResponseBytes) allows more "
                + "connections (up to \(AsyncHTTPTransport.maxConnectionsPerHost))."
        case .tls:
            return "TLS failed (\(error.detail)). Check that the server speaks https on that port and that its "
                + "certificate is valid for the host."
        case .connectionClosed:
            return
                "The server closed the connection before answering in full (\(error.detail)). Retry; if it persists, "
                + "check the server's logs."
        case .invalidURL:
            return "The URL cannot be requested (\(error.detail)). Check \(names.serverURL)."
        case .cancelled:
            return "The call was cancelled before an answer arrived."
        case .malformedAnswer:
            return "What came back is not a valid HTTP/1.1 answer (\(error.detail)). Check that \(names.serverURL) "
                + "names the HTTP port of a Conductor server (not its TLS port, nor another protocol's)."
        case .other:
            return "The request failed before an answer arrived: \(error.detail)"
        }
    }
}
