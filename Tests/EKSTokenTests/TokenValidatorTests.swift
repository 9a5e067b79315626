import AWSCore
import EKSToken
import Foundation
import SigV4
import Testing

/// Tokens and URLs shared by the validation tests.
enum ValidationFixture {
    /// 2023-04-28T00:00:00Z, the signing time of reference §6.1, and one minute later.
    static let signedAt = Date(timeIntervalSince1970: 1_682_640_000)
    static let now = signedAt + 60
    static let date = "20230428T000000Z"

    /// The URL of reference §6.1 (`TestGetWithSTS`), signed by ASIAR2TG44V6AS3ZZE7C for `test-cluster`.
    static let referenceURL = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
        + "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAR2TG44V6AS3ZZE7C%2F20230428%2Fus-west-2%2Fsts%2Faws4_request"
        + "&X-Amz-Date=20230428T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
        + "&X-Amz-Signature=e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce"
    /// The secret of the §6.1 credentials (test-only values from upstream's test).
    static let referenceSecret = "4KD5cntGcVmLWRdF5wvNRuzNL5Qxmp6OKVY6Fz/Q"

    /// The query every accepted URL of these tests carries, for a host of `region`.
    static func query(region: String = "us-west-2", date: String = date) -> String {
        "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20230428%2F\(region)%2Fsts%2Faws4_request&X-Amz-Date=\(date)"
            + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=0123abcd"
    }

    static func token(_ url: String) -> String { token(bytes: Array(url.utf8)) }
    static func token(bytes: [UInt8]) -> String { EKSToken.prefix + Base64URL.encode(bytes) }

    /// The error `validator` throws for `token` at `now`, or `nil` when it accepts it.
    static func failure(_ token: String, _ validator: TokenValidator = TokenValidator(), now: Date = now) -> TokenValidationError? {
        do throws(TokenValidationError) {
            _ = try validator.validate(token, now: now)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Token validation: upstream's checks, order and messages")
struct TokenValidatorTests {
    typealias F = ValidationFixture

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var token: String
        var partition: Partition = .aws
        var maximumSize = TokenValidator.defaultMaximumSize
        var code: TokenValidationError.Code
        /// The message after `input token was not properly formatted: `.
        var message: String
        var description: String { name }
    }

    /// An upstream-style URL (lower-case keys, as in `TestVerifyTokenPreSTSValidations`) with `rest` appended.
    static func upstreamURL(host: String = "sts.amazonaws.com", _ rest: String) -> String {
        "https://\(host)/?action=GetCallerIdentity&x-amz-signedheaders=x-k8s-aws-id" + rest
    }

    static let t = F.date

    /// One or more inputs per check; the upstream vectors of reference §6.2 are marked "upstream".
    static let cases: [Case] = [
        // 1. Length.
        Case(name: "upstream: 4097 bytes over a 4096 limit", token: String(repeating: "\0", count: 4097), maximumSize: 4096,
             code: .tooLarge, message: "token is too large"),
        Case(name: "one byte over the 16 KiB default", token: EKSToken.prefix + String(repeating: "A", count: 16 * 1024 - 10),
             code: .tooLarge, message: "token is too large"),
        Case(name: "length in UTF-8 bytes, not characters", token: String(repeating: "é", count: 8), maximumSize: 15,
             code: .tooLarge, message: "token is too large"),
        // 2. Prefix.
        Case(name: "upstream: k8s-aws-v2.", token: "k8s-aws-v2.asdfasdfa",
             code: .missingPrefix, message: #"token is missing expected "k8s-aws-v1." prefix"#),
        Case(name: "empty token", token: "", code: .missingPrefix, message: #"token is missing expected "k8s-aws-v1." prefix"#),
        Case(name: "prefix in upper case", token: "K8S-AWS-V1.aHR0cHM6Ly8",
             code: .missingPrefix, message: #"token is missing expected "k8s-aws-v1." prefix"#),
        // 3. Base64 (offsets as Go 1.19's RawURLEncoding reports them).
        Case(name: "upstream: decodingerror (a lone final character)", token: "k8s-aws-v1.decodingerror",
             code: .badBase64, message: "illegal base64 data at input byte 12"),
        Case(name: "padding", token: "k8s-aws-v1.YQ==", code: .badBase64, message: "illegal base64 data at input byte 2"),
        Case(name: "standard alphabet +", token: "k8s-aws-v1.ab+c", code: .badBase64, message: "illegal base64 data at input byte 2"),
        Case(name: "standard alphabet /", token: "k8s-aws-v1.abcd/", code: .badBase64, message: "illegal base64 data at input byte 4"),
        Case(name: "space", token: "k8s-aws-v1.abcd efgh", code: .badBase64, message: "illegal base64 data at input byte 4"),
        // 4. URL (texts of Go's net/url; the query is redacted).
        Case(name: "upstream: no scheme before a colon", token: F.token(":ab:cd.af:/asda"),
             code: .badURL, message: #"parse ":ab:cd.af:/asda": missing protocol scheme"#),
        Case(name: "control character", token: F.token("https://sts.amazonaws.com/\u{01}"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com/\x01": net/url: invalid control character in URL"#),
        Case(name: "control character in the query, which is redacted",
             token: F.token("https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Security-Token=secret\u{7F}"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com/?<redacted>": net/url: invalid control character in URL"#),
        Case(name: "bad escape in the path", token: F.token("https://sts.amazonaws.com/%zz"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com/%zz": invalid URL escape "%zz""#),
        Case(name: "port not numeric", token: F.token("https://sts.amazonaws.com:443x/"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com:443x/": invalid port ":443x" after host"#),
        Case(name: "space in the host", token: F.token("https://sts amazonaws.com/"),
             code: .badURL, message: #"parse "https://sts amazonaws.com/": invalid character " " in host name"#),
        Case(name: "escaped ASCII in the host", token: F.token("https://sts%2eamazonaws.com/"),
             code: .badURL, message: #"parse "https://sts%2eamazonaws.com/": invalid URL escape "%2e""#),
        Case(name: "bad user info", token: F.token("https://a b@sts.amazonaws.com/"),
             code: .badURL, message: #"parse "https://a b@sts.amazonaws.com/": net/url: invalid userinfo"#),
        Case(name: "bad escape in the fragment", token: F.token("https://sts.amazonaws.com/?Action=GetCallerIdentity#%zz"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com/?<redacted>": invalid URL escape "%zz""#),
        Case(name: "a query that lost its ? is redacted too",
             token: F.token("https://sts.amazonaws.com/Action=GetCallerIdentity&X-Amz-Security-Token=SECRET%zz"),
             code: .badURL, message: #"parse "https://sts.amazonaws.com/Action=<redacted>": invalid URL escape "%zz""#),
        Case(name: "colon in a relative path", token: F.token("1a:b"),
             code: .badURL, message: #"parse "1a:b": first path segment in URL cannot contain colon"#),
        Case(name: "unclosed bracket", token: F.token("https://[::1/"),
             code: .badURL, message: #"parse "https://[::1/": missing ']' in host"#),
        // 5. Scheme.
        Case(name: "upstream: http", token: F.token("http://"), code: .badScheme, message: #"unexpected scheme "http" in pre-signed URL"#),
        Case(name: "empty URL", token: "k8s-aws-v1.", code: .badScheme, message: #"unexpected scheme "" in pre-signed URL"#),
        Case(name: "no scheme", token: F.token("sts.amazonaws.com/?Action=GetCallerIdentity"),
             code: .badScheme, message: #"unexpected scheme "" in pre-signed URL"#),
        Case(name: "ftp", token: F.token("ftp://sts.amazonaws.com/"), code: .badScheme, message: #"unexpected scheme "ftp" in pre-signed URL"#),
        // 6. Host.
        Case(name: "upstream: google.com", token: F.token("https://google.com"), code: .hostNotAllowed,
             message: "could not parse region for pre-signed URL google.com, invalid host format: google.com"),
        Case(name: "no host", token: F.token("https:///?Action=GetCallerIdentity"), code: .hostNotAllowed,
             message: "could not parse region for pre-signed URL , host is empty"),
        Case(name: "opaque URL", token: F.token("https:sts.amazonaws.com"), code: .hostNotAllowed,
             message: "could not parse region for pre-signed URL , host is empty"),
        Case(name: "global endpoint outside aws", token: F.token("https://sts.amazonaws.com/"), partition: .awsCN,
             code: .hostNotAllowed, message: "global endpoint unsupported in partition aws-cn"),
        Case(name: "region with underscores", token: F.token("https://sts.us_east_1.amazonaws.com/"), code: .hostNotAllowed,
             message: "invalid region identifier format provided: us_east_1"),
        Case(name: "look-alike suffix", token: F.token("https://sts.amazonaws.com.evil.com/"), code: .hostNotAllowed,
             message: #"unexpected hostname "sts.amazonaws.com.evil.com" in pre-signed URL"#),
        Case(name: "explicit port", token: F.token("https://sts.us-east-1.amazonaws.com:443/"), code: .hostNotAllowed,
             message: #"unexpected hostname "sts.us-east-1.amazonaws.com:443" in pre-signed URL"#),
        Case(name: "user info hiding the real host", token: F.token("https://sts.amazonaws.com@evil.com/"), code: .hostNotAllowed,
             message: "could not parse region for pre-signed URL evil.com, invalid host format: evil.com"),
        Case(name: "FIPS host of another partition", token: F.token("https://sts-fips.us-east-1.amazonaws.com/"), partition: .awsCN,
             code: .hostNotAllowed, message: "partition {aws-cn} does not support hostname sts-fips.us-east-1.amazonaws.com"),
        Case(name: "stricter: GovCloud host in aws", token: F.token("https://sts.us-gov-west-1.amazonaws.com/"), code: .hostNotAllowed,
             message: "partition {aws} does not support hostname sts.us-gov-west-1.amazonaws.com"),
        Case(name: "stricter: upper-case host", token: F.token("https://sts.US-WEST-2.amazonaws.com/"), code: .hostNotAllowed,
             message: #"unexpected hostname "sts.US-WEST-2.amazonaws.com" in pre-signed URL"#),
        Case(name: "trailing dot", token: F.token("https://sts.us-west-2.amazonaws.com./"), code: .hostNotAllowed,
             message: #"unexpected hostname "sts.us-west-2.amazonaws.com." in pre-signed URL"#),
        // 8. Path.
        Case(name: "upstream: /abc in aws-cn", token: F.token("https://sts.cn-north-1.amazonaws.com.cn/abc"), partition: .awsCN,
             code: .badPath, message: "unexpected path in pre-signed URL"),
        Case(name: "upstream: /abc", token: F.token("https://sts.amazonaws.com/abc"), code: .badPath, message: "unexpected path in pre-signed URL"),
        Case(name: "empty path", token: F.token("https://sts.amazonaws.com?Action=GetCallerIdentity"),
             code: .badPath, message: "unexpected path in pre-signed URL"),
        Case(name: "stricter: %2F", token: F.token("https://sts.amazonaws.com/%2F?" + F.query()),
             code: .badPath, message: "unexpected path in pre-signed URL"),
        // 9. Query.
        Case(name: "upstream: 60%gh",
             token: F.token(upstreamURL(host: "sts.sa-east-1.amazonaws.com", "&x-amz-date=\(t)&x-amz-expires=60%gh")),
             code: .badQuery, message: "malformed query parameter"),
        Case(name: "semicolon separator", token: F.token("https://sts.amazonaws.com/?Action=GetCallerIdentity;Version=1"),
             code: .badQuery, message: "malformed query parameter"),
        // 10. Duplicates, case-insensitively.
        Case(name: "upstream: CVE-2022-2385",
             token: F.token("https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                 + "&X-Amz-Credential=ASIAAAAAAAAAAAAAAAAA%2F20220601%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=\(t)&X-Amz-Expires=900"
                 + "&X-Amz-Security-Token=XXXXXXXXXXXXX&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&x-amz-credential=eve"
                 + "&X-Amz-Signature=999999999999999999"),
             code: .duplicateParameter, message: #"duplicate query parameter found: "x-amz-credential""#),
        Case(name: "Action twice in two cases", token: F.token("https://sts.amazonaws.com/?ACTION=GetCallerIdentity&action=GetCallerIdentity"),
             code: .duplicateParameter, message: #"duplicate query parameter found: "action""#),
        // 11. Allowed keys, one value each.
        Case(name: "upstream: NoInWhiteList", token: F.token("https://sts.amazonaws.com/?NoInWhiteList=abc"),
             code: .parameterNotAllowed, message: #"non-whitelisted query parameter "NoInWhiteList""#),
        Case(name: "stricter: a key that lower-cases to an allowed one only in Unicode",
             token: F.token("https://sts.amazonaws.com/?X-Amz-S%C4%B0gnature=abc"),
             code: .parameterNotAllowed, message: #"non-whitelisted query parameter "X-Amz-Sİgnature""#),
        Case(name: "a long key is echoed cut", token: F.token("https://sts.amazonaws.com/?X-Amz-Security-TokenSECRETSECRETSECRETSECRET=1"),
             code: .parameterNotAllowed, message: #"non-whitelisted query parameter "X-Amz-Security-TokenSECRETSECRET<redacted>""#),
        Case(name: "upstream: action=get&action=post", token: F.token("https://sts.amazonaws.com/?action=get&action=post"),
             code: .multipleValues, message: "query parameter with multiple values not supported"),
        // 12. Action.
        Case(name: "upstream: wrong action", token: F.token("https://sts.amazonaws.com/?action=NotGetCallerIdenity"),
             code: .badAction, message: "unexpected action parameter in pre-signed URL"),
        Case(name: "action value compared with its case", token: F.token("https://sts.amazonaws.com/?Action=getcalleridentity"),
             code: .badAction, message: "unexpected action parameter in pre-signed URL"),
        Case(name: "no action", token: F.token("https://sts.amazonaws.com/?Version=2011-06-15"),
             code: .badAction, message: "unexpected action parameter in pre-signed URL"),
        // 13. Signed headers.
        Case(name: "upstream: abc;x-k8s-aws-i;def", token: F.token(upstreamURL("").replacingOccurrences(of: "x-k8s-aws-id", with: "abc%3bx-k8s-aws-i%3bdef")),
             code: .unsignedClusterID, message: "client did not sign the x-k8s-aws-id header in the pre-signed URL"),
        Case(name: "no signed headers", token: F.token("https://sts.amazonaws.com/?Action=GetCallerIdentity"),
             code: .unsignedClusterID, message: "client did not sign the x-k8s-aws-id header in the pre-signed URL"),
        Case(name: "stricter: Kelvin sign folds to k in Unicode only",
             token: F.token(upstreamURL("").replacingOccurrences(of: "x-k8s-aws-id", with: "x-%E2%84%AA8s-aws-id")),
             code: .unsignedClusterID, message: "client did not sign the x-k8s-aws-id header in the pre-signed URL"),
        // 14. X-Amz-Expires.
        Case(name: "upstream: 9999999", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=9999999")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: 9999999"),
        Case(name: "901", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=901")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: 901"),
        Case(name: "negative", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=-1")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: -1"),
        Case(name: "missing prints 0", token: F.token(upstreamURL("&x-amz-date=\(t)")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: 0"),
        Case(name: "not a number prints 0", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=60.0")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: 0"),
        Case(name: "overflow prints Go's clamped value", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=99999999999999999999")),
             code: .badExpires, message: "invalid X-Amz-Expires parameter in pre-signed URL: 9223372036854775807"),
        // 15. X-Amz-Date present.
        Case(name: "no date", token: F.token(upstreamURL("&x-amz-expires=60")),
             code: .missingDate, message: "X-Amz-Date parameter must be present in pre-signed URL"),
        Case(name: "empty date", token: F.token(upstreamURL("&x-amz-expires=60&x-amz-date=")),
             code: .missingDate, message: "X-Amz-Date parameter must be present in pre-signed URL"),
        // 17. X-Amz-Date's form (Go 1.19's time.Parse texts).
        Case(name: "upstream: xxxxxxx", token: F.token(upstreamURL("&x-amz-date=xxxxxxx&x-amz-expires=60")), code: .badDate,
             message: #"error parsing X-Amz-Date parameter xxxxxxx into format 20060102T150405Z: parsing time "xxxxxxx" as "20060102T150405Z": cannot parse "xxxxxxx" as "2006""#),
        Case(name: "month 13", token: F.token(upstreamURL("&x-amz-date=20231301T000000Z&x-amz-expires=60")), code: .badDate,
             message: #"error parsing X-Amz-Date parameter 20231301T000000Z into format 20060102T150405Z: parsing time "20231301T000000Z": month out of range"#),
        Case(name: "February 30", token: F.token(upstreamURL("&x-amz-date=20230230T000000Z&x-amz-expires=60")), code: .badDate,
             message: #"error parsing X-Amz-Date parameter 20230230T000000Z into format 20060102T150405Z: parsing time "20230230T000000Z": day out of range"#),
        Case(name: "ISO 8601 with dashes", token: F.token(upstreamURL("&x-amz-date=2023-04-28T00:00:00Z&x-amz-expires=60")), code: .badDate,
             message: #"error parsing X-Amz-Date parameter 2023-04-28T00:00:00Z into format 20060102T150405Z: parsing time "2023-04-28T00:00:00Z" as "20060102T150405Z": cannot parse "-04-28T00:00:00Z" as "01""#),
        Case(name: "stricter: fraction of a second", token: F.token(upstreamURL("&x-amz-date=20230428T000000.5Z&x-amz-expires=60")), code: .badDate,
             message: #"error parsing X-Amz-Date parameter 20230428T000000.5Z into format 20060102T150405Z: parsing time "20230428T000000.5Z" as "20060102T150405Z": cannot parse ".5Z" as "Z""#),
        Case(name: "a date that swallowed the next parameter is echoed cut",
             token: F.token(upstreamURL("&x-amz-expires=60&x-amz-date=20230428T000000ZX-Amz-Security-Token=SECRET")), code: .badDate,
             message: "error parsing X-Amz-Date parameter 20230428T000000ZX-Amz-Security-T<redacted> into format 20060102T150405Z: "
                 + #"parsing time "20230428T000000ZX-Amz-Security-T<redacted>": extra text: "X-Amz-Security-Token=<redacted>""#),
        // 18. Expiry.
        Case(name: "upstream: 1990", token: F.token(upstreamURL("&x-amz-date=19900422T010203Z&x-amz-expires=60")), code: .expired,
             message: "X-Amz-Date parameter is expired (15 minute expiration) 1990-04-22 01:02:03 +0000 UTC"),
        // Checks upstream does not make.
        Case(name: "user info before an allowed host", token: F.token("https://evil.com@sts.us-west-2.amazonaws.com/?" + F.query()),
             code: .badURL, message: "unexpected user info in pre-signed URL"),
        Case(name: "fragment", token: F.token("https://sts.us-west-2.amazonaws.com/?" + F.query() + "#x"),
             code: .badURL, message: "unexpected fragment in pre-signed URL"),
        Case(name: "empty fragment", token: F.token("https://sts.us-west-2.amazonaws.com/?" + F.query() + "#"),
             code: .badURL, message: "unexpected fragment in pre-signed URL"),
        Case(name: "bytes that are not UTF-8", token: F.token(bytes: Array(("https://sts.us-west-2.amazonaws.com/?" + F.query()).utf8) + [0xFF]),
             code: .badURL, message: "pre-signed URL is not valid UTF-8"),
        Case(name: "upstream's valid tokens have no credential", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=60")),
             code: .badCredentialScope,
             message: "invalid X-Amz-Credential parameter in pre-signed URL: expected <access key ID>/<yyyymmdd>/<region>/sts/aws4_request"),
        Case(name: "credential of four parts", token: F.token(upstreamURL("&x-amz-date=\(t)&x-amz-expires=60&X-Amz-Credential=AKID%2F20230428%2Fsts%2Faws4_request")),
             code: .badCredentialScope,
             message: "invalid X-Amz-Credential parameter in pre-signed URL: expected <access key ID>/<yyyymmdd>/<region>/sts/aws4_request"),
        Case(name: "upstream's validURL is scoped to s3",
             token: F.token("https://sts.amazonaws.com/?action=GetCallerIdentity&X-Amz-Credential=ASIABCDEFGHIJKLMNOPQ%2F20191216%2Fus-west-2%2Fs3%2Faws4_request&x-amz-signedheaders=x-k8s-aws-id&x-amz-expires=60&x-amz-date=\(t)"),
             code: .badCredentialScope, message: #"unexpected service "s3" in X-Amz-Credential parameter of pre-signed URL"#),
    ]

    @Test("each check fails with upstream's code and exact message", arguments: cases)
    func message(_ testCase: Case) throws {
        let validator = TokenValidator(partition: testCase.partition, maximumSize: testCase.maximumSize)
        let error = try #require(F.failure(testCase.token, validator))
        #expect(error.code == testCase.code)
        #expect(error.message == TokenValidationError.formatErrorPrefix + testCase.message)
        #expect(error.description == error.message)
    }

    @Test("every code has at least one case")
    func everyCode() {
        #expect(Set(Self.cases.map(\.code)) == Set(TokenValidationError.Code.allCases))
    }

    @Test("errors are equal by code")
    func equalByCode() throws {
        let first = try #require(F.failure("k8s-aws-v2.a"))
        let second = try #require(F.failure("nope"))
        let other = try #require(F.failure("k8s-aws-v1.a"))
        #expect(first == second)
        #expect(first != other)
        #expect(Set([first, second, other]).count == 2)
    }

    @Test("a token of exactly the maximum size is not too large")
    func sizeBoundary() throws {
        #expect(TokenValidator.defaultMaximumSize == 16_384)
        #expect(TokenValidator().maximumSize == 16_384)
        let validator = TokenValidator(maximumSize: 99)
        let token = EKSToken.prefix + String(repeating: "A", count: 88)  // 99 bytes of base64 for NUL bytes
        #expect(F.failure(token, validator)?.code == .badURL)
        #expect(F.failure(token + "A", validator)?.code == .tooLarge)
    }

    @Test("a padded token is refused at the first '='")
    func padding() throws {
        for length in 1...6 {
            let url = "https://sts.us-west-2.amazonaws.com/?" + F.query() + String(repeating: "a", count: length)
            let body = Base64URL.encode(Array(url.utf8))
            guard body.utf8.count % 4 != 0 else { continue }
            let padded = EKSToken.prefix + body + String(repeating: "=", count: 4 - body.utf8.count % 4)
            let error = try #require(F.failure(padded))
            #expect(error.message == TokenValidationError.formatErrorPrefix + "illegal base64 data at input byte \(body.utf8.count)")
        }
    }

    @Test("new lines inside the base64 are skipped, as Go skips them")
    func newLines() throws {
        let token = F.token(F.referenceURL)
        var withNewLines = String(token.prefix(40)) + "\r\n" + String(token.dropFirst(40))
        withNewLines += "\n"
        let validated = try TokenValidator().validate(withNewLines, now: F.now)
        #expect(validated.url == F.referenceURL)
    }

    @Test("expiry: accepted up to 15 minutes after X-Amz-Date inclusive, and any time before")
    func expiryBoundary() throws {
        let token = F.token(F.referenceURL)
        let validator = TokenValidator()
        _ = try validator.validate(token, now: F.signedAt + 900)
        _ = try validator.validate(token, now: F.signedAt - 86_400 * 365)
        let late = try #require(F.failure(token, now: F.signedAt + 900.001))
        #expect(late.message == TokenValidationError.formatErrorPrefix
            + "X-Amz-Date parameter is expired (15 minute expiration) 2023-04-28 00:00:00 +0000 UTC")
    }

    // MARK: - Order

    /// A fault that makes exactly one check fail, applied to the parts of a good URL or to the token.
    struct Fault: Sendable, CustomStringConvertible {
        var code: TokenValidationError.Code
        /// The query keys (lower case) or parts the fault changes; two faults that share one are not combined.
        var touches: Set<String>
        var url: @Sendable (inout URLParts) -> Void = { _ in }
        var token: @Sendable (String) -> String = { $0 }
        var description: String { code.rawValue }
    }

    struct URLParts: Sendable {
        var scheme = "https"
        var host = "sts.us-west-2.amazonaws.com"
        var path = "/"
        var parameters: [(key: String, value: String)] = [
            ("Action", "GetCallerIdentity"), ("Version", "2011-06-15"), ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "AKIDEXAMPLE%2F20230428%2Fus-west-2%2Fsts%2Faws4_request"), ("X-Amz-Date", ValidationFixture.date),
            ("X-Amz-Expires", "60"), ("X-Amz-SignedHeaders", "host%3Bx-k8s-aws-id"), ("X-Amz-Signature", "0123abcd"),
        ]
        var extra: [String] = []

        var url: String {
            "\(scheme)://\(host)\(path)?" + (parameters.map { "\($0.key)=\($0.value)" } + extra).joined(separator: "&")
        }

        mutating func set(_ key: String, _ value: String) {
            parameters = parameters.map { $0.key == key ? (key, value) : $0 }
        }

        mutating func remove(_ key: String) {
            parameters.removeAll { $0.key == key }
        }
    }

    /// One fault per check, in the order the checks run.
    static let faults: [Fault] = [
        Fault(code: .tooLarge, touches: ["x-amz-security-token"], url: { $0.extra.append("X-Amz-Security-Token=" + String(repeating: "A", count: 17_000)) }),
        Fault(code: .missingPrefix, touches: ["prefix"], token: { "k8s-aws-v2." + $0.dropFirst(EKSToken.prefix.count) }),
        Fault(code: .badBase64, touches: ["base64"], token: { $0 + "=" }),
        Fault(code: .badURL, touches: ["path"], url: { $0.path = "/\u{01}" }),
        Fault(code: .badScheme, touches: ["scheme"], url: { $0.scheme = "http" }),
        Fault(code: .hostNotAllowed, touches: ["host"], url: { $0.host = "sts.amazonaws.com.evil.com" }),
        Fault(code: .badPath, touches: ["path"], url: { $0.path = "/abc" }),
        Fault(code: .badQuery, touches: ["query"], url: { $0.extra.append("bad=%zz") }),
        Fault(code: .duplicateParameter, touches: ["x-amz-date"], url: { $0.extra.append("x-amz-date=20230428T000000Z") }),
        Fault(code: .parameterNotAllowed, touches: ["keys"], url: { $0.parameters.insert(("Foo", "bar"), at: 0) }),
        Fault(code: .multipleValues, touches: ["keys"], url: { $0.extra.append("Version=2011-06-15") }),
        Fault(code: .badAction, touches: ["action"], url: { $0.set("Action", "GetSessionToken") }),
        Fault(code: .unsignedClusterID, touches: ["x-amz-signedheaders"], url: { $0.set("X-Amz-SignedHeaders", "host") }),
        Fault(code: .badExpires, touches: ["x-amz-expires"], url: { $0.set("X-Amz-Expires", "901") }),
        Fault(code: .missingDate, touches: ["x-amz-date"], url: { $0.remove("X-Amz-Date") }),
        Fault(code: .badDate, touches: ["x-amz-date"], url: { $0.set("X-Amz-Date", "2023-04-28") }),
        Fault(code: .expired, touches: ["x-amz-date"], url: { $0.set("X-Amz-Date", "19900422T010203Z") }),
        Fault(code: .badCredentialScope, touches: ["x-amz-credential"],
              url: { $0.set("X-Amz-Credential", "AKIDEXAMPLE%2F20230428%2Fus-west-2%2Fs3%2Faws4_request") }),
    ]

    static func token(_ faults: [Fault]) -> String {
        var parts = URLParts()
        for fault in faults { fault.url(&parts) }
        var token = ValidationFixture.token(parts.url)
        for fault in faults { token = fault.token(token) }
        return token
    }

    @Test("each fault alone fails its own check", arguments: faults)
    func faultAlone(_ fault: Fault) {
        #expect(F.failure(Self.token([fault]))?.code == fault.code)
    }

    @Test("a token with two faults fails the earlier check")
    func pairs() {
        #expect(F.failure(Self.token([])) == nil)
        var combined = 0
        for (i, first) in Self.faults.enumerated() {
            for second in Self.faults[(i + 1)...] where first.touches.isDisjoint(with: second.touches) {
                let code = F.failure(Self.token([first, second]))?.code
                #expect(code == first.code, "\(first) + \(second) failed with \(String(describing: code))")
                combined += 1
            }
        }
        #expect(combined > 120)
    }

    @Test("within the key checks, the first key in the query decides")
    func keyOrder() {
        let notAllowedFirst = "https://sts.amazonaws.com/?Foo=1&Version=1&Version=2"
        let multipleFirst = "https://sts.amazonaws.com/?Version=1&Version=2&Foo=1"
        #expect(F.failure(F.token(notAllowedFirst))?.code == .parameterNotAllowed)
        #expect(F.failure(F.token(multipleFirst))?.code == .multipleValues)
        // Duplicates by case are looked for among all keys before any key is checked against the list.
        #expect(F.failure(F.token("https://sts.amazonaws.com/?Foo=1&Version=1&VERSION=2"))?.code == .duplicateParameter)
    }
}

@Suite("Token validation: accepted tokens")
struct TokenValidatorAcceptanceTests {
    typealias F = ValidationFixture

    @Test("the reference vector (§6.1) validates, and its request verifies for its cluster only")
    func referenceVector() throws {
        let token = F.token(F.referenceURL)
        #expect(token.utf8.count == EKSToken.prefix.utf8.count + 482)
        let validated = try TokenValidator().validate(token, now: F.now)
        #expect(validated.url == F.referenceURL)
        #expect(validated.host == "sts.us-west-2.amazonaws.com")
        #expect(validated.region == "us-west-2")
        #expect(validated.accessKeyID == "ASIAR2TG44V6AS3ZZE7C")
        #expect(validated.signedAt == F.signedAt)
        #expect(validated.expiresIn == 60)
        #expect(validated.expiration == F.signedAt + 900)

        let request = try validated.request(clusterID: "test-cluster")
        #expect(request.method == "GET")
        #expect(request.authority == "sts.us-west-2.amazonaws.com")
        #expect(request.header("x-k8s-aws-id") == "test-cluster")
        #expect(request.hostHeaderValue == "sts.us-west-2.amazonaws.com")
        let verifier = SigV4Verifier.eksToken()
        let info = try verifier.verify(request, secretAccessKey: F.referenceSecret, now: F.now)
        #expect(info.accessKeyID == validated.accessKeyID)
        #expect(throws: SigV4VerificationError.self) {
            try verifier.verify(try validated.request(clusterID: "other-cluster"), secretAccessKey: F.referenceSecret, now: F.now)
        }
    }

    @Test("the X-Amz-Expires=0 tokens of clients before upstream PR #753 validate")
    func expiresZero() throws {
        let url = F.referenceURL
            .replacingOccurrences(of: "X-Amz-Expires=60", with: "X-Amz-Expires=0")
            .replacingOccurrences(of: "e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce",
                                  with: "4d7abfde96725eb8a7738248416e4b5d08d9dbd718b4f6dd690f8fb7501329d5")
        let validated = try TokenValidator().validate(F.token(url), now: F.now)
        #expect(validated.expiresIn == 0)
        let request = try validated.request(clusterID: "test-cluster")
        // STS ignores X-Amz-Expires, so a pre-#753 token with 0 verifies in process too.
        try SigV4Verifier.eksToken().verify(request, secretAccessKey: F.referenceSecret, now: F.now)
    }

    @Test("upstream's five valid regional tokens pass upstream's checks, and validate once scoped to sts",
          arguments: ["us-east-2", "ap-northeast-2", "ca-central-1", "eu-west-1", "sa-east-1"])
    func upstreamValidTokens(_ region: String) throws {
        let url = "https://sts.\(region).amazonaws.com/?action=GetCallerIdentity&x-amz-signedheaders=x-k8s-aws-id&x-amz-date=\(F.date)&x-amz-expires=60"
        #expect(F.failure(F.token(url))?.code == .badCredentialScope)
        let scoped = url + "&x-amz-credential=ASIAEXAMPLE%2F20230428%2F\(region)%2Fsts%2Faws4_request"
        let validated = try TokenValidator().validate(F.token(scoped), now: F.now)
        #expect(validated.region == region)
        #expect(validated.accessKeyID == "ASIAEXAMPLE")
    }

    struct Generated: Sendable, CustomStringConvertible {
        var partition: Partition
        var settings: STSEndpointSettings
        var host: String
        var region: String
        var description: String { host }
    }

    static let generated: [Generated] = [
        Generated(partition: .aws, settings: STSEndpointSettings(), host: "sts.amazonaws.com", region: "global"),
        Generated(partition: .aws, settings: STSEndpointSettings(region: "us-east-1"), host: "sts.us-east-1.amazonaws.com", region: "us-east-1"),
        Generated(partition: .aws, settings: STSEndpointSettings(region: "eu-west-1", regionalEndpoints: "legacy"),
                  host: "sts.amazonaws.com", region: "global"),
        Generated(partition: .aws, settings: STSEndpointSettings(region: "us-west-2", useFIPS: true),
                  host: "sts-fips.us-west-2.amazonaws.com", region: "us-west-2"),
        Generated(partition: .aws, settings: STSEndpointSettings(region: "us-west-2", useDualStack: true),
                  host: "sts.us-west-2.api.aws", region: "us-west-2"),
        Generated(partition: .aws, settings: STSEndpointSettings(region: "ap-south-1", useFIPS: true, useDualStack: true),
                  host: "sts-fips.ap-south-1.api.aws", region: "ap-south-1"),
        Generated(partition: .awsCN, settings: STSEndpointSettings(region: "cn-north-1"), host: "sts.cn-north-1.amazonaws.com.cn", region: "cn-north-1"),
        Generated(partition: .awsCN, settings: STSEndpointSettings(region: "cn-northwest-1", useDualStack: true),
                  host: "sts.cn-northwest-1.api.amazonwebservices.com.cn", region: "cn-northwest-1"),
        Generated(partition: .awsUSGov, settings: STSEndpointSettings(region: "us-gov-west-1", useFIPS: true),
                  host: "sts.us-gov-west-1.amazonaws.com", region: "us-gov-west-1"),
        Generated(partition: .awsUSGov, settings: STSEndpointSettings(region: "us-gov-east-1", useDualStack: true),
                  host: "sts.us-gov-east-1.api.aws", region: "us-gov-east-1"),
        Generated(partition: .awsISO, settings: STSEndpointSettings(region: "us-iso-east-1"), host: "sts.us-iso-east-1.c2s.ic.gov", region: "us-iso-east-1"),
        Generated(partition: .awsISOB, settings: STSEndpointSettings(region: "us-isob-east-1"), host: "sts.us-isob-east-1.sc2s.sgov.gov", region: "us-isob-east-1"),
        Generated(partition: .awsISOE, settings: STSEndpointSettings(region: "eu-isoe-west-1"), host: "sts.eu-isoe-west-1.cloud.adc-e.uk", region: "eu-isoe-west-1"),
        Generated(partition: .awsISOF, settings: STSEndpointSettings(region: "us-isof-south-1"), host: "sts.us-isof-south-1.csp.hci.ic.gov", region: "us-isof-south-1"),
        Generated(partition: .awsEUSC, settings: STSEndpointSettings(region: "eusc-de-east-1"), host: "sts.eusc-de-east-1.amazonaws.eu", region: "eusc-de-east-1"),
    ]

    @Test("tokens of EKSTokenGenerator validate in their partition, and only there", arguments: generated)
    func generatedToken(_ generated: Generated) throws {
        let signedAt = Date(timeIntervalSince1970: 1_704_164_645)
        let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/key+1", sessionToken: "session/token+=")
        let endpoint = try STSEndpoint.resolve(generated.settings)
        let token = try EKSTokenGenerator(endpoint: endpoint).token(clusterID: "my-cluster", credentials: credentials, date: signedAt)
        let validated = try TokenValidator(partition: generated.partition).validate(token.value, now: signedAt + 899)
        #expect(validated.host == generated.host)
        #expect(validated.region == generated.region)
        #expect(validated.accessKeyID == "ASIAEXAMPLE")
        #expect(validated.signedAt == signedAt)
        #expect(validated.expiresIn == EKSTokenGenerator.presignExpiry)
        #expect(validated.url == Base64URL.decode(token.value.dropFirst(EKSToken.prefix.count)).map { String(decoding: $0, as: UTF8.self) })

        let verifier = SigV4Verifier.eksToken()
        try verifier.verify(try validated.request(clusterID: "my-cluster"), secretAccessKey: credentials.secretAccessKey,
                            sessionToken: credentials.sessionToken, now: signedAt + 60)
        #expect(throws: SigV4VerificationError.self) {
            try verifier.verify(try validated.request(clusterID: "another"), secretAccessKey: credentials.secretAccessKey,
                                sessionToken: credentials.sessionToken, now: signedAt + 60)
        }
        for other in Partition.all where other != generated.partition {
            #expect(F.failure(token.value, TokenValidator(partition: other), now: signedAt + 60)?.code == .hostNotAllowed)
        }
    }

    @Test("an upper-case scheme is accepted, as Go lower-cases it")
    func upperCaseScheme() throws {
        let validated = try TokenValidator().validate(F.token(F.referenceURL.replacingOccurrences(of: "https:", with: "HTTPS:")), now: F.now)
        #expect(validated.host == "sts.us-west-2.amazonaws.com")
        #expect(try validated.request(clusterID: "c").scheme == "https")
    }
}

@Suite("STS host allow-list")
struct TokenValidatorHostAllowListTests {
    struct Row: Sendable, CustomStringConvertible {
        var partition: Partition
        var host: String
        var valid: Bool
        var serverRegion: String?
        var description: String { "\(partition.id) \(host) \(serverRegion ?? "-") \(valid)" }
    }

    static func row(_ partition: Partition, _ host: String, _ valid: Bool, _ serverRegion: String = "") -> Row {
        Row(partition: partition, host: host, valid: valid, serverRegion: serverRegion.isEmpty ? nil : serverRegion)
    }

    /// Upstream's `TestSTSEndpoints` and `TestSTSEndpointResolution` (reference §6.2), rows with the
    /// invalid partition `aws-not-a-partition` left out (``Partition`` has no such value).
    static let upstream: [Row] = [
        row(.aws, "sts.amazonaws.com", true), row(.awsCN, "sts.amazonaws.com", false), row(.awsUSGov, "sts.amazonaws.com", false),
        row(.awsISO, "sts.amazonaws.com", false), row(.awsISOB, "sts.amazonaws.com", false), row(.awsISOE, "sts.amazonaws.com", false),
        row(.awsISOF, "sts.amazonaws.com", false),
        row(.awsCN, "sts.cn-northwest-1.amazonaws.com.cn", true), row(.awsCN, "sts.cn-north-1.amazonaws.com.cn", true),
        row(.awsCN, "sts.us-iso-east-1.c2s.ic.gov", false), row(.awsCN, "sts.not-a-region1.amazonaws.com.cn", false),
        row(.awsCN, "sts.not-a-region2.amazonaws.com.cn", true, "not-a-region2"),
        row(.aws, "sts-fips.us-west-2.amazonaws.com", true), row(.aws, "sts-fips.us-east-1.amazonaws.com", true),
        row(.aws, "sts.us-east-1.amazonaws.com", true), row(.aws, "sts.us-east-2.amazonaws.com", true),
        row(.aws, "sts.us-west-1.amazonaws.com", true), row(.aws, "sts.us-west-2.amazonaws.com", true),
        row(.aws, "sts.ap-south-1.amazonaws.com", true), row(.aws, "sts.ap-northeast-1.amazonaws.com", true),
        row(.aws, "sts.ap-northeast-2.amazonaws.com", true), row(.aws, "sts.ap-southeast-1.amazonaws.com", true),
        row(.aws, "sts.ap-southeast-2.amazonaws.com", true), row(.aws, "sts.ca-central-1.amazonaws.com", true),
        row(.aws, "sts.eu-central-1.amazonaws.com", true), row(.aws, "sts.eu-west-1.amazonaws.com", true),
        row(.aws, "sts.eu-west-2.amazonaws.com", true), row(.aws, "sts.eu-west-3.amazonaws.com", true),
        row(.aws, "sts.eu-north-1.amazonaws.com", true), row(.aws, "sts.amazonaws.com.cn", false),
        row(.aws, "website.amazonaws.com", false), row(.aws, "sts.default-region.amazonaws.com", true, "default-region"),
        row(.awsISO, "sts.us-iso-east-1.c2s.ic.gov", true), row(.awsISO, "sts.cn-north-1.amazonaws.com.cn", false),
        row(.awsISOB, "sts.cn-north-1.amazonaws.com.cn", false), row(.awsUSGov, "sts.us-gov-east-1.amazonaws.com", true),
        row(.awsCN, "sts-fips.us-east-1.amazonaws.com", false),
        row(.awsCN, "sts.us-isob-east-1.amazonaws.com.cn", false), row(.awsCN, "sts.us-isob-east-1.amazonaws.com.cn", true, "us-isob-east-1"),
        row(.awsISOB, "sts.us-isob-east-1.amazonaws.com.cn", false), row(.awsISOB, "sts.us-isob-east-1.amazonaws.com.cn", false, "us-isob-east-1"),
        row(.aws, "sts.us-west-2.api.aws", true), row(.awsCN, "sts.cn-north-1.api.amazonwebservices.com.cn", true),
        row(.aws, "sts.cn-north-1.api.amazonwebservices.com.cn", false),
        row(.aws, "sts.not-a-region.amazonaws.com", true), row(.aws, "sts.not-a-region.amazonaws.com", true, "not-a-region"),
        row(.aws, "sts.not-a-region.amazonaws.com", true, "us-west-2"),
        row(.awsCN, "sts.not-a-region3.amazonaws.com.cn", false), row(.awsCN, "sts.not-a-region4.amazonaws.com.cn", true, "not-a-region4"),
        row(.awsCN, "sts.not-a-region5.amazonaws.com.cn", false, "us-west-2"),
        row(.awsCN, "sts.us-west-2.amazonaws.com.cn", false), row(.aws, "sts.us-west-2.amazonaws.com.cn", false),
        row(.aws, "sts.us-west-2.amazonaws.com.cn", false, "us-west-2"), row(.awsCN, "sts.not-a-region.amazonaws.com", false, "not-a-region"),
    ]

    /// Partitions, FIPS and dual-stack hosts upstream's tables do not cover, the aws / aws-us-gov
    /// overlap closed, and look-alikes.
    static let more: [Row] = [
        row(.aws, "sts-fips.us-east-1.api.aws", true), row(.aws, "sts.us-east-1.api.aws", true),
        row(.awsUSGov, "sts.us-gov-west-1.amazonaws.com", true), row(.awsUSGov, "sts.us-gov-west-1.api.aws", true),
        row(.awsUSGov, "sts-fips.us-gov-west-1.api.aws", true), row(.awsUSGov, "sts-fips.us-gov-west-1.amazonaws.com", false),
        row(.awsUSGov, "sts.us-east-1.amazonaws.com", false), row(.awsUSGov, "sts.not-a-region.amazonaws.com", false),
        row(.aws, "sts.us-gov-west-1.amazonaws.com", false), row(.aws, "sts.us-gov-east-1.api.aws", false),
        row(.awsCN, "sts-fips.cn-north-1.amazonaws.com.cn", true), row(.awsCN, "sts.cn-north-1.amazonaws.com", false),
        row(.awsISO, "sts-fips.us-iso-east-1.c2s.ic.gov", true), row(.awsISO, "sts.us-iso-west-1.c2s.ic.gov", true),
        row(.awsISO, "sts.us-iso-east-1.api.aws.ic.gov", false), row(.awsISO, "sts.us-iso-east-1.amazonaws.com", false),
        row(.awsISOB, "sts.us-isob-east-1.sc2s.sgov.gov", true), row(.awsISOB, "sts.us-isob-east-1.c2s.ic.gov", false),
        row(.awsISOE, "sts.eu-isoe-west-1.cloud.adc-e.uk", true), row(.awsISOF, "sts.us-isof-south-1.csp.hci.ic.gov", true),
        row(.awsISOF, "sts.us-isof-east-1.csp.hci.ic.gov", true),
        row(.awsEUSC, "sts.eusc-de-east-1.amazonaws.eu", true), row(.awsEUSC, "sts.eusc-de-east-1.api.amazonwebservices.eu", true),
        row(.awsEUSC, "sts.amazonaws.com", false), row(.awsEUSC, "sts.us-east-1.amazonaws.com", false),
        row(.awsISO, "sts.us-iso-new-1.c2s.ic.gov", true), row(.awsISO, "sts.iso-new-9.c2s.ic.gov", true, "iso-new-9"),
        // Look-alikes and odd spellings: all refused.
        row(.aws, "sts.amazonaws.com.evil.com", false), row(.aws, "sts.us-east-1.amazonaws.com.evil.com", false),
        row(.aws, "sts.us-east-1.evil.amazonaws.com", false), row(.aws, "evil.com", false), row(.aws, "sts.evil.com", false),
        row(.aws, "sts.us-east-1.amazonaws.com:443", false), row(.aws, "sts.amazonaws.com:443", false), row(.aws, "sts.amazonaws.com:", false),
        row(.aws, "STS.AMAZONAWS.COM", false), row(.aws, "sts.US-EAST-1.amazonaws.com", false), row(.aws, "Sts.us-east-1.amazonaws.com", false),
        row(.aws, "sts.us-east-1.amazonaws.com.", false), row(.aws, "sts.amazonaws.com.", false), row(.aws, ".sts.amazonaws.com", false),
        row(.aws, "sts..amazonaws.com", false), row(.aws, "xsts.us-east-1.amazonaws.com", false), row(.aws, "sts.us-east-1.amazonaws.co", false),
        row(.aws, "sts-fips.amazonaws.com", false), row(.aws, "sts.aws-global.amazonaws.com", false), row(.aws, "", false),
        row(.aws, "sts.us-east-1.amazonaws.com@evil.com", false), row(.aws, "[::1]", false), row(.aws, "sts.1.amazonaws.com", false),
        row(.aws, "sts.us-east-1.amazonaws.com\u{0}", false), row(.aws, "sts.us-ea\u{17F}t-1.amazonaws.com", false),
        row(.aws, "sts.ùs-east-1.amazonaws.com", false), row(.aws, "sts.-us-east-1.amazonaws.com", false),
        row(.aws, "sts.new-region-1.amazonaws.com", true), row(.aws, "sts.new-region-1.amazonaws.com", true, "NEW-REGION-1"),
        row(.awsCN, "sts.cn-new-1.amazonaws.com.cn", true), row(.awsCN, "sts.a.b.amazonaws.com.cn", false, "a.b"),
    ]

    @Test("upstream's host table", arguments: upstream)
    func upstreamRow(_ row: Row) {
        #expect(STSHostAllowList(partition: row.partition, serverRegion: row.serverRegion).contains(row.host) == row.valid)
    }

    @Test("more partitions, FIPS, dual-stack and look-alikes", arguments: more)
    func moreRow(_ row: Row) {
        #expect(STSHostAllowList(partition: row.partition, serverRegion: row.serverRegion).contains(row.host) == row.valid)
    }

    @Test("region labels")
    func regions() throws {
        let list = STSHostAllowList()
        #expect(try list.region(ofHost: "sts.amazonaws.com") == "global")
        #expect(try list.region(ofHost: "sts-fips.us-east-1.amazonaws.com") == "us-east-1")
        #expect(try list.region(ofHost: "sts.us-west-2.api.aws") == "us-west-2")
    }

    @Test("rejections carry upstream's messages")
    func messages() {
        func message(_ host: String, _ partition: Partition = .aws) -> String? {
            do throws(TokenValidationError) {
                _ = try STSHostAllowList(partition: partition).region(ofHost: host)
                return nil
            } catch {
                return String(error.message.dropFirst(TokenValidationError.formatErrorPrefix.count))
            }
        }
        #expect(message("google.com") == "could not parse region for pre-signed URL google.com, invalid host format: google.com")
        #expect(message("") == "could not parse region for pre-signed URL , host is empty")
        #expect(message("sts.amazonaws.com", .awsUSGov) == "global endpoint unsupported in partition aws-us-gov")
        #expect(message("sts.@invalid.com/%23.x") == "invalid region identifier format provided: @invalid")
        #expect(message("sts.us-west-2.amazonaws.com.cn") == #"unexpected hostname "sts.us-west-2.amazonaws.com.cn" in pre-signed URL"#)
        #expect(message("sts.cn-north-1.amazonaws.com.cn") == "partition {aws} does not support hostname sts.cn-north-1.amazonaws.com.cn")
        #expect(message("sts.a\u{7}.b.c\"") == "invalid region identifier format provided: a\u{7}")
        #expect(message("sts.a.b.c\u{7}\"") == #"unexpected hostname "sts.a.b.c\a\"" in pre-signed URL"#)
    }

    /// `TestRegionValidator`: `us-east-1`, `local`, `9-west-1` valid; `invalid.com`, `@invalid.com/%23`, `us_east_1` not.
    @Test("region identifiers, as upstream's TestRegionValidator")
    func regionValidator() {
        func valid(_ region: String) -> Bool {
            do throws(TokenValidationError) {
                _ = try STSHostAllowList().region(ofHost: "sts.\(region).x")
                return true
            } catch {
                return !error.message.contains("invalid region identifier format")
            }
        }
        #expect(valid("us-east-1") && valid("local") && valid("9-west-1"))
        #expect(!valid("us_east_1") && !valid("@invalid"))
        // Regions with dots or a slash cannot be one host label.
        #expect(STSHostAllowList().contains("sts.invalid.com.amazonaws.com") == false)
    }
}
