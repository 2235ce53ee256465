import Foundation

/// Guards against DNS rebinding: which `Origin` and `Host` values a request may carry.
///
/// A browser page on another site sends its own `Origin`; a rebinding attack also sends its own host name as `Host`
/// while the socket reaches loopback. Requests without `Origin` (every non-browser client) pass the origin check.
struct OriginPolicy: Sendable {
    /// Origins allowed besides loopback ones.
    let allowed: Set<String>
    /// When the server binds loopback, `Host` must name loopback too.
    let requireLoopbackHost: Bool

    /// Why the request is refused, or nil when it may proceed.
    func refusal(origin: String?, host: String?) -> String? {
        if let origin, !allowed.contains(origin), !Self.isLoopbackOrigin(origin) {
            return "Origin \(origin) is not allowed; start the server with --allowed-origin \(origin) to allow it"
        }
        if requireLoopbackHost, let host, !HTTPServerOptions.isLoopback(Self.hostName(host)) {
            return "Host \(host) is not a loopback name; this server listens on loopback only"
        }
        return nil
    }

    /// `http(s)://localhost|127.x|[::1]` with any port.
    static func isLoopbackOrigin(_ origin: String) -> Bool {
        guard let url = URL(string: origin), let scheme = url.scheme, scheme == "http" || scheme == "https",
            let host = url.host
        else { return false }
        return HTTPServerOptions.isLoopback(host)
    }

    /// The host part of a `Host` header (without the port).
    static func hostName(_ header: String) -> String {
        if header.hasPrefix("["), let end = header.firstIndex(of: "]") { return String(header[...end]) }
        return String(header.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
