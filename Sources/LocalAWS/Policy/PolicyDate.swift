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
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + seconds
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `seconds` since the epoch as `YYYY-MM-DDThh:mm:ssZ` (whole seconds), the form of `aws:CurrentTime`.
    static func iso8601(seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        var days = total / 86400
        var secondOfDay = total % 86400
        if secondOfDay < 0 {
            secondOfDay += 86400
            days -= 1
        }
        // civil_from_days
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}
