import AccessModel
import AWSCore
import Foundation
import Testing

/// The access API's rules as a pure value: cluster creation and the creator entry, one-way mode
/// changes, entry types and their defaults, EKS's validation messages, policies and scopes,
/// pagination, idempotency, and how the authenticator maps identities through entries.
@Suite("Access registry")
struct AccessRegistryTests {
    static let account = "111122223333"
    static let now = Date(timeIntervalSince1970: 1_704_164_645.123)

    static func context(caller: String? = "arn:aws:iam::111122223333:user/admin", id: String = "AIDAADMIN") -> AccessRequestContext {
        let counter = Counter()
        return AccessRequestContext(callerARN: caller, callerPrincipalID: id, now: now, newID: { counter.next() })
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> String {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return String(format: "00000000-0000-0000-0000-%012d", value)
        }
    }

    static func registry(mode: AuthenticationMode = .apiAndConfigMap, bootstrap: Bool = true) throws -> AccessRegistry {
        var registry = AccessRegistry(accountID: account, region: "eu-west-1", partition: "aws")
        _ = try registry.createCluster(
            CreateClusterInput(
                name: "c1", roleArn: "arn:aws:iam::111122223333:role/eks-cluster",
                accessConfig: .init(bootstrapClusterCreatorAdminPermissions: bootstrap, authenticationMode: mode.rawValue)),
            endpoints: ClusterEndpointDefaults(endpoint: "https://api.example.test", certificateAuthorityData: "Q0E="), context: context())
        return registry
    }

    static func error(_ body: () throws -> Void) -> EKSAPIError? {
        do {
            try body()
            return nil
        } catch {
            return error as? EKSAPIError
        }
    }

    @Test("CreateCluster records an ACTIVE cluster and an ordinary cluster-admin entry for the creator")
    func createClusterBootstrapsTheCreator() throws {
        let registry = try Self.registry()
        let cluster = try registry.record("c1").cluster
        #expect(cluster.arn == "arn:aws:eks:eu-west-1:111122223333:cluster/c1")
        #expect(cluster.status == "ACTIVE")
        #expect(cluster.endpoint == "https://api.example.test")
        #expect(cluster.accessConfig == .init(bootstrapClusterCreatorAdminPermissions: true, authenticationMode: .apiAndConfigMap))
        let entry = try registry.describeAccessEntry(cluster: "c1", principalArn: "arn:aws:iam::111122223333:user/admin")
        #expect(entry.username == "arn:aws:iam::111122223333:user/admin")
        #expect(entry.type == .standard)
        #expect(entry.accessPolicies.map(\.policyArn) == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"])
        #expect(entry.accessPolicies.first?.accessScope == AccessScope(type: .cluster))
        #expect(entry.accessEntryArn == "arn:aws:eks:eu-west-1:111122223333:access-entry/c1/user/111122223333/admin/00000000-0000-0000-0000-000000000002")
        var copy = registry
        try copy.deleteAccessEntry(cluster: "c1", principalArn: "arn:aws:iam::111122223333:user/admin")
        #expect(copy.entries(of: "c1").isEmpty)
    }

    @Test("CreateCluster refuses a duplicate name, CONFIG_MAP without the creator, and unknown modes")
    func createClusterErrors() throws {
        var registry = try Self.registry()
        let duplicate = Self.error { _ = try registry.createCluster(CreateClusterInput(name: "c1", roleArn: "r"), endpoints: .init(), context: Self.context()) }
        #expect(duplicate?.code == "ResourceInUseException")
        #expect(duplicate?.status == 409)
        #expect(duplicate?.message == "Cluster already exists with name: c1")
        let configMap = Self.error {
            _ = try registry.createCluster(
                CreateClusterInput(name: "c2", roleArn: "r", accessConfig: .init(bootstrapClusterCreatorAdminPermissions: false, authenticationMode: "CONFIG_MAP")),
                endpoints: .init(), context: Self.context())
        }
        #expect(configMap?.message == "bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP")
        let badMode = Self.error {
            _ = try registry.createCluster(
                CreateClusterInput(name: "c3", roleArn: "r", accessConfig: .init(authenticationMode: "FOO")), endpoints: .init(), context: Self.context())
        }
        #expect(badMode?.code == "InvalidParameterException")
        #expect(badMode?.message.contains("FOO") == true)
        #expect(Self.error { _ = try registry.record("nope") }?.message == "No cluster found for name: nope.")
        let badName = Self.error { _ = try registry.createCluster(CreateClusterInput(name: "-x", roleArn: "r"), endpoints: .init(), context: Self.context()) }
        #expect(badName?.code == "InvalidParameterException")
    }

    @Test("Authentication modes change one step forward only, with EKS's message")
    func modeTransitions() throws {
        var registry = try Self.registry(mode: .configMap)
        let direct = Self.error { _ = try registry.updateAuthenticationMode(cluster: "c1", to: "API", clientRequestToken: nil, context: Self.context()) }
        #expect(direct?.message == "Unsupported authentication mode update from CONFIG_MAP to API")
        let update = try registry.updateAuthenticationMode(cluster: "c1", to: "API_AND_CONFIG_MAP", clientRequestToken: "t1", context: Self.context())
        #expect(update.status == "Successful")
        #expect(update.type == "AccessConfigUpdate")
        #expect(update.params == [.init(type: "AuthenticationMode", value: "API_AND_CONFIG_MAP")])
        let retried = try registry.updateAuthenticationMode(cluster: "c1", to: "API_AND_CONFIG_MAP", clientRequestToken: "t1", context: Self.context())
        #expect(retried == update)
        let same = Self.error { _ = try registry.updateAuthenticationMode(cluster: "c1", to: "API_AND_CONFIG_MAP", clientRequestToken: nil, context: Self.context()) }
        #expect(same?.message == "Unsupported authentication mode update from API_AND_CONFIG_MAP to API_AND_CONFIG_MAP")
        _ = try registry.updateAuthenticationMode(cluster: "c1", to: "API", clientRequestToken: nil, context: Self.context())
        let back = Self.error { _ = try registry.updateAuthenticationMode(cluster: "c1", to: "CONFIG_MAP", clientRequestToken: nil, context: Self.context()) }
        #expect(back?.message == "Unsupported authentication mode update from API to CONFIG_MAP")
        #expect(try registry.describeUpdate(cluster: "c1", updateID: update.id) == update)
        #expect(Self.error { _ = try registry.describeUpdate(cluster: "c1", updateID: "nope") }?.code == "ResourceNotFoundException")
    }

    @Test("Access entries are refused while the cluster is in CONFIG_MAP mode")
    func configMapModeRefusesEntries() throws {
        var registry = try Self.registry(mode: .configMap)
        let error = Self.error {
            _ = try registry.createAccessEntry(
                cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev"), principalID: nil, context: Self.context())
        }
        #expect(error?.code == "InvalidRequestException")
        #expect(error?.message == "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.")
        #expect(Self.error { _ = try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: nil, maxResults: nil, nextToken: nil) }?.code == "InvalidRequestException")
    }

    @Test("Each entry type gets its default username and implied groups", arguments: [
        ("STANDARD", "arn:aws:iam::111122223333:role/team/dev", "arn:aws:sts::111122223333:assumed-role/dev/{{SessionName}}", [String]()),
        ("EC2_LINUX", "arn:aws:iam::111122223333:role/node", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"]),
        ("EC2_WINDOWS", "arn:aws:iam::111122223333:role/node", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"]),
        ("FARGATE_LINUX", "arn:aws:iam::111122223333:role/pods", "system:node:{{SessionName}}", ["system:node-proxier", "system:nodes"]),
        ("HYBRID_LINUX", "arn:aws:iam::111122223333:role/hybrid", "system:node:{{SessionName}}", ["system:nodes"]),
        ("EC2", "arn:aws:iam::111122223333:role/auto", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"]),
        ("HYPERPOD_LINUX", "arn:aws:iam::111122223333:role/hp", "system:node:{{SessionName}}", ["system:nodes"]),
    ])
    func defaults(type: String, principal: String, username: String, groups: [String]) throws {
        var registry = try Self.registry()
        let entry = try registry.createAccessEntry(
            cluster: "c1", CreateAccessEntryInput(principalArn: principal, type: type), principalID: "AROAX", context: Self.context())
        #expect(entry.username == username)
        #expect(entry.description.kubernetesGroups == groups)
        #expect(entry.description.type == type)
    }

    @Test("EKS's validation messages for principals, usernames, groups and types", arguments: [
        (CreateAccessEntryInput(principalArn: "arn:aws:sts::111122223333:assumed-role/dev/alice"),
         "The specified principalArn is invalid: invalid principal. an assumed-role session cannot be a principal; use the role's ARN arn:aws:iam::111122223333:role/dev."),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:instance-profile/x"), "The specified principalArn is invalid: invalid principal."),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"),
         "Service-linked roles cannot have access entries."),
        (CreateAccessEntryInput(principalArn: "", kubernetesGroups: nil), "principalArn must not be empty."),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", kubernetesGroups: ["system:masters"]),
         "The kubernetes group name system:masters is invalid, it cannot start with system:"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", username: "system:admin"), "The username must not begin with system:"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", username: "eks:x"), "The username must not begin with eks:"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", username: "Amazon:x"), "The username must not begin with amazon:"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", username: "john{{SessionName}}"), "must include a colon before it"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", username: "x:{{EC2PrivateDNSName}}"), "is not supported"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", type: "LINUX"), "The access entry type LINUX is invalid"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:user/bob", type: "EC2_LINUX"), "must name an IAM role, not a user"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/node", kubernetesGroups: ["nodes"], type: "EC2_LINUX"),
         "kubernetesGroups cannot be set on access entries of type EC2_LINUX"),
        (CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev", tags: ["aws:x": "y"]), "the aws: prefix is reserved"),
    ])
    func validation(input: CreateAccessEntryInput, message: String) throws {
        var registry = try Self.registry()
        let error = Self.error { _ = try registry.createAccessEntry(cluster: "c1", input, principalID: nil, context: Self.context()) }
        #expect(error?.code == "InvalidParameterException")
        #expect(error?.status == 400)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("Valid usernames with templates are accepted", arguments: [":john{{SessionName}}", "jo:hn{{SessionName}}", "dev:{{SessionNameRaw}}", "x-{{AccountID}}"])
    func validUsernames(username: String) throws {
        #expect(Self.error { try AccessRegistry.validateUsername(username) } == nil)
    }

    @Test("One entry per principal, whatever the ARN's case or role path; idempotent retries by clientRequestToken")
    func duplicatesAndIdempotency() throws {
        var registry = try Self.registry()
        let input = CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/team/dev", kubernetesGroups: ["dev"], clientRequestToken: "tok")
        let entry = try registry.createAccessEntry(cluster: "c1", input, principalID: nil, context: Self.context())
        #expect(try registry.createAccessEntry(cluster: "c1", input, principalID: nil, context: Self.context()) == entry)
        let duplicate = Self.error {
            _ = try registry.createAccessEntry(
                cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/DEV"), principalID: nil, context: Self.context())
        }
        #expect(duplicate?.code == "ResourceInUseException")
        #expect(duplicate?.message == "The specified access entry resource is already in use on this cluster.")
        let reused = Self.error {
            _ = try registry.createAccessEntry(
                cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/other", clientRequestToken: "tok"), principalID: nil,
                context: Self.context())
        }
        #expect(reused?.code == "InvalidRequestException")
        #expect(try registry.describeAccessEntry(cluster: "c1", principalArn: "arn:aws:iam::111122223333:role/dev").principalArn == input.principalArn)
        let missing = Self.error { _ = try registry.describeAccessEntry(cluster: "c1", principalArn: "arn:aws:iam::111122223333:role/nope") }
        #expect(missing?.status == 404)
        #expect(missing?.message == "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.")
    }

    @Test("UpdateAccessEntry changes username and groups of STANDARD entries only")
    func updates() throws {
        var registry = try Self.registry()
        _ = try registry.createAccessEntry(
            cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/dev"), principalID: nil, context: Self.context())
        var later = Self.context()
        later.now = Self.now.addingTimeInterval(60)
        let updated = try registry.updateAccessEntry(
            cluster: "c1", principalArn: "arn:aws:iam::111122223333:role/dev", UpdateAccessEntryInput(kubernetesGroups: ["g3"], username: "bob"),
            context: later)
        #expect(updated.username == "bob")
        #expect(updated.kubernetesGroups == ["g3"])
        #expect(updated.modifiedAt == EpochTime(Self.now.addingTimeInterval(60)))
        #expect(updated.createdAt == EpochTime(Self.now))
        _ = try registry.createAccessEntry(
            cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/node", type: "EC2_LINUX"), principalID: nil,
            context: Self.context())
        let node = Self.error {
            _ = try registry.updateAccessEntry(
                cluster: "c1", principalArn: "arn:aws:iam::111122223333:role/node", UpdateAccessEntryInput(username: "x"), context: Self.context())
        }
        #expect(node?.message == "This operation can only be performed on Access Entries with a type of \"STANDARD\".")
    }

    @Test("Policies: catalog ARNs only, scopes checked, re-association replaces the scope, STANDARD only")
    func policies() throws {
        var registry = try Self.registry()
        let dev = "arn:aws:iam::111122223333:role/dev"
        _ = try registry.createAccessEntry(cluster: "c1", CreateAccessEntryInput(principalArn: dev), principalID: nil, context: Self.context())
        let view = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
        let first = try registry.associateAccessPolicy(
            cluster: "c1", principalArn: dev, policyArn: view, scope: AccessScopeInput(type: "namespace", namespaces: ["a", "dev-*"]), context: Self.context())
        #expect(first.accessScope == AccessScope(type: .namespace, namespaces: ["a", "dev-*"]))
        let second = try registry.associateAccessPolicy(
            cluster: "c1", principalArn: dev, policyArn: view, scope: AccessScopeInput(type: "cluster"), context: Self.context())
        #expect(second.accessScope == AccessScope(type: .cluster))
        #expect(try registry.listAssociatedAccessPolicies(cluster: "c1", principalArn: dev, maxResults: nil, nextToken: nil).page.items == [second])
        for (policy, scope, message) in [
            ("arn:aws:eks::aws:cluster-access-policy/NoSuchPolicy", AccessScopeInput(type: "cluster"), "The specified policyArn"),
            (view, AccessScopeInput(type: "foo"), "The access scope type foo is invalid"),
            (view, AccessScopeInput(type: "namespace"), "needs at least one namespace"),
            (view, AccessScopeInput(type: "cluster", namespaces: ["a"]), "Namespaces cannot be given"),
            (view, AccessScopeInput(type: "namespace", namespaces: ["Bad_NS"]), "The namespace Bad_NS is invalid"),
        ] {
            let error = Self.error {
                _ = try registry.associateAccessPolicy(cluster: "c1", principalArn: dev, policyArn: policy, scope: scope, context: Self.context())
            }
            #expect(error?.code == "InvalidParameterException")
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        }
        #expect(try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: view, maxResults: nil, nextToken: nil).items == [dev])
        try registry.disassociateAccessPolicy(cluster: "c1", principalArn: dev, policyArn: view)
        #expect(try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: view, maxResults: nil, nextToken: nil).items == [])
        #expect(Self.error { try registry.disassociateAccessPolicy(cluster: "c1", principalArn: dev, policyArn: view) }?.status == 404)
    }

    @Test("Namespace scopes match names and trailing-* prefixes")
    func scopeMatching() {
        let scope = AccessScope(type: .namespace, namespaces: ["default", "dev-*"])
        #expect(scope.covers(namespace: "default"))
        #expect(scope.covers(namespace: "dev-a"))
        #expect(!scope.covers(namespace: "dev"))
        #expect(!scope.covers(namespace: "prod"))
        #expect(!scope.covers(namespace: nil))
        #expect(AccessScope(type: .cluster).covers(namespace: nil))
    }

    @Test("Pagination walks every item once, and maxResults is 1…100")
    func pagination() throws {
        var registry = try Self.registry()
        for index in 0..<7 {
            _ = try registry.createAccessEntry(
                cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/r\(index)"), principalID: nil, context: Self.context())
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: nil, maxResults: 3, nextToken: token)
            #expect(page.items.count <= 3)
            seen += page.items
            token = page.nextToken
        } while token != nil
        #expect(seen == registry.entries(of: "c1").map(\.principalArn))
        #expect(seen.count == 8)
        #expect(Self.error { _ = try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: nil, maxResults: 0, nextToken: nil) }?.code == "InvalidParameterException")
        #expect(Self.error { _ = try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: nil, maxResults: 500, nextToken: nil) }?.code == "InvalidParameterException")
        #expect(Self.error { _ = try registry.listAccessEntries(cluster: "c1", associatedPolicyArn: nil, maxResults: nil, nextToken: "%%") }?.code == "InvalidParameterException")
        let policies = try registry.listAccessPolicies(maxResults: nil, nextToken: nil).items
        #expect(policies.contains(AccessPolicySummary(name: "AmazonEKSClusterAdminPolicy", arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy")))
    }

    @Test("Mapping: access entries win over aws-auth, API mode ignores aws-auth, CONFIG_MAP honours only the creator")
    func mappingThroughEntries() throws {
        var registry = try Self.registry()
        _ = try registry.createAccessEntry(
            cluster: "c1", CreateAccessEntryInput(principalArn: "arn:aws:iam::111122223333:role/team/dev", kubernetesGroups: ["developers"], username: "dev:{{SessionName}}"),
            principalID: "AROADEV", context: Self.context())
        let identity = try AWSIdentity(
            arn: "arn:aws:sts::111122223333:assumed-role/dev/alice@example.com", accountID: "111122223333", userIDWithSession: "AROADEV:alice@example.com",
            accessKeyID: "ASIAX", stsHost: "sts.eu-west-1.amazonaws.com")
        let awsAuth = AWSAuthMappings(roles: [RoleMapping(roleARN: "arn:aws:iam::111122223333:role/dev", username: "from-aws-auth", groups: [])])
        let mapped = try IdentityMapper.map(identity, cluster: ClusterAccessView(cluster: "c1", in: registry), mappings: awsAuth)
        #expect(mapped.username == "dev:alice-example.com")
        #expect(mapped.groups == ["developers"])
        #expect(mapped.source == "accessEntry")
        // A role deleted and created again has a new unique id: the entry no longer applies.
        let recreated = try AWSIdentity(
            arn: identity.arn, accountID: "111122223333", userIDWithSession: "AROANEW:alice", accessKeyID: "ASIAX", stsHost: identity.stsHost)
        #expect(try IdentityMapper.map(recreated, cluster: ClusterAccessView(cluster: "c1", in: registry), mappings: awsAuth).username == "from-aws-auth")
        _ = try registry.updateAuthenticationMode(cluster: "c1", to: "API", clientRequestToken: nil, context: Self.context())
        #expect(throws: MappingError.self) { try IdentityMapper.map(recreated, cluster: ClusterAccessView(cluster: "c1", in: registry), mappings: awsAuth) }
        // No cluster record: aws-auth only, as before access entries existed.
        #expect(try IdentityMapper.map(identity, cluster: nil, mappings: awsAuth).username == "from-aws-auth")

        let configMap = try Self.registry(mode: .configMap)
        let admin = try AWSIdentity(
            arn: "arn:aws:iam::111122223333:user/admin", accountID: "111122223333", userIDWithSession: "AIDAADMIN", accessKeyID: "AKIAX",
            stsHost: "sts.eu-west-1.amazonaws.com")
        let creator = try IdentityMapper.map(admin, cluster: ClusterAccessView(cluster: "c1", in: configMap), mappings: AWSAuthMappings())
        #expect(creator.username == "arn:aws:iam::111122223333:user/admin")
        #expect(creator.source == "accessEntry")
    }

    @Test("Timestamps are epoch seconds with milliseconds on the wire")
    func epochTime() throws {
        let data = try JSONEncoder().encode(["createdAt": EpochTime(Self.now)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"createdAt":1704164645.123}"#)
        #expect(try JSONDecoder().decode([String: EpochTime].self, from: data)["createdAt"] == EpochTime(Self.now))
    }

    @Test("{{EC2PrivateDNSName}} asks for a lookup, then renders in username and groups")
    func privateDNSName() throws {
        let node = try AWSIdentity(
            arn: "arn:aws:sts::111122223333:assumed-role/nodes/i-0123456789abcdef0", accountID: "111122223333",
            userIDWithSession: "AROANODES:i-0123456789abcdef0", accessKeyID: "ASIAX", stsHost: "sts.amazonaws.com")
        let mappings = AWSAuthMappings(roles: [
            RoleMapping(roleARN: "arn:aws:iam::111122223333:role/nodes", username: "system:node:{{EC2PrivateDNSName}}", groups: ["n-{{EC2PrivateDNSName}}"])
        ])
        do {
            _ = try IdentityMapper.map(node, cluster: nil, mappings: mappings)
            Issue.record("mapping without the name should ask for it")
        } catch {
            #expect(error.needsPrivateDNSName)
            #expect(error.message.contains("i-0123456789abcdef0"))
        }
        let user = try IdentityMapper.map(node, cluster: nil, mappings: mappings, privateDNSName: "ip-10-0-0-1.ec2.internal")
        #expect(user.username == "system:node:ip-10-0-0-1.ec2.internal")
        #expect(user.groups == ["n-ip-10-0-0-1.ec2.internal"])
    }

    @Test("The authenticator's entry key from a parsed canonical ARN equals the key of the principal ARN", arguments: [
        "arn:aws:iam::111122223333:role/Team/Dev", "arn:aws:iam::111122223333:user/path/Bob", "arn:aws-cn:iam::111122223333:role/x",
        "arn:aws:sts::111122223333:assumed-role/Dev/session",
    ])
    func entryKeys(arn: String) throws {
        let canonical = try CanonicalARN(canonicalizing: arn)
        #expect(AccessRegistry.entryKey(cluster: "c1", canonical: canonical) == AccessRegistry.entryKey(cluster: "c1", canonicalARN: canonical.arn))
        #expect(AccessRegistry.entryKey(cluster: "c1", canonical: canonical) != nil)
    }
}
