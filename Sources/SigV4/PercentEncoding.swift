/// Percent-encoding as SigV4 defines it: every byte of the UTF-8 form except the RFC 3986
/// unreserved characters (`A-Z a-z 0-9 - _ . ~`) becomes `%XX` with upper-case hex.
public enum PercentEncoding {
    /// Encodes `string` for a query key or value (`/` is encoded too).
    public static func encodeQueryComponent(_ string: String) -> String {
        encode(string, keepSlash: false)
    }

    /// Encodes a URI path, leaving `/` alone. A path that is already percent-encoded is encoded again
    /// (`%` → `%25`), as the AWS SDKs do for every service but S3.
    public static func encodePath(_ string: String) -> String {
        encode(string, keepSlash: true)
    }

    /// Decodes `%XX` sequences; a malformed sequence is kept as it stands. `+` is not a space.
    public static func decode(_ string: String) -> String {
        guard string.utf8.contains(UInt8(ascii: "%")) else { return string }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        var iterator = Array(string.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode(_ string: String, keepSlash: Bool) -> String {
        var needsWork = false
        for byte in string.utf8 where !(isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/"))) {
            needsWork = true
            break
        }
        guard needsWork else { return string }
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count * 3)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
