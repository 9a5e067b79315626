public import Foundation

/// The JSON patch amazon-eks-pod-identity-webhook makes for an IRSA pod (`getPodSpecPatch`), in its
/// order:
///
/// 1. unless the pod already has the `aws-iam-token` volume: `add /spec/volumes/0` with the projected
///    service-account-token volume (`add /spec/volumes` with a one-element list when the pod has no
///    `volumes`);
/// 2. always `add /spec/containers` with the whole rewritten list;
/// 3. `add /spec/initContainers` with the whole rewritten list when the pod has init containers.
///
/// Each container not named in the pod's `skip-containers` annotation gets, unless it already has
/// credentials, region and STS variables all set: `AWS_STS_REGIONAL_ENDPOINTS=regional` (when asked
/// and absent), `AWS_DEFAULT_REGION` and `AWS_REGION` (when a region is configured and neither is
/// set), `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` (when neither is set), and the read-only
/// mount of the token volume (when absent). Re-running on a mutated pod changes nothing. Containers
/// are copied whole; like upstream's Go structs they carry `resources: {}` when they had none.
///
/// For EKS Pod Identity (container-credentials mode) the patch first labels the pod
/// `eks.amazonaws.com/pod-identity: enabled` (`add /metadata/labels` when it has none, else
/// `add /metadata/labels/eks.amazonaws.com~1pod-identity`), then adds the `eks-pod-identity-token`
/// volume (audience `pods.eks.amazonaws.com`; a default 86400-second lifetime becomes a random one in
/// 79200…86400, upstream's jitter) and gives containers `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` with the same rules.
public struct PodPatcher: Sendable {
    /// The webhook's settings.
    public let settings: PodWebhookSettings
    /// Picks a Pod Identity token lifetime from the jitter range (random by default; fixed in tests).
    public var jitter: @Sendable (ClosedRange<Int64>) -> Int64

    /// Creates a patcher.
    public init(settings: PodWebhookSettings = PodWebhookSettings(), jitter: @escaping @Sendable (ClosedRange<Int64>) -> Int64 = { Int64.random(in: $0) }) {
        self.settings = settings
        self.jitter = jitter
    }

    /// The patch giving `pod` (the AdmissionReview's `request.object`) `mutation`.
    public func patch(pod: JSONValue, mutation: PodCredentialMutation) -> [JSONPatchOperation] {
        switch mutation {
        case .webIdentity(let role): webIdentityPatch(pod: pod, role: role)
        case .containerCredentials: containerCredentialsPatch(pod: pod)
        }
    }

    func containerCredentialsPatch(pod: JSONValue) -> [JSONPatchOperation] {
        var operations: [JSONPatchOperation] = []
        if let labels = pod["metadata"]?["labels"]?.object {
            if labels[PodWebhookSettings.podIdentityLabel] == nil {
                operations.append(.add("/metadata/labels/" + Self.escape(PodWebhookSettings.podIdentityLabel), .string("enabled")))
            }
        } else {
            operations.append(.add("/metadata/labels", .object([PodWebhookSettings.podIdentityLabel: .string("enabled")])))
        }
        let mount = TokenMount(
            volumeName: settings.containerCredentialsVolumeName, audience: settings.containerCredentialsAudience,
            fileName: settings.containerCredentialsTokenFileName, mountPath: settings.containerCredentialsMountPath)
        let fullURI = settings.containerCredentialsFullURI
        return operations
            + tokenPatch(pod: pod, mount: mount, expiration: settings.defaultTokenExpiration, jittered: true, regionalSTS: settings.regionalSTSByDefault) {
                [("AWS_CONTAINER_CREDENTIALS_FULL_URI", fullURI), ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", $0)]
            }
    }

    /// A JSON Pointer token: `~` as `~0`, `/` as `~1`.
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    func webIdentityPatch(pod: JSONValue, role: WebIdentityRole) -> [JSONPatchOperation] {
        let mount = TokenMount(volumeName: settings.volumeName, audience: role.audience, fileName: settings.tokenFileName, mountPath: settings.mountPath)
        return tokenPatch(pod: pod, mount: mount, expiration: role.tokenExpiration, jittered: false, regionalSTS: role.regionalSTS) {
            [("AWS_ROLE_ARN", role.roleARN), ("AWS_WEB_IDENTITY_TOKEN_FILE", $0)]
        }
    }

    /// Where a mode's projected token is: its volume, audience, file and mount.
    struct TokenMount {
        var volumeName: String
        var audience: String
        var fileName: String
        var mountPath: String
    }

    /// The operations both modes share: the token volume (unless present), then the rewritten
    /// containers and init containers. The pod's `token-expiration` annotation overrides
    /// `expiration`; with `jittered`, a lifetime of exactly 86400 s becomes a random one in
    /// 79200…86400. `credentials` gives the variables for the token file's path.
    func tokenPatch(
        pod: JSONValue, mount: TokenMount, expiration defaultExpiration: Int64, jittered: Bool, regionalSTS: Bool,
        credentials: (String) -> [(String, String)]
    ) -> [JSONPatchOperation] {
        let annotations = pod["metadata"]?["annotations"]?.stringMap ?? [:]
        let spec = pod["spec"] ?? .object([:])
        var expiration = defaultExpiration
        if let text = annotations[settings.annotation("token-expiration")], let value = Int64(text) {
            expiration = PodWebhookSettings.validated(expiration: value)
        }
        if jittered, expiration == 86_400 { expiration = jitter(PodWebhookSettings.jitterFloor...86_400) }
        let skipped = Self.containersToSkip(annotations[settings.annotation("skip-containers")])
        let selector = spec["nodeSelector"]?.stringMap ?? [:]
        var tokenPath = mount.mountPath + "/" + mount.fileName
        if selector["kubernetes.io/os"] == "windows" || selector["beta.kubernetes.io/os"] == "windows" {
            tokenPath = "C:" + tokenPath.replacingOccurrences(of: "/", with: "\\")
        }
        let variables = credentials(tokenPath)
        func rewrite(_ list: [JSONValue]) -> [JSONValue] {
            list.map { container in
                let name = container["name"]?.string ?? ""
                let rewritten =
                    skipped.contains(name)
                    ? container
                    : addEnvironment(to: container, credentials: variables, regionalSTS: regionalSTS, volume: mount.volumeName, mountPath: mount.mountPath)
                return Self.withGoDefaults(rewritten)
            }
        }
        var operations: [JSONPatchOperation] = []
        let volumes = spec["volumes"]?.array
        if !(volumes ?? []).contains(where: { $0["name"]?.string == mount.volumeName }) {
            let volume = JSONValue.object([
                "name": .string(mount.volumeName),
                "projected": .object([
                    "sources": .array([
                        .object([
                            "serviceAccountToken": .object([
                                "audience": .string(mount.audience), "expirationSeconds": .integer(expiration), "path": .string(mount.fileName),
                            ])
                        ])
                    ])
                ]),
            ])
            operations.append(volumes == nil ? .add("/spec/volumes", .array([volume])) : .add("/spec/volumes/0", volume))
        }
        operations.append(.add("/spec/containers", .array(rewrite(spec["containers"]?.array ?? []))))
        let initContainers = spec["initContainers"]?.array ?? []
        if !initContainers.isEmpty {
            operations.append(.add("/spec/initContainers", .array(rewrite(initContainers))))
        }
        return operations
    }

    /// Upstream's `addEnvToContainer`: the credential variables (only when none of them is set),
    /// the region and STS variables by their rules, and the read-only token mount.
    func addEnvironment(
        to container: JSONValue, credentials: [(String, String)], regionalSTS: Bool, volume: String, mountPath: String
    ) -> JSONValue {
        guard var fields = container.object else { return container }
        var env = fields["env"]?.array ?? []
        let names = Set(env.compactMap { $0["name"]?.string })
        let credentialsSet = credentials.contains { names.contains($0.0) }
        let regionSet = names.contains("AWS_REGION") || names.contains("AWS_DEFAULT_REGION")
        let stsSet = names.contains("AWS_STS_REGIONAL_ENDPOINTS")
        if credentialsSet && regionSet && stsSet { return container }
        func variable(_ name: String, _ value: String) -> JSONValue { .object(["name": .string(name), "value": .string(value)]) }
        if !stsSet && regionalSTS { env.append(variable("AWS_STS_REGIONAL_ENDPOINTS", "regional")) }
        if !regionSet, let region = settings.region, !region.isEmpty {
            env.append(variable("AWS_DEFAULT_REGION", region))
            env.append(variable("AWS_REGION", region))
        }
        if !credentialsSet {
            for (name, value) in credentials { env.append(variable(name, value)) }
        }
        if !env.isEmpty { fields["env"] = .array(env) }
        var mounts = fields["volumeMounts"]?.array ?? []
        if !mounts.contains(where: { $0["name"]?.string == volume }) {
            mounts.append(.object(["name": .string(volume), "readOnly": .bool(true), "mountPath": .string(mountPath)]))
            fields["volumeMounts"] = .array(mounts)
        }
        return .object(fields)
    }

    /// A container as Go's `corev1.Container` marshals it: `resources` is not a pointer, so it is
    /// always present (`{}` when empty).
    static func withGoDefaults(_ container: JSONValue) -> JSONValue {
        guard var fields = container.object else { return container }
        if fields["resources"] == nil { fields["resources"] = .object([:]) }
        return .object(fields)
    }

    /// The names in the `skip-containers` annotation: the first record of a CSV text (Go's
    /// `encoding/csv`, fields kept as written); a malformed value skips none, as upstream.
    static func containersToSkip(_ value: String?) -> Set<String> {
        guard let value, let line = value.split(separator: "\n", omittingEmptySubsequences: true).first else { return [] }
        var names: [String] = []
        var field = ""
        var quoted = false
        var wasQuoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "," {
                names.append(field)
                field = ""
                wasQuoted = false
            } else if character == "\"" {
                guard field.isEmpty, !wasQuoted else { return [] }
                quoted = true
                wasQuoted = true
            } else {
                if wasQuoted { return [] }
                field.append(character)
            }
            index = line.index(after: index)
        }
        if quoted { return [] }
        names.append(field)
        return Set(names)
    }
}
