import Foundation
import PodIdentity
import Testing

/// The Pod Identity (container-credentials) patch, field by field against the shape upstream's
/// webhook makes in that mode and the pod spec the EKS user guide shows: the label, the
/// `eks-pod-identity-token` volume with its jittered lifetime, the two variables and the mount.
@Suite("the Pod Identity pod patch")
struct ContainerCredentialsPatchTests {
    static let mount = #"{"name":"eks-pod-identity-token","readOnly":true,"mountPath":"/var/run/secrets/pods.eks.amazonaws.com/serviceaccount"}"#
    static let env = #"[{"name":"AWS_CONTAINER_CREDENTIALS_FULL_URI","value":"http://169.254.170.23/v1/credentials"},{"name":"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE","value":"/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token"}]"#

    static func volume(_ expiration: Int) -> String {
        #"{"name":"eks-pod-identity-token","projected":{"sources":[{"serviceAccountToken":{"audience":"pods.eks.amazonaws.com","expirationSeconds":\#(expiration),"path":"eks-pod-identity-token"}}]}}"#
    }

    static func patch(_ pod: String, settings: PodWebhookSettings = PodWebhookSettings(), jitter: Int64 = 80_000) throws -> JSONValue {
        let patcher = PodPatcher(settings: settings, jitter: { range in
            #expect(range == 79_200...86_400)
            return jitter
        })
        let operations = patcher.patch(pod: try JSONValue.parse(Data(pod.utf8)), mutation: .containerCredentials)
        return try JSONValue.parse(try JSONEncoder().encode(operations))
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test("a pod without labels or volumes gets the label object, the volume list and the variables")
    func bare() throws {
        let pod = #"{"metadata":{"name":"app"},"spec":{"serviceAccountName":"api","containers":[{"name":"app","image":"amazonlinux"}]}}"#
        let expected = """
            [{"op":"add","path":"/metadata/labels","value":{"eks.amazonaws.com/pod-identity":"enabled"}},
             {"op":"add","path":"/spec/volumes","value":[\(Self.volume(80_000))]},
             {"op":"add","path":"/spec/containers","value":[{"name":"app","image":"amazonlinux","env":\(Self.env),"resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        #expect(try Self.patch(pod) == (try Self.json(expected)))
    }

    @Test("labels get one escaped member; volumes get the token first; a region and init containers follow the IRSA rules")
    func labelsVolumesRegion() throws {
        let pod = #"""
            {"metadata":{"name":"app","labels":{"app":"api"},"annotations":{"eks.amazonaws.com/token-expiration":"3600"}},
             "spec":{"serviceAccountName":"api","volumes":[{"name":"data","emptyDir":{}}],
             "initContainers":[{"name":"init","image":"busybox"}],
             "containers":[{"name":"app","image":"amazonlinux","env":[{"name":"AWS_REGION","value":"eu-west-1"}]}]}}
            """#
        var settings = PodWebhookSettings()
        settings.region = "us-east-1"
        let withRegion = #"[{"name":"AWS_DEFAULT_REGION","value":"us-east-1"},{"name":"AWS_REGION","value":"us-east-1"},"# + Self.env.dropFirst()
        let keptRegion = #"[{"name":"AWS_REGION","value":"eu-west-1"},"# + Self.env.dropFirst()
        let expected = """
            [{"op":"add","path":"/metadata/labels/eks.amazonaws.com~1pod-identity","value":"enabled"},
             {"op":"add","path":"/spec/volumes/0","value":\(Self.volume(3600))},
             {"op":"add","path":"/spec/containers","value":[{"name":"app","image":"amazonlinux","env":\(keptRegion),"resources":{},"volumeMounts":[\(Self.mount)]}]},
             {"op":"add","path":"/spec/initContainers","value":[{"name":"init","image":"busybox","env":\(withRegion),"resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        #expect(try Self.patch(pod, settings: settings) == (try Self.json(expected)), "an explicit lifetime is not jittered")
    }

    @Test("an already mutated pod gets no new label, volume, variable or mount")
    func idempotent() throws {
        let pod = """
            {"metadata":{"name":"app","labels":{"eks.amazonaws.com/pod-identity":"enabled"}},
             "spec":{"serviceAccountName":"api","volumes":[\(Self.volume(80_000))],
             "containers":[{"name":"app","image":"amazonlinux","env":\(Self.env),"resources":{},"volumeMounts":[\(Self.mount)]}]}}
            """
        let expected = """
            [{"op":"add","path":"/spec/containers","value":[{"name":"app","image":"amazonlinux","env":\(Self.env),"resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        #expect(try Self.patch(pod) == (try Self.json(expected)))
    }

    @Test("skip-containers leaves a container alone; a Windows pod gets a C:\\ token path")
    func skipAndWindows() throws {
        let pod = #"""
            {"metadata":{"name":"app","annotations":{"eks.amazonaws.com/skip-containers":"proxy"}},
             "spec":{"serviceAccountName":"api","nodeSelector":{"kubernetes.io/os":"windows"},
             "containers":[{"name":"app","image":"app"},{"name":"proxy","image":"envoy"}]}}
            """#
        let patch = try Self.patch(pod)
        let containers = patch.array?.last?["value"]?.array ?? []
        #expect(containers.count == 2)
        #expect(containers[1]["env"] == nil, "the skipped container has no variables")
        let env = containers[0]["env"]?.array ?? []
        #expect(env.last?["value"]?.string == #"C:\var\run\secrets\pods.eks.amazonaws.com\serviceaccount\eks-pod-identity-token"#)
    }

    @Test("a chain answers with its first source that names a mutation: Pod Identity before IRSA")
    func chain() async throws {
        struct Fixed: PodMutationSource {
            let answer: PodCredentialMutation?
            func mutation(namespace: String, serviceAccount: String) async throws -> PodCredentialMutation? { answer }
        }
        let irsa = PodCredentialMutation.webIdentity(
            WebIdentityRole(roleARN: "arn:aws:iam::111122223333:role/r", audience: "sts.amazonaws.com", regionalSTS: false, tokenExpiration: 86_400))
        #expect(try await ChainedMutationSource([Fixed(answer: .containerCredentials), Fixed(answer: irsa)]).mutation(namespace: "a", serviceAccount: "b")
            == .containerCredentials)
        #expect(try await ChainedMutationSource([Fixed(answer: nil), Fixed(answer: irsa)]).mutation(namespace: "a", serviceAccount: "b") == irsa)
        #expect(try await ChainedMutationSource([Fixed(answer: nil)]).mutation(namespace: "a", serviceAccount: "b") == nil)
    }
}
