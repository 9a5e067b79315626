import Foundation
import PodIdentity
import Testing

/// AdmissionReview in and out: the response echoes the request's apiVersion, kind and uid; a pod
/// whose service account asks for nothing gets no patch; a lookup failure refuses the pod.
@Suite("pod AdmissionReviews")
struct AdmissionReviewTests {
    /// A fixed table of service accounts (the server's cache is tested end to end).
    struct Table: PodMutationSource {
        let accounts: [String: [String: String]]
        struct Unreachable: Error, CustomStringConvertible { var description: String { "the API server did not answer" } }

        func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation? {
            guard namespace != "unreachable" else { throw Unreachable() }
            return accounts["\(namespace)/\(serviceAccount)"]
                .flatMap { WebIdentityRole(serviceAccountAnnotations: $0, settings: PodWebhookSettings()) }
                .map { .webIdentity($0) }
        }
    }

    static let reviewer = PodAdmissionReviewer(
        patcher: PodPatcher(),
        source: Table(accounts: [
            "payments/api": ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/api", "eks.amazonaws.com/audience": "vault"],
            "payments/plain": ["team": "payments"],
        ]))

    static func review(apiVersion: String, namespace: String, serviceAccount: String?) -> Data {
        let account = serviceAccount.map { #","serviceAccountName":"\#($0)""# } ?? ""
        return Data(#"""
            {"apiVersion":"\#(apiVersion)","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
             "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
             "namespace":"\#(namespace)","operation":"CREATE",
             "object":{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"api-"},"spec":{"containers":[{"name":"app","image":"busybox"}]\#(account)}}}}
            """#.utf8)
    }

    static func response(_ data: Data) throws -> JSONValue { try JSONValue.parse(data) }

    @Test("answered in the request's apiVersion with uid, allowed and a base64 JSONPatch", arguments: ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"])
    func mutated(_ apiVersion: String) async throws {
        let (data, pod, account, outcome) = await Self.reviewer.review(Self.review(apiVersion: apiVersion, namespace: "payments", serviceAccount: "api"))
        let answer = try Self.response(data)
        #expect(answer["apiVersion"]?.string == apiVersion)
        #expect(answer["kind"]?.string == "AdmissionReview")
        #expect(answer["response"]?["uid"]?.string == "705ab4f5-6393-11e8-b7cc-42010a800002")
        #expect(answer["response"]?["allowed"] == .bool(true))
        #expect(answer["response"]?["patchType"]?.string == "JSONPatch")
        let patch = try JSONValue.parse(try #require(Data(base64Encoded: answer["response"]?["patch"]?.string ?? "")))
        #expect(patch.array?.map { $0["path"]?.string } == ["/spec/volumes", "/spec/containers"])
        #expect(patch.array?.first?["value"]?.array?.first?["projected"]?["sources"]?.array?.first?["serviceAccountToken"]?["audience"]?.string == "vault")
        #expect(pod == "payments/api-" && account == "api")
        guard case .mutated(.webIdentity(let role)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(role.roleARN == "arn:aws:iam::111122223333:role/api")
    }

    @Test("a service account without role-arn, or none at all: allowed with no patch")
    func unannotated() async throws {
        for account in ["plain", nil, "missing"] {
            let (data, _, name, outcome) = await Self.reviewer.review(Self.review(apiVersion: "admission.k8s.io/v1", namespace: "payments", serviceAccount: account))
            let answer = try Self.response(data)
            #expect(answer["response"]?.object?.keys.sorted() == ["allowed", "uid"])
            #expect(answer["response"]?["allowed"] == .bool(true))
            #expect(outcome == .unchanged)
            #expect(name == account ?? "default")
        }
    }

    @Test("a service account that cannot be looked up refuses the pod, saying why")
    func lookupFailure() async throws {
        let (data, _, _, outcome) = await Self.reviewer.review(Self.review(apiVersion: "admission.k8s.io/v1", namespace: "unreachable", serviceAccount: "api"))
        let answer = try Self.response(data)
        #expect(answer["response"]?["allowed"] == .bool(false))
        let message = answer["response"]?["status"]?["message"]?.string ?? ""
        #expect(message.contains("could not look up service account unreachable/api") && message.contains("the API server did not answer"), "\(message)")
        if case .refused = outcome {} else { Issue.record("\(outcome)") }
    }

    @Test("bodies that are not a pod AdmissionReview are refused with the reason", arguments: [
        ("not json", "json parse error"),
        (#"{"kind":"AdmissionReview"}"#, "no apiVersion or kind"),
        (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"u"}}"#, "admission.k8s.io/v1 or v1beta1"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"}}"#, "no object"),
    ])
    func malformed(_ body: String, _ expected: String) async throws {
        let (data, _, _, outcome) = await Self.reviewer.review(Data(body.utf8))
        let answer = try Self.response(data)
        #expect(answer["response"]?["allowed"] == .bool(false))
        #expect(answer["response"]?["status"]?["message"]?.string?.contains(expected) == true, "\(answer)")
        if case .malformed = outcome {} else { Issue.record("\(outcome)") }
    }

    @Test("service account annotations are read as upstream reads them")
    func annotations() {
        var settings = PodWebhookSettings()
        settings.regionalSTSByDefault = true
        settings.defaultTokenExpiration = 43200
        let arn = "arn:aws:iam::111122223333:role/r"
        #expect(WebIdentityRole(serviceAccountAnnotations: [:], settings: settings) == nil)
        #expect(WebIdentityRole(serviceAccountAnnotations: ["eks.amazonaws.com/role-arn": ""], settings: settings) == nil)
        #expect(
            WebIdentityRole(serviceAccountAnnotations: ["eks.amazonaws.com/role-arn": arn], settings: settings)
                == WebIdentityRole(roleARN: arn, audience: "sts.amazonaws.com", regionalSTS: true, tokenExpiration: 43200))
        let annotated = WebIdentityRole(
            serviceAccountAnnotations: [
                "eks.amazonaws.com/role-arn": arn, "eks.amazonaws.com/audience": "my-aud", "eks.amazonaws.com/sts-regional-endpoints": "False",
                "eks.amazonaws.com/token-expiration": "100",
            ], settings: settings)
        #expect(annotated == WebIdentityRole(roleARN: arn, audience: "my-aud", regionalSTS: false, tokenExpiration: 600))
        let invalid = WebIdentityRole(
            serviceAccountAnnotations: [
                "eks.amazonaws.com/role-arn": arn, "eks.amazonaws.com/sts-regional-endpoints": "yes", "eks.amazonaws.com/token-expiration": "1h",
            ], settings: settings)
        #expect(invalid == WebIdentityRole(roleARN: arn, audience: "sts.amazonaws.com", regionalSTS: true, tokenExpiration: 43200))
    }
}
