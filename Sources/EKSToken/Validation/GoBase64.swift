/// Decoding as Go's `base64.RawURLEncoding.DecodeString` does it, failures at the same byte offset.
///
/// The alphabet is `A–Z a–z 0–9 - _`, there is no padding (`=` is an illegal byte), `\r` and `\n` are
/// skipped wherever they are, a final group of one character is illegal, and the unused low bits of a
/// final group of two or three characters are ignored (the encoding is not strict).
enum GoBase64 {
    /// Where the input stops being base64: Go's `CorruptInputError`, a 0-based byte offset.
    struct CorruptInput: Error, Equatable {
        let offset: Int
    }

    private static let invalid: UInt8 = 0xFF

    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8.enumerated() {
            map[Int(byte)] = UInt8(value)
        }
        return map
    }()

    /// The bytes `source` encodes.
    static func decodeRawURL(_ source: [UInt8]) throws(CorruptInput) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(source.count / 4 * 3 + 2)
        var index = 0
        // One group of up to four characters per pass, as Go's `decodeQuantum`.
        while index < source.count {
            var group: UInt32 = 0
            var count = 0
            while count < 4 {
                if index == source.count {
                    if count == 0 { return output }
                    if count == 1 { throw CorruptInput(offset: index - 1) }
                    break
                }
                let byte = source[index]
                index += 1
                let value = decodeMap[Int(byte)]
                if value != invalid {
                    group |= UInt32(value) << (18 - 6 * UInt32(count))
                    count += 1
                } else if byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
                    throw CorruptInput(offset: index - 1)
                }
            }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if count >= 3 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if count == 4 { output.append(UInt8(truncatingIfNeeded: group)) }
        }
        return output
    }
}
