import AWSCore
import Foundation
import Testing

/// Runs `botocore_sts_endpoint.py` (beside this file) with python3 and botocore.
enum Botocore {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("botocore_sts_endpoint.py")

    /// Runs the script with `arguments`, `input` on stdin, no AWS_* variables of this process and no
    /// shared config or credentials files; returns its stdout.
    static func run(_ arguments: [String], input: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Inputs are a few kilobytes, well under a pipe's buffer, so writing before reading cannot block.
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(status: process.terminationStatus)
        }
        return output
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var status: Int32
        var description: String { "botocore_sts_endpoint.py exited with status \(status); see its stderr above" }
    }
}

@Suite("STSEndpointResolver")
struct STSEndpointResolverTests {
    // MARK: Settings

    @Test func defaultSettings() {
        let settings = STSEndpointSettings.from(environment: [:])
        #expect(settings == STSEndpointSettings())
        #expect(settings.region == nil)
        #expect(settings.regionalEndpoints == nil)
        #expect(!settings.useFIPS && !settings.useDualStack)
        #expect(settings.endpointURLSTS == nil && settings.endpointURL == nil)
    }

    @Test func readsEnvironment() {
        let settings = STSEndpointSettings.from(environment: [
            "AWS_STS_REGIONAL_ENDPOINTS": "legacy",
            "AWS_USE_FIPS_ENDPOINT": "TRUE",
            "AWS_USE_DUALSTACK_ENDPOINT": "true",
            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5001",
            "AWS_REGION": "eu-west-1",
        ])
        #expect(
            settings
                == STSEndpointSettings(
                    region: nil, regionalEndpoints: "legacy", useFIPS: true, useDualStack: true,
                    endpointURLSTS: "http://127.0.0.1:5000", endpointURL: "http://127.0.0.1:5001"))
    }

    @Test func readsProfile() {
        let settings = STSEndpointSettings.from(
            environment: [:],
            profile: [
                "sts_regional_endpoints": "legacy", "use_fips_endpoint": "true", "use_dualstack_endpoint": "True",
                "endpoint_url": "http://localhost:4566", "region": "eu-west-1",
            ])
        #expect(
            settings
                == STSEndpointSettings(
                    region: nil, regionalEndpoints: "legacy", useFIPS: true, useDualStack: true, endpointURL: "http://localhost:4566"))
    }

    @Test func environmentWinsOverProfileEvenWhenEmpty() {
        let profile = [
            "sts_regional_endpoints": "legacy", "use_fips_endpoint": "true", "use_dualstack_endpoint": "true",
            "endpoint_url": "http://profile:1",
        ]
        let settings = STSEndpointSettings.from(
            environment: [
                "AWS_STS_REGIONAL_ENDPOINTS": "", "AWS_USE_FIPS_ENDPOINT": "", "AWS_USE_DUALSTACK_ENDPOINT": "false",
                "AWS_ENDPOINT_URL": "http://env:2",
            ],
            profile: profile)
        #expect(settings == STSEndpointSettings(regionalEndpoints: "", endpointURL: "http://env:2"))
        // An empty URL counts as unset, so the profile's URL is used.
        #expect(STSEndpointSettings.from(environment: ["AWS_ENDPOINT_URL": ""], profile: profile).endpointURL == "http://profile:1")
    }

    @Test(arguments: ["true", "TRUE", "True"])
    func ignoresConfiguredEndpointURLs(_ value: String) {
        let environment = ["AWS_ENDPOINT_URL_STS": "http://a:1", "AWS_ENDPOINT_URL": "http://b:2"]
        var ignoring = environment
        ignoring["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = value
        #expect(STSEndpointSettings.from(environment: ignoring).endpointURLSTS == nil)
        #expect(STSEndpointSettings.from(environment: ignoring).endpointURL == nil)
        let fromProfile = STSEndpointSettings.from(environment: environment, profile: ["ignore_configured_endpoint_urls": value])
        #expect(fromProfile.endpointURLSTS == nil && fromProfile.endpointURL == nil)
        ignoring["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false"
        let notIgnoring = STSEndpointSettings.from(environment: ignoring, profile: ["ignore_configured_endpoint_urls": value])
        #expect(notIgnoring.endpointURLSTS == "http://a:1")
    }

    @Test(arguments: ["1", "yes", "on", " true", ""])
    func onlyTrueIsTrue(_ value: String) {
        #expect(!STSEndpointSettings.from(environment: ["AWS_USE_FIPS_ENDPOINT": value]).useFIPS)
        #expect(!STSEndpointSettings.from(environment: [:], profile: ["use_dualstack_endpoint": value]).useDualStack)
    }

    // MARK: Resolution

    struct ResolveCase: Sendable, CustomTestStringConvertible {
        var settings: STSEndpointSettings
        var url: String
        var signingRegion: String
        var testDescription: String { "\(settings) → \(url)" }

        init(_ region: String?, _ url: String, _ signingRegion: String) {
            self.init(region, [:], url, signingRegion)
        }

        init(_ region: String?, _ environment: [String: String], _ url: String, _ signingRegion: String) {
            var settings = STSEndpointSettings.from(environment: environment)
            settings.region = region
            self.settings = settings
            self.url = url
            self.signingRegion = signingRegion
        }
    }

    static let legacy = ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"]
    static let fips = ["AWS_USE_FIPS_ENDPOINT": "true"]
    static let dualStack = ["AWS_USE_DUALSTACK_ENDPOINT": "true"]
    static let fipsDualStack = ["AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"]

    static let resolveCases: [ResolveCase] = [
        // peers.md §1.2
        ResolveCase("us-east-1", "https://sts.us-east-1.amazonaws.com", "us-east-1"),
        ResolveCase("eu-west-1", "https://sts.eu-west-1.amazonaws.com", "eu-west-1"),
        ResolveCase("us-east-1", legacy, "https://sts.amazonaws.com", "us-east-1"),
        ResolveCase("eu-west-1", legacy, "https://sts.amazonaws.com", "us-east-1"),
        ResolveCase("me-south-1", legacy, "https://sts.me-south-1.amazonaws.com", "me-south-1"),
        ResolveCase("aws-global", "https://sts.amazonaws.com", "us-east-1"),
        ResolveCase(nil, "https://sts.amazonaws.com", "us-east-1"),
        ResolveCase("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ResolveCase("us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ResolveCase("us-east-1", fips, "https://sts-fips.us-east-1.amazonaws.com", "us-east-1"),
        ResolveCase("us-east-1", ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"], "http://127.0.0.1:5000", "us-east-1"),
        ResolveCase("us-east-1", ["AWS_ENDPOINT_URL": "http://127.0.0.1:5001"], "http://127.0.0.1:5001", "us-east-1"),
        // Every partition.
        ResolveCase("ap-southeast-5", "https://sts.ap-southeast-5.amazonaws.com", "ap-southeast-5"),
        ResolveCase("us-iso-east-1", "https://sts.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        ResolveCase("us-isob-east-1", "https://sts.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        ResolveCase("eu-isoe-west-1", "https://sts.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"),
        ResolveCase("us-isof-south-1", "https://sts.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
        ResolveCase("eusc-de-east-1", "https://sts.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"),
        // Unknown regions use the commercial domain; case is kept.
        ResolveCase("xx-foo-1", "https://sts.xx-foo-1.amazonaws.com", "xx-foo-1"),
        ResolveCase("US-EAST-1", legacy, "https://sts.US-EAST-1.amazonaws.com", "US-EAST-1"),
        // Legacy only applies to the listed regions and never with FIPS or dual-stack.
        ResolveCase("ap-southeast-5", legacy, "https://sts.ap-southeast-5.amazonaws.com", "ap-southeast-5"),
        ResolveCase("cn-north-1", legacy, "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ResolveCase("us-west-2", legacy.merging(fips) { $1 }, "https://sts-fips.us-west-2.amazonaws.com", "us-west-2"),
        ResolveCase("us-east-1", legacy.merging(dualStack) { $1 }, "https://sts.us-east-1.api.aws", "us-east-1"),
        // FIPS and dual-stack.
        ResolveCase("cn-north-1", fips, "https://sts-fips.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ResolveCase("us-gov-west-1", fips, "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ResolveCase("us-gov-east-1", fipsDualStack, "https://sts-fips.us-gov-east-1.api.aws", "us-gov-east-1"),
        ResolveCase("eu-west-1", dualStack, "https://sts.eu-west-1.api.aws", "eu-west-1"),
        ResolveCase("eu-west-1", fipsDualStack, "https://sts-fips.eu-west-1.api.aws", "eu-west-1"),
        ResolveCase("cn-northwest-1", dualStack, "https://sts.cn-northwest-1.api.amazonwebservices.com.cn", "cn-northwest-1"),
        ResolveCase("eusc-de-east-1", fipsDualStack, "https://sts-fips.eusc-de-east-1.api.amazonwebservices.eu", "eusc-de-east-1"),
        ResolveCase("us-iso-east-1", dualStack, "https://sts.us-iso-east-1.api.aws.ic.gov", "us-iso-east-1"),
        ResolveCase("us-isob-east-1", fips, "https://sts-fips.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        // Without a region, FIPS and dual-stack are built for aws-global (hosts that do not exist, as botocore does).
        ResolveCase(nil, fips, "https://sts-fips.aws-global.amazonaws.com", "us-east-1"),
        ResolveCase(nil, dualStack, "https://sts.aws-global.api.aws", "us-east-1"),
        ResolveCase("aws-global", fipsDualStack, "https://sts-fips.aws-global.api.aws", "us-east-1"),
        // FIPS pseudo-regions.
        ResolveCase("us-east-1-fips", "https://sts-fips.us-east-1.amazonaws.com", "us-east-1"),
        ResolveCase("fips-us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ResolveCase("us-east-1-fips", ["AWS_ENDPOINT_URL": "http://h:1"], "http://h:1", "us-east-1"),
        // Endpoint URLs: the STS one wins, FIPS/dual-stack/legacy are ignored, the trailing `/` goes, the path stays.
        ResolveCase(
            "eu-west-1", ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL": "http://a:1"], "http://127.0.0.1:5000",
            "eu-west-1"),
        ResolveCase(
            "us-east-1", legacy.merging(fipsDualStack) { $1 }.merging(["AWS_ENDPOINT_URL_STS": "https://sts.example.com/base/"]) { $1 },
            "https://sts.example.com/base", "us-east-1"),
        ResolveCase("aws-global", ["AWS_ENDPOINT_URL_STS": "http://[::1]:5000"], "http://[::1]:5000", "aws-global"),
    ]

    @Test(arguments: resolveCases)
    func resolves(_ c: ResolveCase) throws {
        let endpoint = try STSEndpoint.resolve(c.settings)
        #expect(endpoint.url == c.url)
        #expect(endpoint.signingRegion == c.signingRegion)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var settings: STSEndpointSettings
        var code: STSEndpointError.Code
        var messageContains: String
        var testDescription: String { "\(settings) → \(code)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            settings: .init(region: "us east 1"), code: .invalidRegion, messageContains: "region 'us east 1' is not a valid region name"),
        ErrorCase(settings: .init(region: "-bad"), code: .invalidRegion, messageContains: "'-bad'"),
        ErrorCase(settings: .init(region: "bad-"), code: .invalidRegion, messageContains: "'bad-'"),
        ErrorCase(settings: .init(region: "123"), code: .invalidRegion, messageContains: "'123'"),
        ErrorCase(settings: .init(region: ""), code: .invalidRegion, messageContains: "region ''"),
        ErrorCase(settings: .init(region: "us-east-1.evil.com"), code: .invalidRegion, messageContains: "us-east-1.evil.com"),
        ErrorCase(settings: .init(region: "a_b"), code: .invalidRegion, messageContains: "a_b"),
        ErrorCase(
            settings: .init(region: String(repeating: "a", count: 64)), code: .invalidRegion, messageContains: "not a valid region name"),
        ErrorCase(settings: .init(region: "us east 1", endpointURLSTS: "http://h:1"), code: .invalidRegion, messageContains: "us east 1"),
        ErrorCase(
            settings: .init(region: "eu-west-1", regionalEndpoints: "Legacy"), code: .invalidRegionalEndpoints,
            messageContains: "option 'Legacy' is invalid"),
        ErrorCase(
            settings: .init(region: "eu-west-1", regionalEndpoints: "global", endpointURLSTS: "http://h:1"),
            code: .invalidRegionalEndpoints,
            messageContains: "\"regional\" or \"legacy\""),
        ErrorCase(
            settings: .init(region: nil, endpointURLSTS: "http://127.0.0.1:5000"), code: .missingRegion, messageContains: "set AWS_REGION"),
        ErrorCase(
            settings: .init(region: nil, endpointURL: "http://127.0.0.1:5000"), code: .missingRegion,
            messageContains: "http://127.0.0.1:5000"),
        ErrorCase(
            settings: .init(region: "eu-west-1", endpointURLSTS: "localhost:5000"), code: .invalidEndpointURL,
            messageContains: "'localhost:5000'"),
        ErrorCase(
            settings: .init(region: "eu-west-1", endpointURLSTS: "http://h_x:1"), code: .invalidEndpointURL,
            messageContains: "AWS_ENDPOINT_URL_STS"),
        ErrorCase(settings: .init(region: "eu-west-1", endpointURLSTS: "  "), code: .invalidEndpointURL, messageContains: "'  '"),
        ErrorCase(
            settings: .init(region: "eu-west-1", endpointURL: "ftp://files"), code: .invalidEndpointURL, messageContains: "ftp://files"),
        ErrorCase(settings: .init(region: "eu-west-1", endpointURL: "http://"), code: .invalidEndpointURL, messageContains: "http://"),
        ErrorCase(
            settings: .init(region: "eu-isoe-west-1", useDualStack: true), code: .dualStackUnsupported,
            messageContains: "partition aws-iso-e"),
        ErrorCase(
            settings: .init(region: "us-isof-south-1", useFIPS: true, useDualStack: true), code: .dualStackUnsupported,
            messageContains: "aws-iso-f"),
        ErrorCase(
            settings: .init(region: "us-isof-east-1", useDualStack: true, endpointURLSTS: "http://h:1"), code: .dualStackUnsupported,
            messageContains: "AWS_USE_DUALSTACK_ENDPOINT"),
    ]

    @Test(arguments: errorCases)
    func rejects(_ c: ErrorCase) {
        #expect {
            try STSEndpoint.resolve(c.settings)
        } throws: { error in
            guard let error = error as? STSEndpointError else { return false }
            return error.code == c.code && error.message.contains(c.messageContains)
        }
    }

    @Test func everyErrorCodeIsCovered() {
        #expect(Set(Self.errorCases.map(\.code)) == Set(STSEndpointError.Code.allCases))
    }

    // MARK: Against botocore

    struct BotocoreCase: Codable, Sendable {
        var region: String?
        var env: [String: String]
        var profile: [String: String]
    }

    struct BotocoreResult: Codable, Sendable {
        var url: String?
        var host: String?
        var signingRegion: String?
        var error: String?
        var errorType: String?
    }

    /// Regions across every partition, pseudo-regions, unknown and invalid ones, crossed with every way of
    /// choosing the endpoint.
    static var botocoreMatrix: [BotocoreCase] {
        let regions: [String?] = [
            nil, "us-east-1", "us-west-2", "eu-west-1", "me-south-1", "ap-southeast-5", "aws-global", "cn-north-1", "cn-northwest-1",
            "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1",
            "aws-cn-global", "aws-us-gov-global", "xx-foo-1", "US-EAST-1", "us-east-1-fips", "fips-us-gov-west-1", "us east 1", "-bad",
            "123", "",
        ]
        let variants: [(env: [String: String], profile: [String: String])] = [
            ([:], [:]),
            (legacy, [:]),
            (fips, [:]),
            (dualStack, [:]),
            (fipsDualStack, [:]),
            (legacy.merging(fips) { $1 }, [:]),
            (legacy.merging(dualStack) { $1 }, [:]),
            ([:], ["sts_regional_endpoints": "legacy", "use_fips_endpoint": "true"]),
            (
                ["AWS_STS_REGIONAL_ENDPOINTS": "", "AWS_USE_FIPS_ENDPOINT": ""],
                ["sts_regional_endpoints": "legacy", "use_fips_endpoint": "true"]
            ),
            (["AWS_STS_REGIONAL_ENDPOINTS": "Legacy"], [:]),
            (["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"], [:]),
            (["AWS_ENDPOINT_URL": "http://127.0.0.1:5001/base/"].merging(fipsDualStack) { $1 }, [:]),
            (["AWS_ENDPOINT_URL_STS": "https://sts.example.com"], ["endpoint_url": "http://profile:1"]),
            ([:], ["endpoint_url": "http://localhost:4566", "use_dualstack_endpoint": "true"]),
            (["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"], [:]),
            (["AWS_ENDPOINT_URL_STS": "localhost:5000"], [:]),
        ]
        var cases: [BotocoreCase] = []
        for region in regions {
            for variant in variants {
                // botocore signs for region "" when an endpoint URL is set; this resolver rejects "" always.
                if region == "",
                    STSEndpointSettings.from(environment: variant.env, profile: variant.profile).endpointURLSTS != nil
                        || STSEndpointSettings.from(environment: variant.env, profile: variant.profile).endpointURL != nil
                {
                    continue
                }
                cases.append(BotocoreCase(region: region, env: variant.env, profile: variant.profile))
            }
        }
        return cases
    }

    /// The code of the error this resolver should throw where botocore fails.
    static func expectedCode(_ result: BotocoreResult, region: String?) -> STSEndpointError.Code? {
        switch result.errorType {
        case "InvalidRegionError": .invalidRegion
        case "NoRegionError": .missingRegion
        case "InvalidSTSRegionalEndpointsConfigError": .invalidRegionalEndpoints
        case "EndpointVariantError": .dualStackUnsupported
        // `Invalid endpoint: https://sts..amazonaws.com` for the empty region, `Invalid endpoint: <url>` otherwise.
        case "ValueError": region == "" ? .invalidRegion : .invalidEndpointURL
        default: nil
        }
    }

    @Test
    func agreesWithBotocore() throws {
        let cases = Self.botocoreMatrix
        #expect(cases.count >= 40)
        let output = try Botocore.run([], input: try JSONEncoder().encode(cases))
        let results = try JSONDecoder().decode([BotocoreResult].self, from: output)
        try #require(results.count == cases.count)
        var agreed = 0
        for (c, expected) in zip(cases, results) {
            var settings = STSEndpointSettings.from(environment: c.env, profile: c.profile)
            settings.region = c.region
            let label = "region \(c.region ?? "nil") env \(c.env) profile \(c.profile)"
            let actual = Result { () throws(STSEndpointError) in try STSEndpoint.resolve(settings) }
            switch (actual, expected.error) {
            case (.success(let endpoint), nil):
                let host = endpoint.url.split(separator: "/", omittingEmptySubsequences: false)[2]
                #expect(String(host) == expected.host, "\(label)")
                #expect(endpoint.url == expected.url, "\(label)")
                #expect(endpoint.signingRegion == expected.signingRegion, "\(label)")
                if endpoint.url == expected.url, endpoint.signingRegion == expected.signingRegion { agreed += 1 }
            case (.failure(let error), let botocoreError?):
                let code = try #require(Self.expectedCode(expected, region: c.region), "unmapped botocore error \(botocoreError)")
                #expect(error.code == code, "\(label): botocore \(botocoreError), here \(error.message)")
                if error.code == code { agreed += 1 }
            case (.success(let endpoint), let botocoreError?):
                Issue.record("\(label): botocore fails with \(botocoreError), here \(endpoint.url) signed for \(endpoint.signingRegion)")
            case (.failure(let error), nil):
                Issue.record(
                    "\(label): botocore gives \(expected.url ?? "") signed for \(expected.signingRegion ?? ""), here \(error.message)")
            }
        }
        #expect(agreed == cases.count)
    }
}
