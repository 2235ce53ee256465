import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends audit records as JSON lines to a file (or stderr).
///
/// Each line goes out in one `write(2)` on a descriptor opened with `O_APPEND`, under a lock, so lines from
/// concurrent calls never interleave. `reopen()` (on SIGHUP) closes and opens the path again, for logrotate. A write
/// failure is logged on stderr and never fails the call it records.
public final class AuditLog: Sendable {
    /// Where the lines go.
    public enum Destination: Sendable, Hashable {
        case standardError
        case file(String)
    }

    /// The destination.
    public let destination: Destination
    private let descriptor: Mutex<Int32>
    private let logger: Logger

    /// Opens `destination` for appending (creating a file with mode 0600).
    public init(_ destination: Destination, logger: Logger) throws(AuditLogError) {
        self.destination = destination
        self.logger = logger
        descriptor = Mutex(try Self.open(destination))
    }

    deinit {
        descriptor.withLock { if $0 > 2 { _ = close($0) } }
    }

    /// Writes one record as one line.
    public func write(_ record: AuditRecord) {
        let line = Array((record.jsonLine + "\n").utf8)
        let failure: String? = descriptor.withLock { fd in
            guard fd >= 0 else { return "the audit log is not open" }
            var offset = 0
            while offset < line.count {
                let written = line.withUnsafeBytes { buffer in
                    #if canImport(Glibc)
                        Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    #else
                        Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    #endif
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
        if let failure {
            logger.error("audit log write failed: \(failure); the call's answer was still returned")
        }
    }

    /// Closes and reopens the file (after logrotate moved it); a failure is logged and lines are dropped until a
    /// later reopen succeeds.
    public func reopen() {
        guard case .file = destination else { return }
        descriptor.withLock { fd in
            if fd > 2 { _ = close(fd) }
            do throws(AuditLogError) {
                fd = try Self.open(destination)
            } catch {
                fd = -1
                logger.error("\(error.errorDescription ?? "audit log reopen failed")")
            }
        }
    }

    private static func open(_ destination: Destination) throws(AuditLogError) -> Int32 {
        switch destination {
        case .standardError:
            return 2
        case .file(let path):
            // Opened without blocking: a FIFO nobody reads would otherwise hold start-up in open(2) forever (it
            // fails with ENXIO instead); writes then block as usual, so no line is dropped.
            let fd = path.withCString {
                openFile($0, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600)
            }
            guard fd >= 0 else {
                let reason = errno == ENXIO ? "it is a FIFO that no process reads" : String(cString: strerror(errno))
                throw .cannotOpen(path: path, reason: reason)
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return fd
        }
    }

    private static func openFile(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
            Glibc.open(path, flags, mode)
        #else
            Darwin.open(path, flags, mode)
        #endif
    }
}
