#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import SigV4

/// The instant `eksauth token` signs at: `--signing-time` or `EKSAUTH_SIGNING_TIME` (RFC 3339 in UTC,
/// `2024-01-02T03:04:05Z`), else now. Fixing it makes tokens reproducible for byte-for-byte tests.
public enum SigningTime {
    /// The signing instant for the option's value and the environment; `now` when neither names one.
    ///
    /// - Throws: ``SigningTimeError`` when the text is not of the form `2024-01-02T03:04:05Z`.
    public static func date(option: String?, environment: [String: String], now: Date) throws(SigningTimeError) -> Date {
        guard let text = option ?? environment["EKSAUTH_SIGNING_TIME"], !text.isEmpty else { return now }
        let compact = String(text.filter { $0 != "-" && $0 != ":" })
        guard let timestamp = SigV4Timestamp(amzDate: compact) else { throw SigningTimeError(text: text) }
        return timestamp.date
    }
}

/// A signing time that is not RFC 3339 in UTC.
public struct SigningTimeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    public var description: String { "signing time '\(text)' is not of the form 2024-01-02T03:04:05Z" }
}
