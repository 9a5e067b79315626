public import Foundation

/// Makes the random parts of identities — unique ids, access key ids, secrets, session tokens — from
/// an injected random number generator, so tests can make them deterministic.
public struct IdentifierGenerator: Sendable {
    /// The upper-case letters and digits of AWS unique ids and access key ids (base32).
    static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    /// The characters of secrets and session tokens.
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private var random: any RandomNumberGenerator & Sendable

    /// Creates a generator drawing from `random` (the system's by default).
    public init(random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.random = random
    }

    /// `count` characters drawn from `alphabet`.
    mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<count { bytes.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An IAM user id: `AIDA` + 17 characters.
    public mutating func userID() -> String { "AIDA" + string(17, from: Self.idAlphabet) }
    /// An IAM role id: `AROA` + 17 characters.
    public mutating func roleID() -> String { "AROA" + string(17, from: Self.idAlphabet) }
    /// A long-term access key id: `AKIA` + 16 characters.
    public mutating func accessKeyID() -> String { "AKIA" + string(16, from: Self.idAlphabet) }
    /// A temporary access key id: `ASIA` + 16 characters.
    public mutating func temporaryAccessKeyID() -> String { "ASIA" + string(16, from: Self.idAlphabet) }
    /// A 40-character secret access key.
    public mutating func secretAccessKey() -> String { string(40, from: Self.secretAlphabet) }
    /// A session token (opaque, 356 characters).
    public mutating func sessionToken() -> String { "IQoJb3JpZ2luX2VjE" + string(339, from: Self.secretAlphabet) }

    /// A random (version 4) UUID.
    public mutating func uuid() -> UUID {
        var bytes = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
