import Foundation
import Testing

@testable import AWSCore

@Suite("Partition")
struct PartitionTests {
    @Test(arguments: [
        ("us-east-1", "aws"), ("eu-west-1", "aws"), ("me-south-1", "aws"), ("ap-southeast-5", "aws"), ("mx-central-1", "aws"),
        ("aws-global", "aws"),
        // Regions newer than the table fall back to aws.
        ("xx-foo-1", "aws"), ("us-east-9", "aws"), ("foo", "aws"), ("", "aws"),
        ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"), ("cn-south-7", "aws-cn"), ("aws-cn-global", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov"), ("us-gov-north-3", "aws-us-gov"),
        ("aws-us-gov-global", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"), ("us-iso-west-1", "aws-iso"), ("aws-iso-global", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"), ("aws-iso-b-global", "aws-iso-b"),
        ("eu-isoe-west-1", "aws-iso-e"), ("eu-isoe-north-2", "aws-iso-e"), ("aws-iso-e-global", "aws-iso-e"),
        ("us-isof-south-1", "aws-iso-f"), ("us-isof-east-1", "aws-iso-f"), ("aws-iso-f-global", "aws-iso-f"),
        ("eusc-de-east-1", "aws-eusc"), ("eusc-de-west-2", "aws-eusc"),
        // Only `<prefix>-<name>-<number>` matches a pattern.
        ("eusc-fr-east-1", "aws"), ("cn-north", "aws"), ("cn-north-1a", "aws"), ("us-gov-west-1-fips", "aws"), ("CN-NORTH-1", "aws"),
        ("cn-north_x-1", "aws-cn"),
    ])
    func partitionOfRegion(_ region: String, _ id: String) {
        #expect(Partition.forRegion(region).id == id)
    }

    @Test(
        arguments: [
            ("aws", "amazonaws.com", "api.aws"),
            ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
            ("aws-us-gov", "amazonaws.com", "api.aws"),
            ("aws-iso", "c2s.ic.gov", nil),
            ("aws-iso-b", "sc2s.sgov.gov", nil),
            ("aws-iso-e", "cloud.adc-e.uk", nil),
            ("aws-iso-f", "csp.hci.ic.gov", nil),
            ("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"),
        ] as [(String, String, String?)])
    func stsDomains(_ id: String, _ domain: String, _ dualStack: String?) throws {
        let partition = try #require(Partition(id: id))
        #expect(partition.id == id)
        #expect(partition.description == id)
        #expect(partition.stsDomain == domain)
        #expect(partition.dualStackDomain == dualStack)
    }

    @Test func allPartitions() {
        #expect(Partition.all.map(\.id) == ["aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov"])
        #expect(Set(Partition.all).count == 8)
        #expect(Partition(id: "aws-moon") == nil)
        #expect(Partition(id: "AWS") == nil)
        #expect(Partition(id: "") == nil)
    }

    /// The hand-written matcher agrees with the regular expression botocore writes, for regions and near misses.
    @Test func regionPatternAgreesWithRegex() throws {
        let samples = [
            "us-east-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1", "eusc-de-east-1",
            "cn-north-1", "cn-northwest-12", "ap-southeast-5", "xx-east-1", "us-east-", "us--1", "us-east-1-", "us-east-1a", "us-east_2-1",
            "us-EAST-1", "US-east-1", "eusc-fr-east-1", "eusc-de-1", "cn-1", "cn-a-b-1", "", "-", "us", "us-isob-", "aws-global",
            "me-central-1", "il-central-1", "mx-central-1", "af-south-1", "sa-east-1", "ca-west-1", "eu-isoe-west-01",
        ]
        for partition in Partition.all {
            let regex = try NSRegularExpression(pattern: partition.regionRegex)
            for sample in samples {
                let expected = regex.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil
                #expect(partition.matchesRegionPattern(sample) == expected, "\(partition.id) \(sample)")
            }
        }
    }

    /// The table is botocore's `partitions.json`, field by field.
    @Test
    func matchesBotocorePartitions() throws {
        struct File: Decodable {
            struct Entry: Decodable {
                struct Outputs: Decodable {
                    var dnsSuffix: String
                    var dualStackDnsSuffix: String
                    var implicitGlobalRegion: String
                }
                var id: String
                var outputs: Outputs
                var regionRegex: String
                var regions: [String: [String: String]]
            }
            var partitions: [Entry]
        }
        let file = try JSONDecoder().decode(File.self, from: try Botocore.run(["--partitions"]))
        #expect(file.partitions.map(\.id) == Partition.all.map(\.id))
        for entry in file.partitions {
            let partition = try #require(Partition(id: entry.id))
            #expect(partition.stsDomain == entry.outputs.dnsSuffix, "\(entry.id)")
            #expect(partition.sdkDualStackDomain == entry.outputs.dualStackDnsSuffix, "\(entry.id)")
            #expect(partition.implicitGlobalRegion == entry.outputs.implicitGlobalRegion, "\(entry.id)")
            #expect(partition.regionRegex == entry.regionRegex, "\(entry.id)")
            #expect(Set(partition.regions) == Set(entry.regions.keys), "\(entry.id)")
        }
    }
}
