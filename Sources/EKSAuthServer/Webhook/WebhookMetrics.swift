import Foundation
import Prometheus

/// The server's Prometheus metrics, served at `/metrics`. The authenticate histogram keeps
/// aws-iam-authenticator's name and `result` values (including its spelling `uknown_user`), so
/// existing dashboards and alerts carry over.
public final class WebhookMetrics: Sendable {
    /// Why a TokenReview ended as it did.
    public enum Result: String, Sendable, CaseIterable {
        case success
        case malformedRequest = "malformed_request"
        case invalidToken = "invalid_token"
        case stsError = "sts_error"
        case stsThrottling = "sts_throttling"
        case unknownUser = "uknown_user"
    }

    let registry = PrometheusCollectorRegistry()
    private let latency: [Result: DurationHistogram]
    private let outcomes: [Result: Counter]
    private let verificationLatency: DurationHistogram
    private let cacheHits: Counter
    private let cacheMisses: Counter
    private let mappingReloads: Counter
    private let mappingReloadErrors: Counter
    private let mappingProblems: Gauge

    /// Creates the metrics in a registry of their own.
    public init() {
        let buckets: [Duration] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        var latency: [Result: DurationHistogram] = [:]
        var outcomes: [Result: Counter] = [:]
        for result in Result.allCases {
            latency[result] = registry.makeDurationHistogram(
                name: "aws_iam_authenticator_authenticate_latency_seconds", labels: [("result", result.rawValue)], buckets: buckets,
                help: "TokenReview latency by result, as aws-iam-authenticator names it")
            outcomes[result] = registry.makeCounter(
                name: "eksauth_authenticate_total", labels: [("result", result.rawValue)], help: "TokenReviews by result")
        }
        self.latency = latency
        self.outcomes = outcomes
        verificationLatency = registry.makeDurationHistogram(
            name: "eksauth_sts_verification_latency_seconds", buckets: buckets,
            help: "Time to verify a token's signature (in process against the embedded STS)")
        cacheHits = registry.makeCounter(name: "eksauth_token_cache_hits_total", help: "Tokens answered from the verified-identity cache")
        cacheMisses = registry.makeCounter(name: "eksauth_token_cache_misses_total", help: "Tokens that had to be verified")
        mappingReloads = registry.makeCounter(name: "eksauth_mapping_reloads_total", help: "Reads of the aws-auth file after a change")
        mappingReloadErrors = registry.makeCounter(
            name: "eksauth_mapping_reload_errors_total", help: "Reads of the aws-auth file that found problems (the last good mappings stayed)")
        mappingProblems = registry.makeGauge(name: "eksauth_mapping_problems", help: "Problems found by the last read of the aws-auth file")
    }

    /// Records one TokenReview.
    func record(_ result: Result, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        latency[result]?.record(elapsed)
        outcomes[result]?.increment()
    }

    /// Counts a token answered from the verified-identity cache (`hit`) or verified afresh.
    func cacheLookup(hit: Bool) {
        (hit ? cacheHits : cacheMisses).increment()
    }

    /// Records the time one signature verification took.
    func recordVerification(since start: ContinuousClock.Instant) {
        verificationLatency.record(ContinuousClock.now - start)
    }

    /// Counts a read of the aws-auth file that found `problems` problems.
    func mappingReloaded(problems: Int) {
        mappingReloads.increment()
        if problems > 0 { mappingReloadErrors.increment() }
        mappingProblems.set(Int64(problems))
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
