import ConductorMCPCore
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
            let shown = HeaderText.printable(origin, limit: 80)
            return "Origin \(shown) is not allowed; start the server with --allowed-origin \(shown) to allow it"
        }
        if requireLoopbackHost {
            // HTTP/1.1 requires Host; on a loopback bind it must be a loopback name with at most a port after it.
            guard let host, let name = Self.hostName(host), HTTPServerOptions.isLoopback(name) else {
                return "Host \(HeaderText.printable(host ?? "(none)", limit: 80)) is not a loopback name with an "
                    + "optional port; this server listens on loopback only"
            }
        }
        return nil
    }

    /// `http(s)://localhost|127.x|[::1]` with any port.
    static func isLoopbackOrigin(_ origin: String) -> Bool {
        // An origin is scheme, host and an optional port (RFC 6454): no path, query, user info or port out of range.
        guard let url = URL(string: origin), let scheme = url.scheme, scheme == "http" || scheme == "https",
            let host = url.host, url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil,
            url.port.map({ (1...65_535).contains($0) }) ?? true
        else { return false }
        return HTTPServerOptions.isLoopback(host)
    }

    /// The host part of a `Host` header, or nil when the header is not `host[:port]` (an empty port, user info or
    /// anything after the port makes it unusable).
    static func hostName(_ header: String) -> String? {
        var name = Substring(header)
        var rest = Substring("")
        if header.hasPrefix("[") {
            guard let end = header.firstIndex(of: "]") else { return nil }
            name = header[...end]
            rest = header[header.index(after: end)...]
        } else if let colon = header.firstIndex(of: ":") {
            name = header[..<colon]
            rest = header[colon...]
        }
        if !rest.isEmpty {
            let port = rest.dropFirst()
            // ASCII digits naming a TCP port: `Character.isNumber` also holds for "½" and "٣".
            guard rest.first == ":", !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = Int(port), (1...65_535).contains(number)
            else { return nil }
        }
        return name.isEmpty ? nil : String(name)
    }
}
