import AccessModel
import Foundation
import Testing

/// The Pod Identity association operations as a pure value: ids and ARNs, one role per service
/// account, Kubernetes name rules, idempotent retries, updates, filters, pagination, and deletion
/// with the cluster.
@Suite("Pod Identity associations")
struct PodIdentityAssociationTests {
    typealias Fixture = AccessRegistryTests
    static let role = "arn:aws:iam::111122223333:role/payments-app"

    static func create(
        _ registry: inout AccessRegistry, namespace: String = "payments", serviceAccount: String = "api", role: String = role,
        token: String? = nil, target: String? = nil, context: AccessRequestContext = Fixture.context()
    ) throws -> PodIdentityAssociation {
        try registry.createPodIdentityAssociation(
            cluster: "c1",
            CreatePodIdentityAssociationInput(
                namespace: namespace, serviceAccount: serviceAccount, roleArn: role, clientRequestToken: token, tags: ["team": "payments"],
                targetRoleArn: target),
            context: context)
    }

    @Test("CreatePodIdentityAssociation returns EKS's association object with an a- id and a podidentityassociation ARN")
    func createReturnsTheAssociation() throws {
        var registry = try Fixture.registry()
        let association = try Self.create(&registry)
        #expect(association.associationId.hasPrefix("a-"))
        #expect(association.associationId.count == 19)
        #expect(association.associationId.dropFirst(2).allSatisfy { $0.isNumber || ("a"..."z").contains($0) })
        #expect(association.associationArn == "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/c1/\(association.associationId)")
        #expect(association.clusterName == "c1")
        #expect(association.namespace == "payments")
        #expect(association.serviceAccount == "api")
        #expect(association.roleArn == Self.role)
        #expect(association.tags == ["team": "payments"])
        #expect(association.createdAt == EpochTime(Fixture.now))
        #expect(association.modifiedAt == association.createdAt)
        #expect(association.disableSessionTags == false)
        #expect(association.targetRoleArn == nil && association.externalId == nil)

        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(association)) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == [
            "clusterName", "namespace", "serviceAccount", "roleArn", "associationArn", "associationId", "tags", "createdAt", "modifiedAt",
            "disableSessionTags",
        ])
        #expect(registry.podIdentityAssociation(cluster: "c1", namespace: "payments", serviceAccount: "api") == association)
        #expect(registry.podIdentityAssociation(cluster: "c1", namespace: "payments", serviceAccount: "web") == nil)
    }

    @Test("a service account has one association: a second is ResourceInUseException naming the first")
    func oneRolePerServiceAccount() throws {
        var registry = try Fixture.registry()
        let first = try Self.create(&registry)
        let error = Fixture.error { _ = try Self.create(&registry, role: "arn:aws:iam::111122223333:role/other") }
        #expect(error?.code == "ResourceInUseException")
        #expect(error?.status == 409)
        #expect(error?.message == "Association already exists: \(first.associationId)")
        // Another service account, or the same name in another namespace, is fine.
        _ = try Self.create(&registry, serviceAccount: "worker")
        _ = try Self.create(&registry, namespace: "billing")
        #expect(registry.podIdentityAssociations(of: "c1").count == 3)
    }

    @Test("a retry with the same clientRequestToken returns the association; reuse for something else is refused")
    func idempotentRetries() throws {
        var registry = try Fixture.registry()
        let first = try Self.create(&registry, token: "t-1")
        let again = try Self.create(&registry, token: "t-1")
        #expect(again == first)
        #expect(registry.podIdentityAssociations(of: "c1").count == 1)
        let reused = Fixture.error { _ = try Self.create(&registry, serviceAccount: "other", token: "t-1") }
        #expect(reused?.code == "InvalidRequestException")
    }

    @Test("names, roles and session policies are checked with messages that say what to use")
    func validation() throws {
        var registry = try Fixture.registry()
        let cases: [(String, String, String, String)] = [
            ("Payments", "api", Self.role, "not a valid Kubernetes namespace name"),
            ("-payments", "api", Self.role, "not a valid Kubernetes namespace name"),
            (String(repeating: "a", count: 64), "api", Self.role, "not a valid Kubernetes namespace name"),
            ("payments", "API", Self.role, "not a valid Kubernetes service account name"),
            ("payments", "api_1", Self.role, "not a valid Kubernetes service account name"),
            ("payments", "api", "arn:aws:iam::111122223333:user/alice", "is not an IAM role ARN"),
            ("payments", "api", "payments-app", "is not an IAM role ARN"),
            ("payments", "api", "arn:aws:iam::444455556666:role/elsewhere", "must be a role in the cluster's account 111122223333"),
        ]
        for (namespace, serviceAccount, role, message) in cases {
            let error = Fixture.error { _ = try Self.create(&registry, namespace: namespace, serviceAccount: serviceAccount, role: role) }
            #expect(error?.code == "InvalidParameterException", "\(namespace) \(serviceAccount) \(role)")
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
            #expect(error?.fields["clusterName"] == "c1")
        }
        #expect(try Self.create(&registry, serviceAccount: "api.v2").serviceAccount == "api.v2")
        let missing = Fixture.error {
            _ = try registry.createPodIdentityAssociation(
                cluster: "c1", CreatePodIdentityAssociationInput(namespace: "a", serviceAccount: nil, roleArn: Self.role), context: Fixture.context())
        }
        #expect(missing?.message == "serviceAccount is required.")
        let policy = Fixture.error {
            _ = try registry.createPodIdentityAssociation(
                cluster: "c1", CreatePodIdentityAssociationInput(namespace: "a", serviceAccount: "b", roleArn: Self.role, policy: "{}"),
                context: Fixture.context())
        }
        #expect(policy?.code == "InvalidParameterException")
        #expect(policy?.message.contains("session policies") == true)
        let noCluster = Fixture.error {
            _ = try registry.createPodIdentityAssociation(
                cluster: "nope", CreatePodIdentityAssociationInput(namespace: "a", serviceAccount: "b", roleArn: Self.role), context: Fixture.context())
        }
        #expect(noCluster?.code == "ResourceNotFoundException")
    }

    @Test("a target role gets an external id; updating it makes a new one and an empty target removes it")
    func targetRoles() throws {
        var registry = try Fixture.registry()
        let target = "arn:aws:iam::444455556666:role/cross-account"
        let created = try Self.create(&registry, target: target)
        #expect(created.targetRoleArn == target)
        let externalID = try #require(created.externalId)
        let later = AccessRequestContext(now: Fixture.now.addingTimeInterval(60), newID: { "ffffffff-ffff-ffff-ffff-ffffffffffff" })
        let retargeted = try registry.updatePodIdentityAssociation(
            cluster: "c1", associationID: created.associationId,
            UpdatePodIdentityAssociationInput(targetRoleArn: "arn:aws:iam::444455556666:role/other"), context: later)
        #expect(retargeted.externalId != externalID)
        #expect(retargeted.modifiedAt == EpochTime(Fixture.now.addingTimeInterval(60)))
        #expect(retargeted.createdAt == created.createdAt)
        let cleared = try registry.updatePodIdentityAssociation(
            cluster: "c1", associationID: created.associationId, UpdatePodIdentityAssociationInput(targetRoleArn: ""), context: later)
        #expect(cleared.targetRoleArn == nil && cleared.externalId == nil)
    }

    @Test("UpdatePodIdentityAssociation changes the role and session tags; unknown ids are ResourceNotFoundException")
    func updates() throws {
        var registry = try Fixture.registry()
        let created = try Self.create(&registry)
        let updated = try registry.updatePodIdentityAssociation(
            cluster: "c1", associationID: created.associationId,
            UpdatePodIdentityAssociationInput(roleArn: "arn:aws:iam::111122223333:role/team/new-role", disableSessionTags: true),
            context: Fixture.context())
        #expect(updated.roleArn == "arn:aws:iam::111122223333:role/team/new-role")
        #expect(updated.disableSessionTags)
        #expect(try registry.describePodIdentityAssociation(cluster: "c1", associationID: created.associationId) == updated)
        let missing = Fixture.error {
            _ = try registry.updatePodIdentityAssociation(
                cluster: "c1", associationID: "a-00000000000000000", UpdatePodIdentityAssociationInput(), context: Fixture.context())
        }
        #expect(missing?.code == "ResourceNotFoundException")
        #expect(missing?.status == 404)
        let badRole = Fixture.error {
            _ = try registry.updatePodIdentityAssociation(
                cluster: "c1", associationID: created.associationId, UpdatePodIdentityAssociationInput(roleArn: "nope"), context: Fixture.context())
        }
        #expect(badRole?.code == "InvalidParameterException")
    }

    @Test("ListPodIdentityAssociations filters by namespace and service account and pages")
    func listing() throws {
        var registry = try Fixture.registry()
        let context = Fixture.context()
        for (namespace, account) in [("payments", "api"), ("payments", "worker"), ("billing", "api"), ("billing", "cron")] {
            _ = try Self.create(&registry, namespace: namespace, serviceAccount: account, context: context)
        }
        let all = try registry.listPodIdentityAssociations(cluster: "c1", namespace: nil, serviceAccount: nil, maxResults: nil, nextToken: nil)
        #expect(all.items.count == 4)
        #expect(all.nextToken == nil)
        #expect(all.items.map(\.associationId) == all.items.map(\.associationId).sorted())
        let payments = try registry.listPodIdentityAssociations(cluster: "c1", namespace: "payments", serviceAccount: nil, maxResults: nil, nextToken: nil)
        #expect(Set(payments.items.map(\.serviceAccount)) == ["api", "worker"])
        let apis = try registry.listPodIdentityAssociations(cluster: "c1", namespace: nil, serviceAccount: "api", maxResults: nil, nextToken: nil)
        #expect(Set(apis.items.map(\.namespace)) == ["payments", "billing"])
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try registry.listPodIdentityAssociations(cluster: "c1", namespace: nil, serviceAccount: nil, maxResults: 3, nextToken: token)
            seen += page.items.map(\.associationId)
            token = page.nextToken
        } while token != nil
        #expect(seen == all.items.map(\.associationId))
    }

    @Test("DeletePodIdentityAssociation returns what it removed; deleting the cluster removes its associations")
    func deletion() throws {
        var registry = try Fixture.registry()
        let first = try Self.create(&registry)
        _ = try Self.create(&registry, serviceAccount: "worker")
        #expect(try registry.deletePodIdentityAssociation(cluster: "c1", associationID: first.associationId) == first)
        #expect(Fixture.error { _ = try registry.describePodIdentityAssociation(cluster: "c1", associationID: first.associationId) }?.code
            == "ResourceNotFoundException")
        #expect(registry.podIdentityAssociations(of: "c1").count == 1)
        _ = try registry.deleteCluster("c1")
        #expect(registry.podIdentityAssociations.isEmpty)
    }
}
