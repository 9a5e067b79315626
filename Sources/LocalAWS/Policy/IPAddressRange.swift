/// An IPv4 or IPv6 address range in CIDR form, as the `IpAddress` and `NotIpAddress` operators read policy
/// values: `203.0.113.0/24`, `2001:DB8:1234:5678::/64`, or a single address (IAM: "without the associated
/// routing prefix, IAM uses the default prefix value of /32", i.e. the whole address).
struct IPAddressRange: Sendable, Hashable {
    /// The network address, 4 bytes (IPv4) or 16 bytes (IPv6).
    let bytes: [UInt8]
    /// The number of leading bits that must match.
    let prefixLength: Int

    /// Parses `address[/prefix]`; `nil` when it is not an IPv4 or IPv6 address or the prefix is out of range.
    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parseAddress(parts[0]) else { return nil }
        let maxPrefix = address.count * 8
        var prefix = maxPrefix
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), let parsed = Int(parts[1]), (0...maxPrefix).contains(parsed) else {
                return nil
            }
            prefix = parsed
        }
        self.bytes = address
        self.prefixLength = prefix
    }

    /// Whether `address` (without a prefix) lies in the range. Addresses of the other family never match.
    func contains(_ address: String) -> Bool {
        guard let other = Self.parseAddress(Substring(address)), other.count == bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(bytes, other) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            guard a & mask == b & mask else { return false }
            remaining -= bits
        }
        return true
    }

    /// The bytes of an IPv4 (dotted quad) or IPv6 address (with `::` compression and an optional trailing
    /// dotted quad), or `nil`.
    static func parseAddress(_ text: Substring) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(text) }
        return parseIPv4(text)
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(octet) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !(halves.count == 2 && halves[1].contains("::")) else { return nil }
        func groups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = parseIPv4(field) else { return nil }
                    bytes += v4
                    continue
                }
                guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit), let value = UInt16(field, radix: 16) else {
                    return nil
                }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        if halves.count == 1 {
            guard let bytes = groups(halves[0], allowIPv4Tail: true), bytes.count == 16 else { return nil }
            return bytes
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
            head.count + tail.count <= 14
        else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
