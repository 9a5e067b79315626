import Foundation
import AccessModel
import LocalAWS
import SigV4
import Storage

extension EKSService {
    /// Authorizes and performs `operation`; returns the response body.
    func perform(_ operation: EKSOperation, request: SigV4Request, caller: KeyLookup, now: Date) async throws(EKSAPIError) -> any Encodable & Sendable {
        let context = AccessRequestContext(callerARN: caller.arn, callerPrincipalID: caller.userID, now: now)
        let query = Query(request.query)
        let endpoints = self.endpoints
        switch operation {
        case .createCluster:
            let input = try EKSWire.decode(CreateClusterInput.self, request.body)
            let name = input.name ?? ""
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let cluster = try await access.write { registry throws(EKSAPIError) in try registry.createCluster(input, endpoints: endpoints, context: context) }
            return ["cluster": cluster]

        case .listClusters:
            try await authorize(caller, operation, resource: "*", now: now)
            let (maxResults, nextToken) = try query.paging()
            let page = try await access.read { registry throws(EKSAPIError) in try registry.listClusters(maxResults: maxResults, nextToken: nextToken) }
            return NamesPage(key: "clusters", names: page.items, nextToken: page.nextToken)

        case .describeCluster(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            var cluster = try await access.read { registry throws(EKSAPIError) in try registry.record(name).cluster }
            // Clusters made before the server had an issuer report the one it serves now.
            if cluster.identity == nil, let issuer = endpoints.issuer(of: name) { cluster.identity = Cluster.Identity(issuer: issuer) }
            return ["cluster": cluster]

        case .deleteCluster(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            return ["cluster": try await access.write { registry throws(EKSAPIError) in try registry.deleteCluster(name) }]

        case .updateClusterConfig(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let input = try EKSWire.decode(UpdateClusterConfigInput.self, request.body)
            if let unsupported = try EKSWire.members(of: request.body).subtracting(["accessConfig", "clientRequestToken"]).sorted().first {
                throw .invalidParameter(
                    "eksauth updates only accessConfig.authenticationMode; \(unsupported) cannot be changed here.", cluster: name)
            }
            let update = try await access.write { registry throws(EKSAPIError) in
                try registry.updateAuthenticationMode(
                    cluster: name, to: input.accessConfig?.authenticationMode, clientRequestToken: input.clientRequestToken, context: context)
            }
            return ["update": update]

        case .describeUpdate(let name, let updateID):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            return ["update": try await access.read { registry throws(EKSAPIError) in try registry.describeUpdate(cluster: name, updateID: updateID) }]

        case .createAccessEntry(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let input = try EKSWire.decode(CreateAccessEntryInput.self, request.body)
            let principalID = try await principalID(of: input.principalArn, cluster: name)
            let entry = try await access.write { registry throws(EKSAPIError) in
                try registry.createAccessEntry(cluster: name, input, principalID: principalID, context: context)
            }
            return ["accessEntry": entry.description]

        case .listAccessEntries(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            let (maxResults, nextToken) = try query.paging()
            let policy = query["associatedPolicyArn"]
            let page = try await access.read { registry throws(EKSAPIError) in
                try registry.listAccessEntries(cluster: name, associatedPolicyArn: policy, maxResults: maxResults, nextToken: nextToken)
            }
            return NamesPage(key: "accessEntries", names: page.items, nextToken: page.nextToken)

        case .describeAccessEntry(let name, let arn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            let entry = try await access.read { registry throws(EKSAPIError) in try registry.describeAccessEntry(cluster: name, principalArn: arn) }
            return ["accessEntry": entry.description]

        case .updateAccessEntry(let name, let arn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            let input = try EKSWire.decode(UpdateAccessEntryInput.self, request.body)
            let entry = try await access.write { registry throws(EKSAPIError) in
                try registry.updateAccessEntry(cluster: name, principalArn: arn, input, context: context)
            }
            return ["accessEntry": entry.description]

        case .deleteAccessEntry(let name, let arn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            try await access.write { registry throws(EKSAPIError) in try registry.deleteAccessEntry(cluster: name, principalArn: arn) }
            return [String: String]()

        case .associateAccessPolicy(let name, let arn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            let input = try EKSWire.decode(AssociateAccessPolicyInput.self, request.body)
            let association = try await access.write { registry throws(EKSAPIError) in
                try registry.associateAccessPolicy(
                    cluster: name, principalArn: arn, policyArn: input.policyArn, scope: input.accessScope, context: context)
            }
            let entry = try await access.read { registry throws(EKSAPIError) in try registry.describeAccessEntry(cluster: name, principalArn: arn) }
            return AssociateAccessPolicyOutput(clusterName: name, principalArn: entry.principalArn, associatedAccessPolicy: association)

        case .disassociateAccessPolicy(let name, let arn, let policyArn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            try await access.write { registry throws(EKSAPIError) in
                try registry.disassociateAccessPolicy(cluster: name, principalArn: arn, policyArn: policyArn)
            }
            return [String: String]()

        case .listAssociatedAccessPolicies(let name, let arn):
            try await authorize(caller, operation, resource: await entryARN(cluster: name, principalArn: arn), now: now)
            let (maxResults, nextToken) = try query.paging()
            let (entry, page) = try await access.read { registry throws(EKSAPIError) in
                try registry.listAssociatedAccessPolicies(cluster: name, principalArn: arn, maxResults: maxResults, nextToken: nextToken)
            }
            return ListAssociatedAccessPoliciesOutput(
                clusterName: name, principalArn: entry.principalArn, nextToken: page.nextToken, associatedAccessPolicies: page.items)

        case .listAccessPolicies:
            try await authorize(caller, operation, resource: "*", now: now)
            let (maxResults, nextToken) = try query.paging()
            let page = try await access.read { registry throws(EKSAPIError) in try registry.listAccessPolicies(maxResults: maxResults, nextToken: nextToken) }
            return ListAccessPoliciesOutput(accessPolicies: page.items, nextToken: page.nextToken)

        case .createPodIdentityAssociation, .listPodIdentityAssociations, .describePodIdentityAssociation, .updatePodIdentityAssociation,
            .deletePodIdentityAssociation:
            return try await performPodIdentityAssociation(operation, request: request, caller: caller, context: context)

        case .assumeRoleForPodIdentity(let name):
            try await authorize(caller, operation, resource: await clusterARN(name), now: now)
            return try await assumeRoleForPodIdentity(cluster: name, request: request, now: now)
        }
    }

    func clusterARN(_ name: String) async -> String {
        await access.snapshot.clusterARN(name)
    }

    /// The access entry's ARN when it exists, else the ARN it would have with `*` for its id, so a
    /// policy on `…:access-entry/CLUSTER/*` covers both.
    private func entryARN(cluster: String, principalArn: String) async -> String {
        let registry = await access.snapshot
        if let entry = try? registry.describeAccessEntry(cluster: cluster, principalArn: principalArn) { return entry.accessEntryArn }
        let principal = try? AccessPrincipal(arn: principalArn)
        let tail = principal.map { "\($0.kind.rawValue)/\($0.accountID)/\($0.name)/*" } ?? "*"
        return "arn:\(registry.partition):eks:\(registry.region):\(registry.accountID):access-entry/\(cluster)/\(tail)"
    }

    /// The IAM unique id of a new entry's principal. In the identity store's own account the
    /// principal must exist (as EKS requires); principals of other accounts cannot be checked.
    private func principalID(of arn: String?, cluster: String) async throws(EKSAPIError) -> String? {
        guard checksPrincipals, let arn, let principal = try? AccessPrincipal(arn: arn) else { return nil }
        guard principal.accountID == (await identities.account.id) else { return nil }
        var found = await identities.principalID(arn: arn)
        if found == nil {
            // Perhaps made a moment ago through another replica: look again in the saved identities.
            _ = try? await identities.refresh()
            found = await identities.principalID(arn: arn)
        }
        guard let id = found else {
            throw .invalidParameter(
                "The specified principalArn is invalid: invalid principal. No IAM \(principal.kind.rawValue) \(EKSAPIError.clip(arn)) exists; "
                    + "check its name and path (aws iam get-\(principal.kind.rawValue) shows the ARN).",
                cluster: cluster)
        }
        return id
    }
}

/// The query parameters of a request.
struct Query {
    let items: [QueryItem]
    init(_ items: [QueryItem]) { self.items = items }

    subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    /// `maxResults` and `nextToken`.
    func paging() throws(EKSAPIError) -> (Int?, String?) {
        var maxResults: Int?
        if let raw = self["maxResults"] {
            guard let value = Int(raw) else { throw .invalidParameter("maxResults must be a number between 1 and 100; '\(EKSAPIError.clip(raw))' was given.") }
            maxResults = value
        }
        return (maxResults, self["nextToken"])
    }
}

/// UpdateClusterConfig's body (only the access configuration is supported).
struct UpdateClusterConfigInput: Decodable {
    var accessConfig: CreateClusterInput.AccessConfigInput?
    var clientRequestToken: String?
}

/// AssociateAccessPolicy's body.
struct AssociateAccessPolicyInput: Decodable {
    var policyArn: String?
    var accessScope: AccessScopeInput?
}

struct AssociateAccessPolicyOutput: Encodable {
    var clusterName: String
    var principalArn: String
    var associatedAccessPolicy: AssociatedAccessPolicy
}

struct ListAssociatedAccessPoliciesOutput: Encodable {
    var clusterName: String
    var principalArn: String
    var nextToken: String?
    var associatedAccessPolicies: [AssociatedAccessPolicy]
}

struct ListAccessPoliciesOutput: Encodable {
    var accessPolicies: [AccessPolicySummary]
    var nextToken: String?
}

/// A list of names under `key`, with `nextToken` when there are more.
struct NamesPage: Encodable {
    let key: String
    let names: [String]
    let nextToken: String?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(names, forKey: Key(stringValue: key))
        try container.encodeIfPresent(nextToken, forKey: Key(stringValue: "nextToken"))
    }
}
