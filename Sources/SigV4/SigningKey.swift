internal import Crypto
import Foundation

/// The SigV4 signing key for one secret, date, region and service:
/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
public struct SigningKey: Sendable {
    let key: SymmetricKey

    /// Derives the key.
    public init(secretAccessKey: String, dateStamp: some StringProtocol, region: String, service: String) {
        var key = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
        for part in [String(dateStamp), region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        self.key = key
    }

    /// The hex signature of `stringToSign`.
    public func signature(for stringToSign: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    /// Whether `signature` (hex) is the signature of `stringToSign`, compared in constant time.
    public func isValidSignature(_ signature: String, for stringToSign: String) -> Bool {
        let expected = Array(self.signature(for: stringToSign).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}
