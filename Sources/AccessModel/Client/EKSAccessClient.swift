public import AWSCore
public import Foundation
public import SigV4

/// The EKS access-management calls — access entries, access policies and a cluster's
/// authentication mode — over an ``EKSClient``, with the AWS SDKs' paths, bodies and label
/// encoding, answering AccessModel's types. It talks to real EKS or to `eksauth server` alike.
///
/// ```swift
/// let client = EKSAccessClient(eks: EKSClient(httpClient: http, endpoint: url, region: "us-east-1"), credentials: credentials)
/// let entry = try await client.describeAccessEntry(cluster: "demo", principalArn: "arn:aws:iam::111122223333:role/dev").value
/// ```
public struct EKSAccessClient: Sendable {
    /// The signing HTTP client.
    public var eks: EKSClient
    /// The credentials every call is signed with.
    public var credentials: AWSCredentials
    /// Makes the `clientRequestToken` of idempotent calls, as the SDKs do when none is given.
    public var makeRequestToken: @Sendable () -> String

    /// Creates a client.
    public init(eks: EKSClient, credentials: AWSCredentials, makeRequestToken: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.eks = eks
        self.credentials = credentials
        self.makeRequestToken = makeRequestToken
    }

    // MARK: - Access entries

    /// CreateAccessEntry: `POST /clusters/{name}/access-entries`.
    public func createAccessEntry(
        cluster: String, principalArn: String, kubernetesGroups: [String]? = nil, username: String? = nil, type: String? = nil,
        tags: [String: String]? = nil
    ) async throws(EKSError) -> EKSReply<AccessEntry.Description> {
        struct Body: Encodable {
            var principalArn: String
            var kubernetesGroups: [String]?
            var tags: [String: String]?
            var clientRequestToken: String
            var username: String?
            var type: String?
        }
        let body = Body(
            principalArn: principalArn, kubernetesGroups: kubernetesGroups, tags: tags, clientRequestToken: makeRequestToken(),
            username: username, type: type)
        let reply = try await call("POST", "/clusters/\(EKSClient.label(cluster))/access-entries", body: body, as: AccessEntryOutput.self)
        return EKSReply(value: reply.value.accessEntry.value, body: reply.body)
    }

    /// DescribeAccessEntry: `GET /clusters/{name}/access-entries/{principalArn}`.
    public func describeAccessEntry(cluster: String, principalArn: String) async throws(EKSError) -> EKSReply<AccessEntry.Description> {
        let reply = try await call("GET", Self.entryPath(cluster, principalArn), as: AccessEntryOutput.self)
        return EKSReply(value: reply.value.accessEntry.value, body: reply.body)
    }

    /// UpdateAccessEntry: `POST /clusters/{name}/access-entries/{principalArn}`. A `nil` member is
    /// left as it is; `kubernetesGroups` replaces the groups.
    public func updateAccessEntry(
        cluster: String, principalArn: String, kubernetesGroups: [String]? = nil, username: String? = nil
    ) async throws(EKSError) -> EKSReply<AccessEntry.Description> {
        struct Body: Encodable {
            var kubernetesGroups: [String]?
            var clientRequestToken: String
            var username: String?
        }
        let body = Body(kubernetesGroups: kubernetesGroups, clientRequestToken: makeRequestToken(), username: username)
        let reply = try await call("POST", Self.entryPath(cluster, principalArn), body: body, as: AccessEntryOutput.self)
        return EKSReply(value: reply.value.accessEntry.value, body: reply.body)
    }

    /// DeleteAccessEntry: `DELETE /clusters/{name}/access-entries/{principalArn}`.
    public func deleteAccessEntry(cluster: String, principalArn: String) async throws(EKSError) -> EKSReply<Bool> {
        let body = try await eks.send(method: "DELETE", path: Self.entryPath(cluster, principalArn), credentials: credentials)
        return EKSReply(value: true, body: body)
    }

    /// ListAccessEntries: one page of the principal ARNs of a cluster's entries, optionally only
    /// those with `associatedPolicyArn`.
    public func listAccessEntries(
        cluster: String, associatedPolicyArn: String? = nil, maxResults: Int? = nil, nextToken: String? = nil
    ) async throws(EKSError) -> EKSReply<Page<String>> {
        struct Output: Decodable {
            var accessEntries: [String]?
            var nextToken: String?
        }
        var query = Self.paging(maxResults, nextToken)
        if let associatedPolicyArn { query.insert(QueryItem("associatedPolicyArn", associatedPolicyArn), at: 0) }
        let reply = try await call("GET", "/clusters/\(EKSClient.label(cluster))/access-entries", query: query, as: Output.self)
        return EKSReply(value: Page(items: reply.value.accessEntries ?? [], nextToken: reply.value.nextToken), body: reply.body)
    }

    // MARK: - Access policies

    /// AssociateAccessPolicy: `POST /clusters/{name}/access-entries/{principalArn}/access-policies`;
    /// associating a policy again replaces its scope.
    public func associateAccessPolicy(
        cluster: String, principalArn: String, policyArn: String, scope: AccessScope
    ) async throws(EKSError) -> EKSReply<AssociatedAccessPolicy> {
        struct Body: Encodable {
            var policyArn: String
            var accessScope: Scope
        }
        struct Scope: Encodable {
            var type: String
            var namespaces: [String]?
        }
        struct Output: Decodable { var associatedAccessPolicy: AssociatedAccessPolicyWire }
        let body = Body(
            policyArn: policyArn,
            accessScope: Scope(type: scope.type.rawValue, namespaces: scope.namespaces.isEmpty ? nil : scope.namespaces))
        let reply = try await call("POST", Self.entryPath(cluster, principalArn) + "/access-policies", body: body, as: Output.self)
        return EKSReply(value: reply.value.associatedAccessPolicy.value, body: reply.body)
    }

    /// DisassociateAccessPolicy: `DELETE /clusters/{name}/access-entries/{principalArn}/access-policies/{policyArn}`.
    public func disassociateAccessPolicy(cluster: String, principalArn: String, policyArn: String) async throws(EKSError) -> EKSReply<Bool> {
        let path = Self.entryPath(cluster, principalArn) + "/access-policies/" + EKSClient.label(policyArn)
        let body = try await eks.send(method: "DELETE", path: path, credentials: credentials)
        return EKSReply(value: true, body: body)
    }

    /// ListAssociatedAccessPolicies: one page of the policies associated with an access entry.
    public func listAssociatedAccessPolicies(
        cluster: String, principalArn: String, maxResults: Int? = nil, nextToken: String? = nil
    ) async throws(EKSError) -> EKSReply<Page<AssociatedAccessPolicy>> {
        struct Output: Decodable {
            var associatedAccessPolicies: [AssociatedAccessPolicyWire]?
            var nextToken: String?
        }
        let path = Self.entryPath(cluster, principalArn) + "/access-policies"
        let reply = try await call("GET", path, query: Self.paging(maxResults, nextToken), as: Output.self)
        let items = (reply.value.associatedAccessPolicies ?? []).map(\.value)
        return EKSReply(value: Page(items: items, nextToken: reply.value.nextToken), body: reply.body)
    }

    /// ListAccessPolicies: one page of the access policies EKS offers.
    public func listAccessPolicies(maxResults: Int? = nil, nextToken: String? = nil) async throws(EKSError) -> EKSReply<Page<AccessPolicySummary>> {
        struct Output: Decodable {
            var accessPolicies: [AccessPolicySummary]?
            var nextToken: String?
        }
        let reply = try await call("GET", "/access-policies", query: Self.paging(maxResults, nextToken), as: Output.self)
        return EKSReply(value: Page(items: reply.value.accessPolicies ?? [], nextToken: reply.value.nextToken), body: reply.body)
    }

    // MARK: - Clusters

    /// DescribeCluster: `GET /clusters/{name}`, as AccessModel's ``Cluster`` (members EKS leaves
    /// out, such as `id` outside Outposts, are empty).
    public func describeCluster(name: String) async throws(EKSError) -> EKSReply<Cluster> {
        struct Output: Decodable { var cluster: ClusterWire }
        let reply = try await call("GET", "/clusters/\(EKSClient.label(name))", as: Output.self)
        return EKSReply(value: reply.value.cluster.value, body: reply.body)
    }

    /// UpdateClusterConfig with only `accessConfig.authenticationMode`: `POST /clusters/{name}/update-config`.
    public func updateAuthenticationMode(cluster: String, to mode: AuthenticationMode) async throws(EKSError) -> EKSReply<ClusterUpdate> {
        struct Body: Encodable {
            var accessConfig: AccessConfig
            var clientRequestToken: String
        }
        struct AccessConfig: Encodable { var authenticationMode: String }
        struct Output: Decodable { var update: ClusterUpdate }
        let body = Body(accessConfig: AccessConfig(authenticationMode: mode.rawValue), clientRequestToken: makeRequestToken())
        let reply = try await call("POST", "/clusters/\(EKSClient.label(cluster))/update-config", body: body, as: Output.self)
        return EKSReply(value: reply.value.update, body: reply.body)
    }

    // MARK: - Requests

    private static func entryPath(_ cluster: String, _ principalArn: String) -> String {
        "/clusters/\(EKSClient.label(cluster))/access-entries/\(EKSClient.label(principalArn))"
    }

    private static func paging(_ maxResults: Int?, _ nextToken: String?) -> [QueryItem] {
        var query: [QueryItem] = []
        if let maxResults { query.append(QueryItem("maxResults", String(maxResults))) }
        if let nextToken { query.append(QueryItem("nextToken", nextToken)) }
        return query
    }

    func call<Output: Decodable & Sendable>(
        _ method: String, _ path: String, query: [QueryItem] = [], body: (any Encodable)? = nil, as type: Output.Type
    ) async throws(EKSError) -> EKSReply<Output> {
        var bytes: [UInt8]?
        if let body {
            do {
                bytes = Array(try JSONEncoder().encode(body))
            } catch {
                throw EKSError(code: "SerializationFailed", message: "cannot encode the request body: \(error)", httpStatus: 0)
            }
        }
        let answer = try await eks.send(method: method, path: path, query: query, body: bytes, credentials: credentials)
        do {
            return EKSReply(value: try JSONDecoder().decode(type, from: Data(answer.isEmpty ? Array("{}".utf8) : answer)), body: answer)
        } catch {
            throw EKSError(
                code: "InvalidResponse",
                message: "the EKS API at \(eks.endpoint) answered \(method) \(path) with a body that is not the expected JSON: \(error)",
                httpStatus: 200)
        }
    }
}
