public import AccessModel
public import AWSCore
import SigV4

/// Finds the private DNS name of an EC2 instance for `{{EC2PrivateDNSName}}`: the instance is the
/// session name of a node role's session (`i-0123…`). In embedded mode the names come from a table
/// in the server configuration; in AWS mode from EC2 DescribeInstances, with the server's own AWS
/// credentials. Names are cached: an instance keeps its private DNS name for its lifetime.
public actor PrivateDNSNameResolver {
    /// Where names come from.
    public enum Source: Sendable {
        /// A configured table of instance id → private DNS name.
        case table([String: String])
        /// EC2 DescribeInstances, signed with the provider's credentials.
        case ec2(EC2Client, any CredentialProvider & Sendable)
    }

    let source: Source
    private var cache: [String: String] = [:]
    /// The most instances remembered.
    static let capacity = 10_000

    /// Creates a resolver.
    public init(source: Source) {
        self.source = source
    }

    /// The private DNS name of `instanceID`.
    ///
    /// - Throws: ``MappingError`` saying why the name is unknown.
    public func privateDNSName(of instanceID: String) async throws(MappingError) -> String {
        guard instanceID.hasPrefix("i-"), instanceID.count <= 32 else {
            throw MappingError("{{EC2PrivateDNSName}} needs an EC2 instance session, but the session name \(instanceID.prefix(64)) is not an instance id")
        }
        if let cached = cache[instanceID] { return cached }
        let name: String
        switch source {
        case .table(let table):
            guard let found = table[instanceID] else {
                throw MappingError("instance \(instanceID) is not in the server's ec2Instances table, so {{EC2PrivateDNSName}} cannot be rendered")
            }
            name = found
        case .ec2(let client, let credentials):
            let resolved: AWSCredentials
            do {
                resolved = try await credentials.credentials()
            } catch {
                throw MappingError("cannot look up instance \(instanceID) in EC2: the server has no AWS credentials (\(error))")
            }
            do {
                name = try await client.privateDNSName(instanceID: instanceID, credentials: resolved)
            } catch {
                throw MappingError("cannot look up instance \(instanceID) in EC2: \(error)")
            }
        }
        if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
        cache[instanceID] = name
        return name
    }
}
