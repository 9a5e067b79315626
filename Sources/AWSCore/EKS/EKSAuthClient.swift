public import Foundation
public import SigV4

/// A client of the Amazon EKS Auth API (`eks-auth`, rest-json, SigV4 signing name `eks-auth`),
/// whose one operation, AssumeRoleForPodIdentity, the EKS Pod Identity agent calls with the node's
/// credentials to exchange a pod's service-account token for role credentials.
public struct EKSAuthClient: Sendable {
    /// The underlying rest-json client, signing as `eks-auth`.
    public var client: EKSClient

    /// Creates a client for `client`'s HTTP client, endpoint and region, signing as `eks-auth`.
    public init(_ client: EKSClient) {
        var client = client
        client.signingName = "eks-auth"
        self.client = client
    }

    /// The EKS Auth endpoint for `region` (`https://eks-auth.REGION.api.aws`), unless `override`,
    /// `AWS_ENDPOINT_URL_EKS_AUTH` or `AWS_ENDPOINT_URL` names one, in that order.
    public static func endpoint(region: String, override: String?, environment: [String: String]) -> String {
        if let override, !override.isEmpty { return override }
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" {
            for url in [environment["AWS_ENDPOINT_URL_EKS_AUTH"], environment["AWS_ENDPOINT_URL"]] {
                if let url, !url.isEmpty { return url }
            }
        }
        let partition = Partition.forRegion(region)
        return partition.id == "aws-cn" ? "https://eks-auth.\(region).api.amazonwebservices.com.cn" : "https://eks-auth.\(region).api.aws"
    }

    /// AssumeRoleForPodIdentity: `POST /clusters/{clusterName}/assume-role-for-pod-identity`.
    ///
    /// - Throws: the service's error (`InvalidTokenException`, `ExpiredTokenException`,
    ///   `ResourceNotFoundException`, `AccessDeniedException`, …) with its status and request id.
    public func assumeRoleForPodIdentity(
        cluster: String, token: String, credentials: AWSCredentials, date: Date = Date()
    ) async throws(EKSError) -> PodIdentityCredentials {
        let body = (try? JSONSerialization.data(withJSONObject: ["token": token])).map { Array($0) } ?? []
        let answer = try await client.send(
            method: "POST", path: "/clusters/\(EKSClient.label(cluster))/assume-role-for-pod-identity", body: body, credentials: credentials,
            date: date)
        guard let decoded = try? JSONDecoder().decode(PodIdentityCredentials.Wire.self, from: Data(answer)) else {
            throw EKSError(
                code: "InvalidResponse", message: "EKS Auth at \(client.endpoint) answered AssumeRoleForPodIdentity with a body that is not its JSON shape",
                httpStatus: 502)
        }
        return PodIdentityCredentials(decoded)
    }
}

/// What AssumeRoleForPodIdentity returns: the role session's credentials and who they are for.
public struct PodIdentityCredentials: Sendable, Hashable {
    /// The temporary credentials (with session token and expiration).
    public var credentials: AWSCredentials
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var assumedRoleARN: String
    /// `AROA…:SESSION`.
    public var assumedRoleID: String
    /// The service account's namespace.
    public var namespace: String
    /// The service account.
    public var serviceAccount: String
    /// The association's ARN.
    public var associationARN: String

    /// The account of the assumed role (from its ARN).
    public var accountID: String? {
        let parts = assumedRoleARN.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 5 && !parts[4].isEmpty ? String(parts[4]) : nil
    }

    /// Creates the result from its parts.
    public init(
        credentials: AWSCredentials, assumedRoleARN: String, assumedRoleID: String, namespace: String, serviceAccount: String,
        associationARN: String
    ) {
        self.credentials = credentials
        self.assumedRoleARN = assumedRoleARN
        self.assumedRoleID = assumedRoleID
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.associationARN = associationARN
    }

    init(_ wire: Wire) {
        credentials = AWSCredentials(
            accessKeyID: wire.credentials.accessKeyId, secretAccessKey: wire.credentials.secretAccessKey,
            sessionToken: wire.credentials.sessionToken, expiration: Date(timeIntervalSince1970: wire.credentials.expiration))
        assumedRoleARN = wire.assumedRoleUser.arn
        assumedRoleID = wire.assumedRoleUser.assumeRoleId
        namespace = wire.subject.namespace
        serviceAccount = wire.subject.serviceAccount
        associationARN = wire.podIdentityAssociation.associationArn
    }

    struct Wire: Decodable {
        struct Subject: Decodable {
            var namespace: String
            var serviceAccount: String
        }

        struct Association: Decodable { var associationArn: String }

        struct AssumedRoleUser: Decodable {
            var arn: String
            var assumeRoleId: String
        }

        struct Credentials: Decodable {
            var sessionToken: String
            var secretAccessKey: String
            var accessKeyId: String
            var expiration: Double
        }

        var subject: Subject
        var podIdentityAssociation: Association
        var assumedRoleUser: AssumedRoleUser
        var credentials: Credentials
    }
}
