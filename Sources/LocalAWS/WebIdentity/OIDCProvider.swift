public import Foundation

/// An IAM OpenID Connect identity provider, as IAM stores it (`CreateOpenIDConnectProvider`): the
/// issuer URL, the client IDs (audiences) tokens must name, the certificate thumbprints, and — because
/// the embedded STS does not fetch anything over the network — the provider's JSON Web Key Set.
///
/// The provider's ARN and the prefix of its trust-policy condition keys both use the issuer without
/// `https://`: `arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC` and
/// `oidc.eks.us-west-2.amazonaws.com/id/ABC:sub`.
public struct OIDCProvider: Sendable, Hashable, Codable {
    /// The issuer URL as given, such as `https://oidc.eks.us-west-2.amazonaws.com/id/ABC`.
    public let url: String
    /// `arn:aws:iam::<account>:oidc-provider/<url without https://>`.
    public let arn: String
    /// The client IDs (audiences) a token must name one of, such as `sts.amazonaws.com`.
    public var clientIDs: [String]
    /// The 40-hex SHA-1 thumbprints of the issuer's TLS certificate (kept, not checked: nothing is fetched).
    public var thumbprints: [String]
    /// The provider's JSON Web Key Set document (`{"keys":[…]}`), or `nil` when none is registered yet.
    public var jwks: String?
    /// When the provider was created.
    public let createDate: Date

    /// Creates a provider of account `accountID`, deriving its ARN from `url`.
    ///
    /// - Parameters:
    ///   - url: the issuer URL, as the tokens' `iss` claim names it.
    ///   - accountID: the 12-digit account the provider belongs to.
    ///   - clientIDs: the accepted audiences.
    ///   - thumbprints: the certificate thumbprints.
    ///   - jwks: the JSON Web Key Set document, if known.
    ///   - createDate: the creation time.
    public init(
        url: String, accountID: String, clientIDs: [String], thumbprints: [String] = [], jwks: String? = nil,
        createDate: Date
    ) {
        self.init(
            url: url, arn: Self.arn(accountID: accountID, url: url), clientIDs: clientIDs, thumbprints: thumbprints,
            jwks: jwks, createDate: createDate)
    }

    /// Creates a provider from its stored parts.
    public init(url: String, arn: String, clientIDs: [String], thumbprints: [String], jwks: String?, createDate: Date) {
        self.url = url
        self.arn = arn
        self.clientIDs = clientIDs
        self.thumbprints = thumbprints
        self.jwks = jwks
        self.createDate = createDate
    }

    /// The issuer without `https://` or a trailing `/`: the part of the ARN after `oidc-provider/` and
    /// the prefix of the provider's condition keys.
    public var issuerHostPath: String { Self.issuerHostPath(of: url) }

    /// The trust-policy condition key for a claim: `<issuer host/path>:<claim>`, such as
    /// `oidc.eks.us-west-2.amazonaws.com/id/ABC:sub`.
    public func conditionKey(_ claim: String) -> String { "\(issuerHostPath):\(claim)" }

    /// Whether a token's `iss` names this provider: equal to the URL once both lose `https://` and
    /// trailing `/`; host and path compare case-sensitively.
    public func matches(issuer: String) -> Bool { Self.issuerHostPath(of: issuer) == issuerHostPath }

    /// `https://oidc.example.com/id/ABC/` or `oidc.example.com/id/ABC` → `oidc.example.com/id/ABC`: drops
    /// a leading `https://` (the scheme in any case) and any trailing `/`. Other schemes are kept.
    public static func issuerHostPath(of urlOrIssuer: String) -> String {
        var text = Substring(urlOrIssuer)
        let scheme = "https://"
        if text.utf8.count >= scheme.utf8.count, text.prefix(scheme.count).lowercased() == scheme {
            text = text.dropFirst(scheme.count)
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// `arn:aws:iam::<accountID>:oidc-provider/<url without https://>`.
    public static func arn(accountID: String, url: String) -> String {
        "arn:aws:iam::\(accountID):oidc-provider/\(issuerHostPath(of: url))"
    }
}
