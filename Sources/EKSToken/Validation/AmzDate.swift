import Foundation
import SigV4

/// An `X-Amz-Date` value read as Go's `time.Parse("20060102T150405Z", value)` reads it, failures
/// worded as Go's `time.ParseError`.
///
/// One difference, to fail closed: Go accepts a fraction of a second the layout does not ask for
/// (`20240102T030405.5Z`); here it fails as Go would fail without that leniency
/// (`cannot parse ".5Z" as "Z"`), since a SigV4 date never has one.
struct AmzDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    /// The layout aws-iam-authenticator parses with.
    static let layout = "20060102T150405Z"

    /// The instant, in UTC.
    var date: Date {
        let days = CivilTime.epochDays(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Go's `time.Time.String()` of the parsed value: `1990-04-22 01:02:03 +0000 UTC`.
    var goString: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)) +0000 UTC"
    }

    /// Why Go's `time.Parse` fails, to be worded as Go words it by ``text(value:)``.
    enum ParseError: Error, Equatable {
        /// `parsing time "…" as "20060102T150405Z": cannot parse "<value element>" as "<layout element>"`.
        case cannotParse(valueElement: [UInt8], layoutElement: String)
        /// `parsing time "…": <field> out of range`.
        case outOfRange(String)
        /// `parsing time "…": extra text: "<rest>"`.
        case extraText([UInt8])

        /// Go's text for the value `value` (which the caller may have cut; the elements of the value
        /// quoted here are cut the same way, by ``GoText/redacted(_:limit:)``).
        func text(value: [UInt8]) -> String {
            let quotedValue = GoText.timeQuote(value)
            switch self {
            case .cannotParse(let valueElement, let layoutElement):
                let element = GoText.timeQuote(GoText.redacted(valueElement, limit: GoText.shortEcho))
                return "parsing time \(quotedValue) as \"\(AmzDate.layout)\": cannot parse \(element) as \"\(layoutElement)\""
            case .outOfRange(let field):
                return "parsing time \(quotedValue): \(field) out of range"
            case .extraText(let rest):
                return "parsing time \(quotedValue): extra text: \(GoText.timeQuote(GoText.redacted(rest, limit: GoText.shortEcho)))"
            }
        }
    }

    /// Parses `value`, element by element as Go's layout parser does.
    static func parse(_ value: [UInt8]) throws(ParseError) -> AmzDate {
        func cannotParse(_ valueElement: ArraySlice<UInt8>, as layoutElement: String) -> ParseError {
            .cannotParse(valueElement: Array(valueElement), layoutElement: layoutElement)
        }
        func isDigit(_ text: ArraySlice<UInt8>, _ offset: Int) -> Bool {
            guard offset < text.count else { return false }
            let byte = text[text.startIndex + offset]
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }
        func digit(_ text: ArraySlice<UInt8>, _ offset: Int) -> Int {
            Int(text[text.startIndex + offset] - UInt8(ascii: "0"))
        }
        /// Go's `getnum`: one or two digits; two required when `fixed`.
        func number(_ text: inout ArraySlice<UInt8>, fixed: Bool) -> Int? {
            guard isDigit(text, 0) else { return nil }
            guard isDigit(text, 1) else {
                if fixed { return nil }
                defer { text = text.dropFirst() }
                return digit(text, 0)
            }
            defer { text = text.dropFirst(2) }
            return digit(text, 0) * 10 + digit(text, 1)
        }

        var rest = value[...]

        // 2006
        guard rest.count >= 4, isDigit(rest, 0) else { throw cannotParse(rest, as: "2006") }
        guard (0..<4).allSatisfy({ isDigit(rest, $0) }) else { throw cannotParse(rest, as: "2006") }
        let year = (0..<4).reduce(0) { $0 * 10 + digit(rest, $1) }
        rest = rest.dropFirst(4)

        // 01
        var hold = rest
        guard let month = number(&rest, fixed: true) else { throw cannotParse(hold, as: "01") }
        guard (1...12).contains(month) else { throw .outOfRange("month") }

        // 02 (checked against the month once everything is read, as Go does)
        hold = rest
        guard let day = number(&rest, fixed: true) else { throw cannotParse(hold, as: "02") }

        // T
        guard rest.first == UInt8(ascii: "T") else { throw cannotParse(rest, as: "T") }
        rest = rest.dropFirst()

        // 15
        hold = rest
        guard let hour = number(&rest, fixed: false) else { throw cannotParse(hold, as: "15") }
        guard hour < 24 else { throw .outOfRange("hour") }

        // 04
        hold = rest
        guard let minute = number(&rest, fixed: true) else { throw cannotParse(hold, as: "04") }
        guard minute < 60 else { throw .outOfRange("minute") }

        // 05
        hold = rest
        guard let second = number(&rest, fixed: true) else { throw cannotParse(hold, as: "05") }
        guard second < 60 else { throw .outOfRange("second") }

        // Z
        guard rest.first == UInt8(ascii: "Z") else { throw cannotParse(rest, as: "Z") }
        rest = rest.dropFirst()
        guard rest.isEmpty else { throw .extraText(Array(rest)) }

        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= monthDays[month - 1] else { throw .outOfRange("day") }
        return AmzDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
