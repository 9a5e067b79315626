import Foundation
import SigV4
import Testing

@Suite("SigV4 verification: signing key cache")
struct VerificationKeyCacheTests {
    static let stringToSign = "AWS4-HMAC-SHA256\n20240102T030405Z\n20240102/us-east-1/sts/aws4_request\nabc"

    @Test("a cached key signs as a freshly derived one, and is derived once")
    func cachedKeyMatchesDerived() {
        let cache = SigningKeyCache()
        let fresh = SigningKey(secretAccessKey: VerificationFixture.secret, dateStamp: "20240102", region: "us-east-1", service: "sts")
        for _ in 0..<3 {
            let cached = cache.signingKey(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: VerificationFixture.secret, dateStamp: "20240102", region: "us-east-1", service: "sts"
            )
            #expect(cached.signature(for: Self.stringToSign) == fresh.signature(for: Self.stringToSign))
        }
        #expect(cache.count == 1)
        #expect(cache.statistics.hits == 2)
        #expect(cache.statistics.misses == 1)
    }

    @Test("another secret, date, region or service is another key")
    func keyedByEveryPart() {
        let cache = SigningKeyCache()
        let variants = [
            ("AKIDEXAMPLE", "s1", "20240102", "us-east-1", "sts"),
            ("AKIDEXAMPLE", "s2", "20240102", "us-east-1", "sts"),
            ("AKIDEXAMPLE", "s1", "20240103", "us-east-1", "sts"),
            ("AKIDEXAMPLE", "s1", "20240102", "eu-west-1", "sts"),
            ("AKIDEXAMPLE", "s1", "20240102", "us-east-1", "eks"),
            ("AKIDOTHER", "s1", "20240102", "us-east-1", "sts"),
        ]
        var signatures = Set<String>()
        for (id, secret, day, region, service) in variants {
            let key = cache.signingKey(accessKeyID: id, secretAccessKey: secret, dateStamp: day, region: region, service: service)
            signatures.insert(key.signature(for: Self.stringToSign))
        }
        #expect(cache.count == variants.count)
        #expect(signatures.count == variants.count - 1)  // the same secret under two key ids derives the same key
    }

    @Test("the cache is bounded and evicts the oldest key first")
    func bounded() {
        let cache = SigningKeyCache(capacity: 8)
        for day in 1...20 {
            _ = cache.signingKey(accessKeyID: "AKID", secretAccessKey: "s", dateStamp: "202401\(day < 10 ? "0" : "")\(day)", region: "r", service: "s")
        }
        #expect(cache.count == 8)
        _ = cache.signingKey(accessKeyID: "AKID", secretAccessKey: "s", dateStamp: "20240120", region: "r", service: "s")
        _ = cache.signingKey(accessKeyID: "AKID", secretAccessKey: "s", dateStamp: "20240101", region: "r", service: "s")
        #expect(cache.statistics.hits == 1)
        #expect(cache.statistics.misses == 21)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("concurrent verifications share the cache safely")
    func concurrentUse() async throws {
        let cache = SigningKeyCache(capacity: 16)
        let verifier = SigV4Verifier(keyCache: cache)
        let requests = ["us-east-1", "eu-west-1", "ap-south-1"].map { VerificationFixture.headerSigned(region: $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                group.addTask {
                    try verifier.verify(
                        requests[task % requests.count], secretAccessKey: VerificationFixture.secret,
                        now: VerificationFixture.date
                    )
                }
            }
            try await group.waitForAll()
        }
        #expect(cache.count == 3)
        #expect(cache.statistics.hits + cache.statistics.misses == 64)
    }
}
