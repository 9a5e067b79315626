internal import SigV4

/// Dates as the `Date…` condition operators read them: an instant in seconds since 1970-01-01T00:00:00Z.
///
/// Accepted forms (IAM: "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX)
/// time"): epoch seconds (`1700000000`, `1700000000.5`), `YYYY-MM-DD`, `YYYY-MM`, `YYYY-MM-DDThh:mm`,
/// `YYYY-MM-DDThh:mm:ss`, `YYYY-MM-DDThh:mm:ss.s…`, each time with `Z`, `±hh:mm`, `±hhmm` or no zone (UTC).
/// A bare four-digit number is read as epoch seconds, not as a year.
enum PolicyDate {
    /// Seconds since the epoch, or `nil` when `text` is not a date in one of the accepted forms.
    static func seconds(from text: String) -> Double? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        if isDecimal(scalars) {
            return Double(text)
        }
        return parseISO8601(scalars)
    }

    /// `-?digits(.digits)?`: epoch seconds.
    private static func isDecimal(_ s: [Unicode.Scalar]) -> Bool {
        var digits = s[...]
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
    }

    private static func parseISO8601(_ s: [Unicode.Scalar]) -> Double? {
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= s.count else { return nil }
            var value = 0
            for scalar in s[index..<(index + count)] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            index += count
            return value
        }
        func accept(_ scalar: Unicode.Scalar) -> Bool {
            guard index < s.count, s[index] == scalar else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1
        var day = 1
        var seconds = 0.0
        if accept("-") {
            guard let m = number(2) else { return nil }
            month = m
            if accept("-") {
                guard let d = number(2) else { return nil }
                day = d
                if accept("T") || accept("t") {
                    guard let hour = number(2), accept(":"), let minute = number(2) else { return nil }
                    var second = 0.0
                    if accept(":") {
                        guard let whole = number(2) else { return nil }
                        second = Double(whole)
                        if accept(".") {
                            let start = index
                            while index < s.count, ("0"..."9").contains(s[index]) { index += 1 }
                            guard index > start, let fraction = Double("0." + String(String.UnicodeScalarView(s[start..<index]))) else {
                                return nil
                            }
                            second += fraction
                        }
                    }
                    guard hour < 24 || (hour == 24 && minute == 0 && second == 0), minute < 60, second < 61 else { return nil }
                    seconds = Double(hour * 3600 + minute * 60) + second
                    if accept("Z") || accept("z") {
                        // UTC
                    } else if index < s.count, s[index] == "+" || s[index] == "-" {
                        let sign = s[index] == "+" ? 1 : -1
                        index += 1
                        guard let offsetHours = number(2) else { return nil }
                        _ = accept(":")
                        guard let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                        seconds -= Double(sign * (offsetHours * 3600 + offsetMinutes * 60))
                    }
                }
            }
        }
        guard index == s.count, (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day) else {
            return nil
        }
        return Double(CivilTime.epochDays(year: Int64(year), month: Int64(month), day: Int64(day))) * 86400 + seconds
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `seconds` since the epoch as `YYYY-MM-DDThh:mm:ssZ` (whole seconds), the form of `aws:CurrentTime`.
    static func iso8601(seconds: Double) -> String {
        CivilTime(epochSeconds: Int64(seconds.rounded(.down))).rfc3339String
    }
}
