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
        var string = string
        return string.withUTF8 { bytes in bytes.contains(UInt8(ascii: "%")) ? decode(bytes) : nil } ?? string
    }

    /// Decodes the UTF-8 `bytes` as ``decode(_:)-swift.type.method`` does.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var written = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                   let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    out[written] = high << 4 | low
                    index += 3
                } else {
                    out[written] = byte
                    index += 1
                }
                written += 1
            }
            return written
        }
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
        var string = string
        return string.withUTF8 { bytes -> String? in
            guard let first = bytes.firstIndex(where: { !(isUnreserved($0) || (keepSlash && $0 == UInt8(ascii: "/"))) }) else {
                return nil
            }
            return String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                for index in 0..<first { out[index] = bytes[index] }
                var written = first
                for byte in bytes[first...] {
                    if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                        out[written] = byte
                        written += 1
                    } else {
                        out[written] = UInt8(ascii: "%")
                        out[written + 1] = hexDigits[Int(byte >> 4)]
                        out[written + 2] = hexDigits[Int(byte & 0x0F)]
                        written += 3
                    }
                }
                return written
            }
        } ?? string
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
