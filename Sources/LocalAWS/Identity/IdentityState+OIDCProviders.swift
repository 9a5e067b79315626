import Foundation
import JWTKit

extension IdentityState {
    /// How many OpenID Connect providers an account may have.
    static let maximumOIDCProviders = 100

    mutating func createOIDCProvider(
        url: String, clientIDs: [String], thumbprints: [String], jwks: String?, now: Date
    ) throws(IdentityError) -> OIDCProvider {
        try IdentityValidation.oidcProviderURL(url)
        for clientID in clientIDs where !(1...255).contains(clientID.count) {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(clientID))' at 'clientIDList' failed to satisfy constraint: "
                    + "Member must have length between 1 and 255")
        }
        guard clientIDs.count <= 100 else {
            throw IdentityError(code: .limitExceeded, message: "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")
        }
        try IdentityValidation.thumbprints(thumbprints)
        if let jwks { try IdentityValidation.jwks(jwks) }
        let provider = OIDCProvider(url: url, accountID: account.id, clientIDs: clientIDs, thumbprints: thumbprints, jwks: jwks, createDate: now)
        guard oidcProviders[provider.arn] == nil else {
            throw IdentityError(code: .entityAlreadyExists, message: "Provider with url \(IdentityError.clip(url)) already exists.")
        }
        guard oidcProviders.count < Self.maximumOIDCProviders else {
            throw IdentityError(code: .limitExceeded, message: "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100")
        }
        oidcProviders[provider.arn] = provider
        return provider
    }

    /// The provider whose ARN is `arn`.
    ///
    /// - Throws: `NoSuchEntity`.
    public func oidcProvider(arn: String) throws(IdentityError) -> OIDCProvider {
        guard let provider = oidcProviders[arn] else {
            throw IdentityError(code: .noSuchEntity, message: "OpenIDConnect Provider not found for arn \(IdentityError.clip(arn))")
        }
        return provider
    }

    mutating func deleteOIDCProvider(arn: String) throws(IdentityError) {
        _ = try oidcProvider(arn: arn)
        oidcProviders[arn] = nil
    }

    mutating func addOIDCClientIDs(arn: String, clientIDs: [String]) throws(IdentityError) {
        let provider = try oidcProvider(arn: arn)
        let missing = clientIDs.filter { !provider.clientIDs.contains($0) }
        for clientID in missing where !(1...255).contains(clientID.count) {
            throw .validation("1 validation error detected: Value at 'clientID' failed to satisfy constraint: Member must have length between 1 and 255")
        }
        guard provider.clientIDs.count + missing.count <= 100 else { throw IdentityError(code: .limitExceeded, message: "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100") }
        oidcProviders[arn]?.clientIDs += missing
    }

    mutating func setOIDCProviderKeys(arn: String, jwks: String) throws(IdentityError) {
        _ = try oidcProvider(arn: arn)
        try IdentityValidation.jwks(jwks)
        oidcProviders[arn]?.jwks = jwks
    }
}

extension IdentityValidation {
    static func oidcProviderURL(_ url: String) throws(IdentityError) {
        guard url.utf8.count <= 255 else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(url))' at 'url' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 255")
        }
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "https",
              let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil, components.port == nil,
              components.user == nil
        else {
            throw .validation(
                "Invalid Open ID Connect Provider URL \(IdentityError.clip(url)): it must begin with https:// and have a host, "
                    + "an optional path, and no port, query or fragment, such as https://oidc.example.com/id/ABC")
        }
    }

    static func thumbprints(_ thumbprints: [String]) throws(IdentityError) {
        guard thumbprints.count <= 5 else {
            throw IdentityError(code: .validationError, message: "Thumbprint list must contain fewer than 5 entries.")
        }
        for thumbprint in thumbprints where thumbprint.utf8.count != 40 || !thumbprint.utf8.allSatisfy({ $0.isHexDigit }) {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(thumbprint))' at 'thumbprintList' failed to satisfy constraint: "
                    + "Member must be the 40 hexadecimal characters of a SHA-1 certificate thumbprint")
        }
    }

    static func jwks(_ text: String) throws(IdentityError) {
        let keys: JWKS
        do {
            keys = try JSONDecoder().decode(JWKS.self, from: Data(text.utf8))
        } catch {
            throw .validation("The JSON Web Key Set is not valid JSON of the form {\"keys\":[…]}: \(error)")
        }
        guard !keys.keys.isEmpty else { throw .validation("The JSON Web Key Set has no keys.") }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
