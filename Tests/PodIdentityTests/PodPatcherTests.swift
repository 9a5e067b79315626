import Foundation
import PodIdentity
import Testing

/// The webhook's patch, compared field by field with the patches amazon-eks-pod-identity-webhook's
/// own tests expect (`pkg/handler/testdata/*.pod.yaml`, `expectedPatch`), for the same pod shapes and
/// settings.
@Suite("the IRSA pod patch matches upstream's")
struct PodPatcherTests {
    static let role = "arn:aws:iam::111122223333:role/s3-reader"
    static let tokenFile = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
    static let mount = #"{"name":"aws-iam-token","readOnly":true,"mountPath":"/var/run/secrets/eks.amazonaws.com/serviceaccount"}"#

    static func volume(expiration: Int = 86400, audience: String = "sts.amazonaws.com") -> String {
        #"{"name":"aws-iam-token","projected":{"sources":[{"serviceAccountToken":{"audience":"\#(audience)","expirationSeconds":\#(expiration),"path":"token"}}]}}"#
    }

    static func env(_ pairs: [(String, String)]) -> String {
        "[" + pairs.map { #"{"name":"\#($0.0)","value":"\#($0.1)"}"# }.joined(separator: ",") + "]"
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    static func patch(
        _ pod: String, role: WebIdentityRole = WebIdentityRole(roleARN: PodPatcherTests.role, audience: "sts.amazonaws.com", regionalSTS: false, tokenExpiration: 86400),
        region: String? = nil
    ) throws -> JSONValue {
        var settings = PodWebhookSettings()
        settings.region = region
        let operations = PodPatcher(settings: settings).patch(pod: try json(pod), mutation: .webIdentity(role))
        return try JSONValue.parse(try JSONEncoder().encode(operations))
    }

    @Test("a pod without volumes (rawPodWithoutVolumes): add /spec/volumes, then the containers")
    func withoutVolumes() throws {
        let pod = #"{"metadata":{"name":"balajilovesoreos"},"spec":{"serviceAccountName":"default","containers":[{"name":"balajilovesoreos","image":"amazonlinux"}]}}"#
        let expected = """
            [{"op":"add","path":"/spec/volumes","value":[\(Self.volume())]},
             {"op":"add","path":"/spec/containers","value":[{"name":"balajilovesoreos","image":"amazonlinux",
               "env":\(Self.env([("AWS_ROLE_ARN", Self.role), ("AWS_WEB_IDENTITY_TOKEN_FILE", Self.tokenFile)])),
               "resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        #expect(try Self.patch(pod) == (try Self.json(expected)))
    }

    @Test("a pod with volumes (rawPodWithVolumes): the token volume goes first, at /spec/volumes/0")
    func withVolumes() throws {
        let pod = #"""
            {"metadata":{"name":"balajilovesoreos"},"spec":{"serviceAccountName":"default",
             "containers":[{"name":"balajilovesoreos","image":"amazonlinux","volumeMounts":[{"name":"my-volume","mountPath":"/var/run/my-volume"}]}],
             "volumes":[{"name":"my-volume","emptyDir":{}}]}}
            """#
        let expected = """
            [{"op":"add","path":"/spec/volumes/0","value":\(Self.volume())},
             {"op":"add","path":"/spec/containers","value":[{"name":"balajilovesoreos","image":"amazonlinux",
               "env":\(Self.env([("AWS_ROLE_ARN", Self.role), ("AWS_WEB_IDENTITY_TOKEN_FILE", Self.tokenFile)])),"resources":{},
               "volumeMounts":[{"name":"my-volume","mountPath":"/var/run/my-volume"},\(Self.mount)]}]}]
            """
        #expect(try Self.patch(pod) == (try Self.json(expected)))
    }

    @Test("init containers, including a sidecar, and a configured region (rawPodWithInitContainer)")
    func initContainers() throws {
        let pod = #"""
            {"metadata":{"name":"balajilovesoreos"},"spec":{"serviceAccountName":"default",
             "initContainers":[{"image":"amazonlinux","name":"initcontainer"},{"image":"amazonlinux","name":"sidecar","restartPolicy":"Always"}],
             "containers":[{"image":"amazonlinux","name":"balajilovesoreos"}]}}
            """#
        let env = Self.env([
            ("AWS_DEFAULT_REGION", "seattle"), ("AWS_REGION", "seattle"), ("AWS_ROLE_ARN", Self.role), ("AWS_WEB_IDENTITY_TOKEN_FILE", Self.tokenFile),
        ])
        let expected = """
            [{"op":"add","path":"/spec/volumes","value":[\(Self.volume(expiration: 79200))]},
             {"op":"add","path":"/spec/containers","value":[{"name":"balajilovesoreos","image":"amazonlinux","env":\(env),"resources":{},"volumeMounts":[\(Self.mount)]}]},
             {"op":"add","path":"/spec/initContainers","value":[
               {"name":"initcontainer","image":"amazonlinux","env":\(env),"resources":{},"volumeMounts":[\(Self.mount)]},
               {"name":"sidecar","image":"amazonlinux","env":\(env),"resources":{},"restartPolicy":"Always","volumeMounts":[\(Self.mount)]}]}]
            """
        let role = WebIdentityRole(roleARN: Self.role, audience: "sts.amazonaws.com", regionalSTS: false, tokenExpiration: 79200)
        #expect(try Self.patch(pod, role: role, region: "seattle") == (try Self.json(expected)))
    }

    @Test("skip-containers on the pod; an existing AWS_ROLE_ARN is kept and not duplicated (rawPodSkip)")
    func skipContainers() throws {
        let pod = #"""
            {"metadata":{"name":"balajilovesoreos","annotations":{"eks.amazonaws.com/skip-containers":"sidecar"}},
             "spec":{"serviceAccountName":"default","containers":[{"image":"amazonlinux","name":"sidecar"},
               {"image":"amazonlinux","name":"balajilovesoreos","env":[{"name":"AWS_ROLE_ARN","value":"already-defined"}]}]}}
            """#
        let expected = """
            [{"op":"add","path":"/spec/volumes","value":[\(Self.volume(expiration: 79200))]},
             {"op":"add","path":"/spec/containers","value":[{"name":"sidecar","image":"amazonlinux","resources":{}},
               {"name":"balajilovesoreos","image":"amazonlinux",
                "env":\(Self.env([("AWS_ROLE_ARN", "already-defined"), ("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_REGION", "us-west-2")])),
                "resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        let role = WebIdentityRole(roleARN: Self.role, audience: "sts.amazonaws.com", regionalSTS: false, tokenExpiration: 79200)
        #expect(try Self.patch(pod, role: role, region: "us-west-2") == (try Self.json(expected)))
    }

    @Test("credentials, region and STS variables all present: the container is left as it is (rawPodHasAll)")
    func hasAll() throws {
        let pod = #"""
            {"metadata":{"name":"balajilovesoreos"},"spec":{"serviceAccountName":"default","containers":[{"image":"amazonlinux","name":"balajilovesoreos",
              "env":[{"name":"AWS_REGION","value":"cn-northwest-1"},{"name":"AWS_STS_REGIONAL_ENDPOINTS","value":"regional"},
                     {"name":"AWS_ROLE_ARN","value":"arn:aws-cn:iam::111122223333:role/s3-reader"}]}]}}
            """#
        let expected = """
            [{"op":"add","path":"/spec/volumes","value":[\(Self.volume(expiration: 3600))]},
             {"op":"add","path":"/spec/containers","value":[{"name":"balajilovesoreos","image":"amazonlinux",
               "env":\(Self.env([("AWS_REGION", "cn-northwest-1"), ("AWS_STS_REGIONAL_ENDPOINTS", "regional"), ("AWS_ROLE_ARN", "arn:aws-cn:iam::111122223333:role/s3-reader")])),
               "resources":{}}]}]
            """
        let role = WebIdentityRole(roleARN: "arn:aws-cn:iam::111122223333:role/s3-reader", audience: "sts.amazonaws.com", regionalSTS: true, tokenExpiration: 3600)
        #expect(try Self.patch(pod, role: role, region: "cn-north-1") == (try Self.json(expected)))
    }

    @Test("regional STS asked for and absent: AWS_STS_REGIONAL_ENDPOINTS first (rawPodNeedsSTS)")
    func needsSTS() throws {
        let pod = #"{"metadata":{"name":"p"},"spec":{"serviceAccountName":"default","containers":[{"image":"amazonlinux","name":"p"}]}}"#
        let expected = """
            [{"op":"add","path":"/spec/volumes","value":[\(Self.volume())]},
             {"op":"add","path":"/spec/containers","value":[{"name":"p","image":"amazonlinux",
               "env":\(Self.env([("AWS_STS_REGIONAL_ENDPOINTS", "regional"), ("AWS_ROLE_ARN", Self.role), ("AWS_WEB_IDENTITY_TOKEN_FILE", Self.tokenFile)])),
               "resources":{},"volumeMounts":[\(Self.mount)]}]}]
            """
        let role = WebIdentityRole(roleARN: Self.role, audience: "sts.amazonaws.com", regionalSTS: true, tokenExpiration: 86400)
        #expect(try Self.patch(pod, role: role) == (try Self.json(expected)))
    }

    @Test("pod annotation token-expiration overrides the service account's and is raised to 600 (rawPodMinTokenExpiration)",
          arguments: [("0", 600), ("3600", 3600), ("not-a-number", 86400)])
    func podTokenExpiration(_ annotation: String, _ expected: Int) throws {
        let pod = #"{"metadata":{"name":"p","annotations":{"eks.amazonaws.com/token-expiration":"\#(annotation)"}},"spec":{"containers":[{"name":"p","image":"i"}]}}"#
        let patch = try Self.patch(pod)
        #expect(patch.array?.first?["value"]?.array?.first == (try Self.json(Self.volume(expiration: expected))))
    }

    @Test("a Windows pod gets the token path as a Windows path; the mount path stays")
    func windows() throws {
        let pod = #"{"metadata":{"name":"p"},"spec":{"nodeSelector":{"kubernetes.io/os":"windows"},"containers":[{"name":"p","image":"i"}]}}"#
        let container = try Self.patch(pod).array?[1]["value"]?.array?.first
        #expect(container?["env"]?.array?.last?["value"]?.string == #"C:\var\run\secrets\eks.amazonaws.com\serviceaccount\token"#)
        #expect(container?["volumeMounts"] == (try Self.json("[\(Self.mount)]")))
    }

    @Test("an already-mutated pod: the patch adds no volume and changes no container")
    func idempotent() throws {
        let pod = #"""
            {"metadata":{"name":"p"},"spec":{"serviceAccountName":"default",
             "initContainers":[{"name":"init","image":"i"}],
             "containers":[{"name":"a","image":"i","env":[{"name":"LOG","value":"debug"}]},{"name":"b","image":"i","resources":{"limits":{"cpu":"1"}}}]}}
            """#
        let role = WebIdentityRole(roleARN: Self.role, audience: "sts.amazonaws.com", regionalSTS: true, tokenExpiration: 86400)
        var settings = PodWebhookSettings()
        settings.region = "eu-west-1"
        let patcher = PodPatcher(settings: settings)
        let first = patcher.patch(pod: try Self.json(pod), mutation: .webIdentity(role))
        let mutated = JSONPatchApplier.apply(first, to: try Self.json(pod))
        let second = patcher.patch(pod: mutated, mutation: .webIdentity(role))
        #expect(second.map(\.path) == ["/spec/containers", "/spec/initContainers"], "no second volume")
        #expect(JSONPatchApplier.apply(second, to: mutated) == mutated, "the patch of a mutated pod changes nothing")
        let containers = mutated["spec"]?["containers"]?.array ?? []
        #expect(containers.first?["env"]?.array?.compactMap { $0["name"]?.string } == [
            "LOG", "AWS_STS_REGIONAL_ENDPOINTS", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
        ])
        #expect(containers.last?["resources"] == (try Self.json(#"{"limits":{"cpu":"1"}}"#)), "fields the webhook does not know are kept")
        #expect(mutated["spec"]?["volumes"]?.array?.count == 1)
    }

    @Test("skip-containers is CSV: quoted names, and a malformed value skips none", arguments: [
        ("a,b", ["a", "b"]), (#""a,b",c"#, ["a,b", "c"]), ("a, b", ["a", " b"]), (#"a"b"#, []), (#""a"#, []), ("", []),
    ])
    func skipList(_ value: String, _ expected: [String]) throws {
        let names = ["a", "b", "a,b", "c", " b", ""]
        let pod = JSONValue.object([
            "metadata": .object(["annotations": .object(["eks.amazonaws.com/skip-containers": .string(value)])]),
            "spec": .object(["containers": .array(names.map { .object(["name": .string($0)]) })]),
        ])
        let role = WebIdentityRole(roleARN: Self.role, audience: "sts.amazonaws.com", regionalSTS: false, tokenExpiration: 86400)
        let containers = PodPatcher().patch(pod: pod, mutation: .webIdentity(role))[1].value.array ?? []
        let untouched = containers.filter { $0["env"] == nil }.compactMap { $0["name"]?.string }
        #expect(Set(untouched) == Set(expected))
    }
}

/// Applies the `add` operations the webhook makes (RFC 6902 semantics for these paths).
enum JSONPatchApplier {
    static func apply(_ operations: [JSONPatchOperation], to document: JSONValue) -> JSONValue {
        var document = document
        for operation in operations where operation.op == "add" {
            let parts = operation.path.split(separator: "/").map(String.init)
            document = add(operation.value, at: parts[...], in: document)
        }
        return document
    }

    static func add(_ value: JSONValue, at path: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        guard let head = path.first else { return value }
        if case .array(var items) = node, let index = Int(head) {
            if path.count == 1 { items.insert(value, at: index) } else { items[index] = add(value, at: path.dropFirst(), in: items[index]) }
            return .array(items)
        }
        var members = node.object ?? [:]
        members[head] = path.count == 1 ? value : add(value, at: path.dropFirst(), in: members[head] ?? .object([:]))
        return .object(members)
    }
}
