/// Go's `strconv.Atoi` on a 64-bit machine, with the value it returns next to its error, since
/// aws-iam-authenticator prints that value in `invalid X-Amz-Expires parameter in pre-signed URL: %d`.
enum GoAtoi {
    /// The integer, or the value Go returns with its error: 0 for a syntax error (empty, a lone sign,
    /// a byte that is not a digit), `Int64.max` / `Int64.min` when the number overflows before any
    /// such byte.
    static func parse(_ text: [UInt8]) -> (value: Int, isValid: Bool) {
        var digits = text[...]
        let negative = digits.first == UInt8(ascii: "-")
        if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return (0, false) }
        var magnitude: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return (0, false) }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return negative ? (Int.min, false) : (Int.max, false) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return (Int.min, false) }
            return (magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude), true)
        }
        guard magnitude <= UInt64(Int64.max) else { return (Int.max, false) }
        return (Int(magnitude), true)
    }
}
