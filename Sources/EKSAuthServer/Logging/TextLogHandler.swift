import Foundation
public import Logging

/// A swift-log handler writing swift-log's text format to standard error —
/// `2026-11-30T14:27:00+0000 info eksauth: arn=… username=… [EKSAuthServer] access granted` —
/// with its metadata sorted by key, through a ``LogLineWriter`` so a busy server does not pay a
/// system call per decision.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    /// A handler for logger `label`.
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        var line = LogClock.text() + " " + event.level.rawValue + " " + label + ":"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)\n"
        LogLineWriter.standardError.write(Array(line.utf8))
    }
}
