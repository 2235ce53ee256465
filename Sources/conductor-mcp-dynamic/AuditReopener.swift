import ConductorMCPCore
import Foundation

/// Reopens the audit log on SIGHUP, so that logrotate can move the file away.
final class AuditReopener {
    private let source: any DispatchSourceSignal

    /// Starts listening for SIGHUP on behalf of `log`.
    init(_ log: AuditLog) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { log.reopen() }
        source.resume()
    }

    /// Stops listening.
    func cancel() { source.cancel() }
}
