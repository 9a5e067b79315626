internal import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The SigV4 signing key for one secret, date, region and service:
/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
public struct SigningKey: Sendable {
    let key: SymmetricKey
    /// An HMAC already keyed with ``key``: copying it skips hashing the key for every signature.
    private let keyed: HMAC<SHA256>

    /// Derives the key.
    public init(secretAccessKey: String, dateStamp: some StringProtocol, region: String, service: String) {
        var key = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
        for part in [String(dateStamp), region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        self.key = key
        self.keyed = HMAC<SHA256>(key: key)
    }

    private func authenticationCode(for stringToSign: String) -> HashedAuthenticationCode<SHA256> {
        var hmac = keyed
        var text = stringToSign
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return hmac.finalize()
    }

    /// The hex signature of `stringToSign`.
    public func signature(for stringToSign: String) -> String {
        Hex.encode(authenticationCode(for: stringToSign))
    }

    /// Whether `signature` (hex) is the signature of `stringToSign`, compared in constant time.
    public func isValidSignature(_ signature: String, for stringToSign: String) -> Bool {
        let expected = authenticationCode(for: stringToSign)
        var given = signature
        return given.withUTF8 { hex -> Bool in
            guard hex.count == 2 * SHA256.byteCount else { return false }
            var difference: UInt8 = 0
            var offset = 0
            for byte in expected {
                let high = Hex.lowerHexDigits[Int(byte >> 4)]
                let low = Hex.lowerHexDigits[Int(byte & 0x0F)]
                difference |= (hex[offset] ^ high) | (hex[offset + 1] ^ low)
                offset += 2
            }
            return difference == 0
        }
    }
}
