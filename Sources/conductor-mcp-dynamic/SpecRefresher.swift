import ConductorMCPCore
import ConductorMCPServer
import Foundation
import Logging

/// Reads the API document again, every `--spec-refresh` interval (a URL `--spec`) and on SIGHUP (a file or a URL),
/// and swaps the tools when it changed. The new index is built beside the old one; calls in flight finish on the
/// tools they started with. A document that fails to load or index keeps the old tools, and the log says why. A URL
/// is fetched conditionally (`If-None-Match`, `If-Modified-Since`), so an unchanged document costs one 304.
///
/// It owns SIGHUP: the audit log is reopened first (for logrotate), then the document is reloaded. One signal source
/// only, since a second one for the same signal would not be called.
actor SpecRefresher {
    private let runtime: Runtime
    private let upstream: AsyncHTTPTransport
    private let source: ToolboxSource
    private let logger: Logger
    private var validators = SpecLoader.Validators()
    private var signalSource: (any DispatchSourceSignal)?

    init(
        runtime: Runtime, upstream: AsyncHTTPTransport, source: ToolboxSource, validators: SpecLoader.Validators,
        logger: Logger
    ) {
        self.runtime = runtime
        self.validators = validators
        self.upstream = upstream
        self.source = source
        self.logger = logger
    }

    /// Reloads on SIGHUP, and every `interval` when one is given; the task ends when cancelled.
    func start(every interval: Duration?) -> Task<Void, Never> {
        signal(SIGHUP, SIG_IGN)
        let signals = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        let auditLog = runtime.gate.auditLog
        signals.setEventHandler { [self] in
            auditLog?.reopen()
            Task { await self.reload(reason: "SIGHUP") }
        }
        signals.resume()
        signalSource = signals
        return Task {
            guard let interval else { return }
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await reload(reason: "every \(interval)")
            }
        }
    }

    /// `text` with values that came from `${NAME}` in the config file masked.
    private func redact(_ text: String) -> String { runtime.settings.secrets.redacting(text) }

    /// One reload: read, index, compare, swap when anything changed.
    func reload(reason: String) async {
        let spec = SpecSource(argument: runtime.settings.spec)
        let loader = SpecLoader(timeout: .milliseconds(Int(runtime.settings.specTimeout * 1000)))
        let bytes: [UInt8]
        do {
            switch spec {
            case .bundled:
                logger.info("reload (\(reason)): the bundled document does not change; nothing to do")
                return
            case .file:
                bytes = try await loader.read(spec)
            case .url(let url):
                let fetched = try await loader.fetch(url, since: validators)
                guard let body = fetched.bytes else {
                    logger.debug("\(redact("reload (\(reason)): \(spec) unchanged (304)"))")
                    return
                }
                validators = fetched.validators
                bytes = body
            }
            let document = try SpecParser.parse(bytes, source: spec.description)
            let old = await source.current.value
            let candidate = EndpointIndex(document: document)
            // A document with no endpoint left is a server mid-deploy or broken, not an API with nothing in it.
            if candidate.endpoints.isEmpty, !old.index.endpoints.isEmpty {
                logger.warning(
                    "\(redact("reload (\(reason)): \(spec) now has no endpoints; keeping the previous document (\(old.index.endpoints.count) endpoints)"))"
                )
                return
            }
            let diff = SpecDiff(old: old.index, new: candidate)
            guard !diff.isEmpty else {
                logger.debug("\(redact("reload (\(reason)): \(spec) has no endpoint-level change"))")
                return
            }
            source.replace(with: runtime.toolbox(document, upstream), diff: diff)
            let summary = diff.text.split(separator: "\n").first.map(String.init) ?? ""
            logger.notice("\(redact("reloaded \(spec) (\(reason)): \(summary)"))")
        } catch {
            logger.warning(
                "\(redact("reload (\(reason)) failed; keeping the previous document: \(error.errorDescription ?? "\(error)")"))"
            )
        }
    }
}
