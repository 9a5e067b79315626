import Foundation

/// Writes log lines to a file descriptor (standard error) without a system call per line under
/// load: a line is appended to a buffer, and the caller that finds no write in progress writes
/// everything buffered, including lines other threads add meanwhile. No line waits for a timer or
/// is lost to one: each is written before the writing caller returns.
final class LogLineWriter: @unchecked Sendable {
    /// The process's standard error.
    static let standardError = LogLineWriter(descriptor: 2)

    private let descriptor: Int32
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var isWriting = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        pending.reserveCapacity(1 << 16)
    }

    /// Writes `line` (which ends with a newline).
    func write(_ line: [UInt8]) {
        lock.lock()
        pending += line
        guard !isWriting else {
            lock.unlock()
            return
        }
        isWriting = true
        while !pending.isEmpty {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(1 << 16)
            swap(&chunk, &pending)
            lock.unlock()
            writeAll(chunk)
            lock.lock()
        }
        isWriting = false
        lock.unlock()
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// Timestamps for log lines, formatted once per second rather than once per line.
struct LogClock: Sendable {
    private struct Cached: Sendable {
        var second: Int = -1
        var text = ""
    }

    /// `2026-11-30T14:27:00+0000` in local time, as swift-log's stream handler prints it.
    static func text(_ now: Date = Date()) -> String { format(now, iso8601: false) }

    /// `2026-11-30T14:27:00Z`, UTC, as `Date.formatted(.iso8601)` prints it.
    static func iso8601(_ now: Date = Date()) -> String { format(now, iso8601: true) }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var local = Cached()
    nonisolated(unsafe) private static var utc = Cached()

    private static func format(_ now: Date, iso8601: Bool) -> String {
        let second = Int(now.timeIntervalSince1970.rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        if iso8601, utc.second == second { return utc.text }
        if !iso8601, local.second == second { return local.text }
        var time = time_t(second)
        var parts = tm()
        if iso8601 { gmtime_r(&time, &parts) } else { localtime_r(&time, &parts) }
        var buffer = [Int8](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, iso8601 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S%z", &parts)
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if iso8601 { utc = Cached(second: second, text: text) } else { local = Cached(second: second, text: text) }
        return text
    }
}
