import Foundation
public import Logging

/// A swift-log handler writing one JSON object per line to standard error —
/// `{"arn":"…","level":"info","logger":"eksauth","msg":"access granted",…,"time":"…"}`, keys sorted —
/// the shape log pipelines (and aws-iam-authenticator's `-l json`) use. Metadata values are strings.
public struct JSONLogHandler: LogHandler {
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
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        fields["time"] = LogClock.iso8601()
        fields["level"] = event.level.rawValue
        fields["msg"] = "\(event.message)"
        fields["logger"] = label
        var line: [UInt8] = [UInt8(ascii: "{")]
        line.reserveCapacity(512)
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(field.key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(field.value, to: &line)
        }
        line += "}\n".utf8
        LogLineWriter.standardError.write(line)
    }
}
