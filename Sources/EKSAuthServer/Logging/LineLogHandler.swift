import Foundation
public import Logging

/// A swift-log handler writing one line per event to standard error, through a ``LogLineWriter``
/// so a busy server does not pay a system call per decision:
/// - `.text`: swift-log's text format with the metadata sorted by key —
///   `2026-11-30T14:27:00+0000 info eksauth: arn=… username=… [EKSAuthServer] access granted`;
/// - `.json`: one JSON object, keys sorted, values strings —
///   `{"arn":"…","level":"info","logger":"eksauth","msg":"access granted",…,"time":"…"}`, the shape
///   log pipelines (and aws-iam-authenticator's `-l json`) use.
public struct LineLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// swift-log's text format.
        case text
        /// One JSON object per line.
        case json
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: Format

    /// A handler for logger `label` writing `format`.
    public init(label: String, format: Format) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        switch format {
        case .text:
            var line = LogClock.text() + " " + event.level.rawValue + " " + label + ":"
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            line += " [\(event.source)] \(event.message)\n"
            LogLineWriter.standardError.write(Array(line.utf8))
        case .json:
            var strings = fields.mapValues { "\($0)" }
            strings["time"] = LogClock.iso8601()
            strings["level"] = event.level.rawValue
            strings["msg"] = "\(event.message)"
            strings["logger"] = label
            var line: [UInt8] = [UInt8(ascii: "{")]
            line.reserveCapacity(512)
            for (index, field) in strings.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(field.key, to: &line)
                line.append(UInt8(ascii: ":"))
                JSONText.appendQuoted(field.value, to: &line)
            }
            line += "}\n".utf8
            LogLineWriter.standardError.write(line)
        }
    }
}
