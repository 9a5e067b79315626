import Crypto
import CryptoExtras
public import Foundation

/// The private key service-account tokens are signed with — the PEM file kube-apiserver reads with
/// `--service-account-signing-key-file` — and what is published of it: the key id and the JSON Web Key.
///
/// RSA keys (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`, 2048 bits or more) sign RS256; EC P-256
/// keys (SEC1 `EC PRIVATE KEY` or PKCS#8) sign ES256. AWS STS accepts RS256 tokens only, so an EC key
/// is served in the JWKS but its tokens cannot be exchanged for AWS credentials.
///
/// The key id is kube-apiserver's (`keyIDFromPublicKey`): the base64url (no padding) SHA-256 of the
/// DER SubjectPublicKeyInfo, so tokens from this key and from a kube-apiserver with the same key
/// carry the same `kid`.
public struct ServiceAccountSigningKey: Sendable {
    enum Backing: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    let backing: Backing

    /// The JWS algorithm tokens are signed with: `RS256` or `ES256`.
    public var algorithm: String {
        switch backing {
        case .rsa: "RS256"
        case .p256: "ES256"
        }
    }

    /// Whether AWS STS accepts tokens signed by this key (RS256 only).
    public var acceptedByAWSSTS: Bool { algorithm == "RS256" }

    /// The DER SubjectPublicKeyInfo of the public key.
    public var publicKeyDER: Data {
        switch backing {
        case .rsa(let key): key.publicKey.derRepresentation
        case .p256(let key): key.publicKey.derRepresentation
        }
    }

    /// kube-apiserver's key id: base64url without padding of SHA-256(DER SubjectPublicKeyInfo).
    public var keyID: String { Base64URL.encode(Data(SHA256.hash(data: publicKeyDER))) }

    /// The public JSON Web Key (`kty`, `alg`, `use: sig`, `kid` and the key's parameters).
    public var jwk: JSONWebKey {
        switch backing {
        case .rsa(let key):
            let primitives = try? key.publicKey.getKeyPrimitives()
            return JSONWebKey(
                kty: "RSA", alg: "RS256", kid: keyID, n: primitives.map { Base64URL.encode(Self.trimmed($0.modulus)) },
                e: primitives.map { Base64URL.encode(Self.trimmed($0.publicExponent)) })
        case .p256(let key):
            let point = key.publicKey.x963Representation.dropFirst()
            return JSONWebKey(
                kty: "EC", alg: "ES256", kid: keyID, crv: "P-256", x: Base64URL.encode(Data(point.prefix(32))),
                y: Base64URL.encode(Data(point.suffix(32))))
        }
    }

    /// Reads the key from the PEM file at `path`.
    ///
    /// - Throws: ``IssuerError`` when the file cannot be read or holds no usable private key.
    public static func load(path: String) throws(IssuerError) -> ServiceAccountSigningKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path, "the file cannot be read (check the path and its permissions)")
        }
        return try parse(pem: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Reads the first private key of a PEM document (other blocks, such as certificates, are skipped).
    ///
    /// - Throws: ``IssuerError`` naming `source` when no block is a usable private key.
    public static func parse(pem: String, source: String = "the key") throws(IssuerError) -> ServiceAccountSigningKey {
        let blocks = PEMBlock.all(in: pem)
        guard !blocks.isEmpty else { throw .unreadable(source, "it holds no PEM block") }
        for block in blocks {
            switch block.label {
            case "RSA PRIVATE KEY":
                guard let key = try? _RSA.Signing.PrivateKey(derRepresentation: block.der) else {
                    throw .unreadable(source, "its RSA PRIVATE KEY block is not an RSA key of 2048 bits or more")
                }
                return ServiceAccountSigningKey(backing: .rsa(key))
            case "EC PRIVATE KEY":
                guard let key = try? P256.Signing.PrivateKey(derRepresentation: block.der) else {
                    throw IssuerError(
                        .unsupportedKey,
                        "cannot use \(source): its EC PRIVATE KEY is not on curve P-256; eksauth signs with RSA (RS256, the only "
                            + "algorithm AWS STS accepts) or EC P-256 (ES256) keys")
                }
                return ServiceAccountSigningKey(backing: .p256(key))
            case "PRIVATE KEY":
                if let key = try? _RSA.Signing.PrivateKey(derRepresentation: block.der) {
                    return ServiceAccountSigningKey(backing: .rsa(key))
                }
                if let key = try? P256.Signing.PrivateKey(derRepresentation: block.der) {
                    return ServiceAccountSigningKey(backing: .p256(key))
                }
                throw IssuerError(
                    .unsupportedKey,
                    "cannot use \(source): its PRIVATE KEY is neither an RSA key of 2048 bits or more nor an EC P-256 key; "
                        + "use RSA (RS256, the only algorithm AWS STS accepts) or EC P-256 (ES256)")
            case "ENCRYPTED PRIVATE KEY":
                throw .unreadable(source, "the key is encrypted; kube-apiserver needs it unencrypted too")
            default:
                continue
            }
        }
        throw .unreadable(source, "it has no RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY block")
    }

    /// A new RSA-2048 key (for tests and `eksauth` demos).
    public static func generateRSA() throws(IssuerError) -> ServiceAccountSigningKey {
        do { return ServiceAccountSigningKey(backing: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))) } catch {
            throw IssuerError(.signingFailed, "cannot generate an RSA key: \(error)")
        }
    }

    /// A new EC P-256 key.
    public static func generateP256() -> ServiceAccountSigningKey { ServiceAccountSigningKey(backing: .p256(P256.Signing.PrivateKey())) }

    /// The private key as PKCS#8 PEM.
    public var privateKeyPEM: String {
        switch backing {
        case .rsa(let key): key.pemRepresentation
        case .p256(let key): key.pemRepresentation
        }
    }

    /// The JWS signature of `signingInput` (`base64url(header).base64url(payload)`): RSASSA-PKCS1-v1_5
    /// with SHA-256, or ECDSA P-256 with SHA-256 as the 64-byte `r || s`.
    public func sign(_ signingInput: String) throws(IssuerError) -> Data {
        do {
            switch backing {
            case .rsa(let key): return try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5).rawRepresentation
            case .p256(let key): return try key.signature(for: Data(signingInput.utf8)).rawRepresentation
            }
        } catch {
            throw IssuerError(.signingFailed, "cannot sign the token: \(error)")
        }
    }

    /// Unsigned big-endian bytes without leading zeros (RFC 7518 §6.3.1).
    static func trimmed(_ bytes: Data) -> Data {
        let trimmed = bytes.drop { $0 == 0 }
        return trimmed.isEmpty ? Data([0]) : Data(trimmed)
    }
}

extension ServiceAccountSigningKey {
    static func sha256(_ data: Data) -> Data { Data(SHA256.hash(data: data)) }
}
