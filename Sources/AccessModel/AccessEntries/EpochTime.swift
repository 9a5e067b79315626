public import Foundation

/// An instant on the EKS wire: epoch seconds as a JSON number with millisecond precision
/// (`1704164645.123`), as the rest-json protocol sends timestamps without a format.
public struct EpochTime: Sendable, Hashable, Comparable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// The instant `date`, to the millisecond.
    public init(_ date: Date) {
        self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public init(from decoder: any Decoder) throws {
        let seconds = try decoder.singleValueContainer().decode(Decimal.self)
        self.milliseconds = Int64(truncating: NSDecimalNumber(decimal: seconds * 1000))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(milliseconds) / 1000)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
