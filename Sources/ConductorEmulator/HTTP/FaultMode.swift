/// A misbehaviour the emulator can put on answers, for robustness tests of clients.
public enum FaultMode: Sendable, Hashable {
    /// Delay the answer by this many milliseconds, then answer normally.
    case latency(milliseconds: Int)
    /// 500 with an HTML page, as a proxy in front of Conductor might answer.
    case html500
    /// 200 with `application/json` whose body is cut off mid-document.
    case invalidJSON
    /// 200 with a valid JSON body of about this many megabytes.
    case largeBody(megabytes: Int)
    /// Close the connection after the response head, without a body.
    case drop
}

/// A fault and the request paths it applies to.
public struct FaultRule: Sendable, Hashable, CustomStringConvertible {
    /// What happens.
    public var mode: FaultMode
    /// Only requests whose path starts with this prefix; nil for every request.
    public var pathPrefix: String?

    /// Creates a rule.
    public init(mode: FaultMode, pathPrefix: String? = nil) {
        self.mode = mode
        self.pathPrefix = pathPrefix
    }

    /// Parses `MODE[=VALUE][@PATH_PREFIX]`: `latency=250`, `html500`, `invalid-json`, `large-body=20`,
    /// `drop`, optionally scoped, e.g. `html500@/api/workflow`.
    public init?(parsing text: String) {
        var spec = Substring(text.trimmingCharacters(in: [" "]))
        var prefix: String?
        if let at = spec.firstIndex(of: "@") {
            prefix = String(spec[spec.index(after: at)...])
            spec = spec[..<at]
        }
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        let value = parts.count > 1 ? Int(parts[1]) : nil
        switch parts.first?.lowercased() ?? "" {
        case "latency":
            // At most 10 minutes: a longer stall is a hang, and a huge value would overflow the sleep.
            guard let value, (0...600_000).contains(value) else { return nil }
            mode = .latency(milliseconds: value)
        case "html500": mode = .html500
        case "invalid-json": mode = .invalidJSON
        case "large-body":
            // 1 MB to 1 GB: the body is streamed, but its size is counted in bytes.
            guard (1...1024).contains(value ?? 20) else { return nil }
            mode = .largeBody(megabytes: value ?? 20)
        case "drop": mode = .drop
        default: return nil
        }
        pathPrefix = prefix.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the rule covers `path`.
    func applies(to path: String) -> Bool {
        guard let pathPrefix else { return true }
        return path.hasPrefix(pathPrefix)
    }

    public var description: String {
        let base: String =
            switch mode {
            case .latency(let milliseconds): "latency=\(milliseconds)"
            case .html500: "html500"
            case .invalidJSON: "invalid-json"
            case .largeBody(let megabytes): "large-body=\(megabytes)"
            case .drop: "drop"
            }
        return pathPrefix.map { "\(base)@\($0)" } ?? base
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
