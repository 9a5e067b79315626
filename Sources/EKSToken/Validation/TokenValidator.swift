public import AWSCore
public import Foundation
import SigV4

/// Checks an EKS bearer token (`k8s-aws-v1.` + base64url of a presigned STS `GetCallerIdentity` URL)
/// as aws-iam-authenticator's verifier does before it calls STS: the same checks in the same order,
/// failing with the same messages. Pure: no request is made and the clock is a parameter.
///
/// The checks, each failing with its ``TokenValidationError/Code``:
/// 1. at most ``maximumSize`` bytes (`tooLarge`); 2. the `k8s-aws-v1.` prefix (`missingPrefix`);
/// 3. base64url without padding, as Go decodes it (`badBase64`); 4. a URL Go's `net/url` parses
/// (`badURL`); 5. scheme `https` (`badScheme`); 6. a host of the ``STSHostAllowList``
/// (`hostNotAllowed`); 8. path `/` (`badPath`); 9. a query Go's `ParseQuery` parses (`badQuery`);
/// 10. no two keys equal but for case (`duplicateParameter`); 11. only the keys of a presigned
/// `GetCallerIdentity` URL (`parameterNotAllowed`), each once (`multipleValues`);
/// 12. `Action=GetCallerIdentity` (`badAction`); 13. `x-k8s-aws-id` among the signed headers
/// (`unsignedClusterID`); 14. `X-Amz-Expires` in 0…900 (`badExpires`); 15. `X-Amz-Date` present
/// (`missingDate`); 17. in the form `20060102T150405Z` (`badDate`); 18. at most 15 minutes old
/// (`expired`). (Upstream's 7 and 16 read the region and the access key; they cannot fail.)
///
/// Then checks upstream does not make, so that a token it would accept may still be refused: no user
/// info and no fragment in the URL, the URL valid UTF-8 (`badURL`), and an `X-Amz-Credential` of the
/// form `<access key ID>/<yyyymmdd>/<region>/sts/aws4_request` (`badCredentialScope`). Some of
/// upstream's checks are also stricter here — case is folded in ASCII only, the path must be written
/// `/` (not `%2F`), the host must be lower case and of the partition's regions; a token that fails
/// them fails with upstream's message for that check.
///
/// Like upstream: `Version` and `X-Amz-Algorithm` are not checked, nor is an `X-Amz-Date` in the
/// future (the signature check, in process or at STS, refuses one too far ahead).
public struct TokenValidator: Sendable {
    /// The largest token accepted by default, in bytes: 16 KiB. Upstream's 4096 is too small for the
    /// long session tokens of some roles (aws-iam-authenticator issue #1106).
    public static let defaultMaximumSize = 16 * 1024

    /// How long after `X-Amz-Date` a token is accepted: 15 minutes, as STS accepts the URL.
    public static let validity: TimeInterval = 15 * 60

    /// The query keys a token's URL may carry, compared in lower case.
    public static let allowedParameters: Set<String> = [
        "action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
        "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
    ]

    /// The hosts accepted.
    public let allowList: STSHostAllowList
    /// The largest token accepted, in UTF-8 bytes, prefix included.
    public let maximumSize: Int

    /// The partition whose STS hosts are accepted.
    public var partition: Partition { allowList.partition }
    /// The server's region, whose hosts are accepted even if the SDK tables do not know it.
    public var serverRegion: String? { allowList.serverRegion }

    /// Creates a validator for tokens of `partition`; `serverRegion` (the server's own region, from
    /// instance metadata or configuration) widens the allow-list to that region's hosts.
    public init(partition: Partition = .aws, serverRegion: String? = nil, maximumSize: Int = TokenValidator.defaultMaximumSize) {
        self.allowList = STSHostAllowList(partition: partition, serverRegion: serverRegion)
        self.maximumSize = maximumSize
    }

    /// Runs every check on `token` at the instant `now` and returns what the token's URL says.
    ///
    /// - Throws: ``TokenValidationError`` for the first check that fails.
    public func validate(_ token: String, now: Date) throws(TokenValidationError) -> ValidatedToken {
        // 1. Length, in bytes, prefix included.
        guard token.utf8.count <= maximumSize else { throw .tooLarge() }

        // 2. Prefix.
        guard token.utf8.starts(with: EKSToken.prefix.utf8) else { throw .missingPrefix(EKSToken.prefix) }

        // 3. Base64url, unpadded.
        let urlBytes: [UInt8]
        do throws(GoBase64.CorruptInput) {
            urlBytes = try GoBase64.decodeRawURL(Array(token.utf8.dropFirst(EKSToken.prefix.utf8.count)))
        } catch {
            throw .badBase64(offset: error.offset)
        }

        // 4. URL.
        let url: GoURL
        do throws(GoURL.ParseError) {
            url = try GoURL.parse(urlBytes)
        } catch {
            throw .unparsableURL(error.url, error.reason)
        }

        // 5. Scheme.
        guard url.scheme.elementsEqual("https".utf8) else { throw .badScheme(url.scheme) }

        // 6–7. Host, and the region label it names.
        let region = try allowList.region(ofHost: url.host)

        // 8. Path: exactly `/` (stricter: `%2F` decodes to `/` too, and is refused).
        guard url.rawPath == [UInt8(ascii: "/")] else { throw .badPath() }

        // 9. Query.
        guard let query = GoQuery.parse(url.rawQuery) else { throw .badQuery() }

        // 10. Keys equal but for case (CVE-2022-2385). The later spelling is named.
        var lowercasedKeys: Set<[UInt8]> = []
        for key in query.keys {
            guard lowercasedKeys.insert(key.map(GoURL.lowercasedASCII)).inserted else { throw .duplicateParameter(key) }
        }

        // 11. Allowed keys, one value each.
        var parameters: [String: [UInt8]] = [:]
        for key in query.keys {
            let lowercased = GoText.string(key.map(GoURL.lowercasedASCII))
            guard Self.allowedParameters.contains(lowercased) else {
                throw .parameterNotAllowed(key)
            }
            guard let values = query.values[key], values.count == 1 else { throw .multipleValues() }
            parameters[lowercased] = values[0]
        }

        // 12. Action (the value is compared as is).
        guard parameters["action", default: []].elementsEqual("GetCallerIdentity".utf8) else { throw .badAction() }

        // 13. The cluster ID header is signed.
        let clusterIDHeader = Array(EKSTokenGenerator.clusterIDHeader.utf8)
        let signedHeaders = parameters["x-amz-signedheaders", default: []]
            .split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard signedHeaders.contains(where: { $0.map(GoURL.lowercasedASCII).elementsEqual(clusterIDHeader) }) else {
            throw .unsignedClusterID()
        }

        // 14. X-Amz-Expires in 0…900.
        let expires = GoAtoi.parse(parameters["x-amz-expires", default: []])
        guard expires.isValid, (0...900).contains(expires.value) else { throw .badExpires(expires.value) }

        // 15. X-Amz-Date present.
        let dateValue = parameters["x-amz-date", default: []]
        guard !dateValue.isEmpty else { throw .missingDate() }

        // 16. The access key ID: X-Amz-Credential up to its first `/`.
        let credential = parameters["x-amz-credential", default: []]
        let credentialParts = credential.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)

        // 17. X-Amz-Date's form.
        let amzDate: AmzDate
        do throws(AmzDate.ParseError) {
            amzDate = try AmzDate.parse(dateValue)
        } catch {
            throw .badDate(dateValue, error)
        }

        // 18. Expiry: 15 minutes after X-Amz-Date, no clock skew allowed.
        let signedAt = amzDate.date
        guard now <= signedAt + Self.validity else { throw .expired(amzDate.goString) }

        // Checks upstream does not make.
        guard url.userInfo == nil else { throw .userInfo() }
        guard url.fragment == nil else { throw .fragment() }
        guard GoText.isUTF8(urlBytes) else { throw .notUTF8() }
        guard GoText.isUTF8(credential), credentialParts.count == 5, credentialParts.allSatisfy({ !$0.isEmpty }),
              credentialParts[4].elementsEqual("aws4_request".utf8)
        else { throw .malformedCredential() }
        guard credentialParts[3].elementsEqual("sts".utf8) else { throw .credentialService(Array(credentialParts[3])) }

        let validated = ValidatedToken(
            url: GoText.string(urlBytes),
            host: GoText.string(url.host),
            region: region,
            accessKeyID: GoText.string(credentialParts[0]),
            signedAt: signedAt,
            expiresIn: expires.value
        )
        // The request a server builds from the token goes to the host that was checked, whatever the URL.
        let request = try validated.request(clusterID: "")
        guard request.scheme == "https", request.authority == validated.host, request.path == "/" else {
            throw .unexpectedHostname(Array(request.authority.utf8))
        }
        return validated
    }
}
