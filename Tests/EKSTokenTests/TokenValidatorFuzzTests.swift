import AWSCore
import EKSToken
import Foundation
import SigV4
import Testing

/// Seeded random tokens: whatever the input, the validator does not crash, and a token it accepts
/// names a host of the allow-list — checked against an oracle written here from the partitions'
/// domains, not with the validator's own code — and builds a request for exactly that host.
@Suite("Token validation: randomized")
struct TokenValidatorFuzzTests {
    /// SplitMix64: a small generator that gives the same sequence for the same seed on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let signedAt = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z
    static let now = signedAt + 120

    /// The hosts a partition may accept, as a shape: `sts.amazonaws.com` in `aws` only, else `sts` or
    /// `sts-fips`, one lower-case label, then exactly the partition's STS or dual-stack domain.
    static func isAllowedShape(_ host: String, _ partition: Partition) -> Bool {
        if host == "sts.amazonaws.com" { return partition == .aws }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 3, labels[0] == "sts" || labels[0] == "sts-fips" else { return false }
        let region = labels[1]
        guard !region.isEmpty, region.utf8.allSatisfy({
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
        }) else { return false }
        let domain = labels[2...].joined(separator: ".")
        return domain == partition.stsDomain || domain == partition.dualStackDomain
    }

    /// Good tokens of every partition, with and without a session token.
    static func baseURLs() throws -> [(url: String, partition: Partition)] {
        let settings: [STSEndpointSettings] = [
            STSEndpointSettings(), STSEndpointSettings(region: "us-east-1"), STSEndpointSettings(region: "eu-west-1", useFIPS: true),
            STSEndpointSettings(region: "us-west-2", useDualStack: true), STSEndpointSettings(region: "ap-south-1", useFIPS: true, useDualStack: true),
            STSEndpointSettings(region: "cn-north-1"), STSEndpointSettings(region: "cn-northwest-1", useDualStack: true),
            STSEndpointSettings(region: "us-gov-west-1"), STSEndpointSettings(region: "us-gov-east-1", useDualStack: true),
            STSEndpointSettings(region: "us-iso-east-1"), STSEndpointSettings(region: "us-isob-east-1"),
            STSEndpointSettings(region: "eu-isoe-west-1"), STSEndpointSettings(region: "us-isof-south-1"),
            STSEndpointSettings(region: "eusc-de-east-1", useDualStack: true), STSEndpointSettings(region: "mx-new-7"),
        ]
        var urls: [(url: String, partition: Partition)] = []
        for (index, setting) in settings.enumerated() {
            let credentials = AWSCredentials(
                accessKeyID: "AKIDEXAMPLE\(index)", secretAccessKey: "secret",
                sessionToken: index % 2 == 0 ? nil : "IQoJb3JpZ2luX2VjE+/=\(index)"
            )
            let url = try EKSTokenGenerator(endpoint: try STSEndpoint.resolve(setting))
                .presignedURL(clusterID: "cluster-\(index)", credentials: credentials, date: signedAt)
            urls.append((url, Partition.forRegion(setting.region ?? "aws-global")))
        }
        return urls
    }

    static let validators: [TokenValidator] = Partition.all.map { TokenValidator(partition: $0) } + [
        TokenValidator(partition: .aws, serverRegion: "us-west-2"),
        TokenValidator(partition: .awsCN, serverRegion: "cn-south-9"),
        TokenValidator(partition: .awsISO, serverRegion: "us-iso-north-3"),
    ]

    static let hosts = [
        "sts.amazonaws.com", "sts.us-east-1.amazonaws.com", "sts-fips.us-east-1.amazonaws.com", "sts.us-west-2.api.aws",
        "sts.cn-north-1.amazonaws.com.cn", "sts.cn-south-9.amazonaws.com.cn", "sts.us-gov-west-1.amazonaws.com",
        "sts.us-iso-east-1.c2s.ic.gov", "sts.us-iso-north-3.c2s.ic.gov", "sts.eusc-de-east-1.amazonaws.eu",
        "sts.amazonaws.com.evil.com", "sts.us-east-1.amazonaws.com.evil.com", "evil.com", "sts.us-east-1.amazonaws.com:443",
        "sts.amazonaws.com:443", "STS.AMAZONAWS.COM", "sts.US-EAST-1.amazonaws.com", "sts.us-east-1.amazonaws.com.",
        "sts.amazonaws.com@evil.com", "evil.com@sts.amazonaws.com", "evil.com%40sts.amazonaws.com", "sts.amazonaws.com%2F@evil.com",
        "sts.amazonaws.com\\@evil.com", "[::1]", "[::1]:443", "127.0.0.1", "sts.us-east-1.amazonaws.com%00", "sts%2eamazonaws.com",
        "sts.us-east-1.amazonaws.com#@evil.com", "sts.us-east-1.amazonaws.com?@evil.com", "xn--sts-9na.amazonaws.com",
        "sts.us-iso-east-1.api.aws.ic.gov", "sts.aws-global.amazonaws.com", "sts.new-region-9.amazonaws.com", "",
    ]

    static let parameters = [
        "x-amz-date=20240102T030405Z", "X-AMZ-CREDENTIAL=AKID%2F20240102%2Fus-east-1%2Fsts%2Faws4_request", "Foo=bar",
        "Action=GetCallerIdentity", "action=GetCallerIdentity", "X-Amz-Expires=900", "X-Amz-Expires=-1", "a=%zz", "b;c=d",
        "X-Amz-SignedHeaders=host", "X-Amz-Date=20240102T031000Z", "X-Amz-Date=20231231T000000Z", "Version=2011-06-15",
        "X-Amz-Credential=AKID%2F20240102%2Fus-east-1%2Fs3%2Faws4_request", "", "=", "&&", "X-Amz-Security-Token=" + String(repeating: "Q", count: 400),
        "X-Amz-Security-Token=" + String(repeating: "Q", count: 13_000), "X-Amz-SignedHeaders=host%3Bx-k8s-aws-id", "X-Amz-Expires=60",
        "X-Amz-Date=2024-01-02",
        "x-amz-signature=00", "X-Amz-S%C4%B0gnature=0", "Action=GetCallerIdentity#frag",
    ]

    static let schemes = ["https", "HTTPS", "http", "", "https:", "ht tps", "ftp"]
    static let paths = ["/", "", "/abc", "/%2F", "//", "/?", "/./", "/%zz"]

    static func randomBytes(_ count: Int, using generator: inout SeededGenerator) -> [UInt8] {
        let interesting: [UInt8] = Array("/?#@%:.&=;[]\\ +-_~".utf8) + [0, 1, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        return (0..<count).map { _ in
            Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0x20...0x7E, using: &generator)
        }
    }

    /// One mutated token; `kind` picks the mutation.
    static func mutatedToken(kind: Int, base: String, using generator: inout SeededGenerator) -> String {
        var urlBytes = Array(base.utf8)
        switch kind {
        case 0:  // Replace bytes of the token itself.
            var token = Array(ValidationFixture.token(base).utf8)
            let alphabet = Array("ABCXYZabcxyz0189-_=+/.\n é".utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<token.count, using: &generator)
                token[index] = alphabet.randomElement(using: &generator)!
            }
            return String(decoding: token, as: UTF8.self)
        case 1:  // Truncate the token.
            let token = ValidationFixture.token(base)
            return String(token.prefix(Int.random(in: 0...token.count, using: &generator)))
        case 2:  // Insert a parameter.
            let url = base
            var pieces = url.split(separator: "?", maxSplits: 1).map(String.init)
            var query = pieces.count > 1 ? pieces[1].split(separator: "&", omittingEmptySubsequences: false).map(String.init) : []
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                query.insert(parameters.randomElement(using: &generator)!, at: Int.random(in: 0...query.count, using: &generator))
            }
            pieces = [pieces[0], query.joined(separator: "&")]
            return ValidationFixture.token(pieces.joined(separator: "?"))
        case 3:  // Swap the host.
            let afterScheme = base.range(of: "://")!.upperBound
            let hostEnd = base[afterScheme...].firstIndex(of: "/")!
            return ValidationFixture.token(String(base[..<afterScheme]) + hosts.randomElement(using: &generator)! + String(base[hostEnd...]))
        case 4:  // A URL made of random parts.
            let query = (0..<Int.random(in: 0...9, using: &generator)).map { _ in parameters.randomElement(using: &generator)! }
            var url = schemes.randomElement(using: &generator)! + "://" + hosts.randomElement(using: &generator)! + paths.randomElement(using: &generator)!
            url += "?" + query.joined(separator: "&")
            if Int.random(in: 0..<8, using: &generator) == 0 { url += "#" }
            return ValidationFixture.token(url)
        case 5:  // Random bytes inserted, replaced or removed in the URL.
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<urlBytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: urlBytes.insert(contentsOf: randomBytes(Int.random(in: 1...3, using: &generator), using: &generator), at: index)
                case 1: urlBytes[index] = randomBytes(1, using: &generator)[0]
                default: urlBytes.remove(at: index)
                }
            }
            return ValidationFixture.token(bytes: urlBytes)
        default:  // base64 of random bytes, sometimes after a plausible beginning.
            let start = Bool.random(using: &generator) ? Array("https://sts.".utf8) : []
            return ValidationFixture.token(bytes: start + randomBytes(Int.random(in: 0...120, using: &generator), using: &generator))
        }
    }

    @Test("24,000 mutated tokens: no crash, and every accepted token is for an allowed host")
    func mutatedTokens() throws {
        var generator = SeededGenerator(state: 0x00E4_5A17_0C0F_FEE5)
        let bases = try Self.baseURLs()
        var accepted = 0
        var acceptedKinds = Set<Int>()
        var codes = Set<TokenValidationError.Code>()
        let kinds = 7
        let perKind = 24_000 / kinds + 1
        for kind in 0..<kinds {
            for _ in 0..<perKind {
                let base = bases.randomElement(using: &generator)!
                let token = Self.mutatedToken(kind: kind, base: base.url, using: &generator)
                // Mostly a validator of the token's own partition, so that many tokens pass.
                let candidates = Int.random(in: 0..<4, using: &generator) == 0
                    ? Self.validators : Self.validators.filter { $0.partition == base.partition }
                let validator = candidates.randomElement(using: &generator)!
                do throws(TokenValidationError) {
                    let validated = try validator.validate(token, now: Self.now)
                    accepted += 1
                    acceptedKinds.insert(kind)
                    #expect(Self.isAllowedShape(validated.host, validator.partition), "\(validator.partition.id) accepted \(validated.host)")
                    #expect(validator.allowList.contains(validated.host))
                    let request = try validated.request(clusterID: "c")
                    #expect(request.scheme == "https" && request.authority == validated.host && request.hostHeaderValue == validated.host)
                    #expect(request.path == "/")
                    #expect(validated.url.lowercased().hasPrefix("https://\(validated.host)/"))
                    #expect(validated.signedAt + TokenValidator.validity >= Self.now)
                    #expect((0...900).contains(validated.expiresIn))
                } catch {
                    codes.insert(error.code)
                    #expect(error.message.hasPrefix(TokenValidationError.formatErrorPrefix))
                    #expect(!error.message.contains("IQoJb3JpZ2luX2VjE"), "a session token leaked into \(error.message)")
                }
            }
        }
        // The run is only worth something if both outcomes are common and most checks were reached.
        #expect(accepted > 500)
        #expect(acceptedKinds.isSuperset(of: [0, 1, 2, 3, 5]))
        #expect(codes.count >= 16, "codes seen: \(codes.map(\.rawValue).sorted())")
    }

    @Test("the same seed gives the same tokens")
    func deterministic() throws {
        let bases = try Self.baseURLs()
        var first = SeededGenerator(state: 42)
        var second = SeededGenerator(state: 42)
        for kind in 0..<7 {
            #expect(Self.mutatedToken(kind: kind, base: bases[kind].url, using: &first) == Self.mutatedToken(kind: kind, base: bases[kind].url, using: &second))
        }
    }
}
