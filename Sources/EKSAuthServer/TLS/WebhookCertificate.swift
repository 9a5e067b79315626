import Crypto
public import Foundation
import SwiftASN1
import X509
#if canImport(Glibc)
import Glibc
#endif

/// The server's TLS identity made by `eksauth init`: a P-256 key and a self-signed certificate whose
/// subject alternative names cover the addresses and host names the API server will dial. The
/// certificate is also the trust anchor the webhook kubeconfig carries, as aws-iam-authenticator's
/// `init` does.
public struct WebhookCertificate: Sendable {
    /// The certificate, PEM.
    public let certificatePEM: String
    /// The private key, PEM (PKCS#8).
    public let privateKeyPEM: String

    /// Makes a key and a certificate valid from `now` for `years` years.
    ///
    /// - Parameters:
    ///   - hostnames: DNS names to cover (`localhost` is always covered).
    ///   - addresses: IP addresses to cover (`127.0.0.1` is always covered).
    public static func make(hostnames: [String], addresses: [String], now: Date = Date(), years: Int = 10) throws -> WebhookCertificate {
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName {
            CommonName("eksauth webhook")
            OrganizationName("eksauth")
        }
        var names: [GeneralName] = []
        for host in Set(hostnames + ["localhost"]).sorted() { names.append(.dnsName(host)) }
        for address in Set(addresses + ["127.0.0.1"]).sorted() {
            guard let bytes = IPAddressBytes.parse(address) else {
                throw WebhookCertificateError("\(address) is not an IPv4 or IPv6 address; give host names with --hostname")
            }
            names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
        }
        var serial = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in serial.indices { serial[index] = UInt8.random(in: 0...255, using: &generator) }
        serial[0] &= 0x7F
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial), publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(years) * 365.25 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: privateKey)
        return WebhookCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString + "\n", privateKeyPEM: key.pemRepresentation + "\n")
    }
}

/// The certificate could not be made.
public struct WebhookCertificateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parses textual IP addresses into their bytes.
enum IPAddressBytes {
    static func parse(_ text: String) -> [UInt8]? {
        for (family, size) in [(AF_INET, 4), (AF_INET6, 16)] {
            var bytes = [UInt8](repeating: 0, count: size)
            if bytes.withUnsafeMutableBytes({ inet_pton(family, text, $0.baseAddress) }) == 1 { return bytes }
        }
        return nil
    }
}
