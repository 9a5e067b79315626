/// Where an associated access policy applies: the whole cluster, or the listed namespaces (a
/// trailing `*` matches any namespace starting with what precedes it).
public struct AccessScope: Sendable, Hashable, Codable {
    /// `cluster` or `namespace`.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every namespace, cluster-scoped resources and non-resource URLs.
        case cluster
        /// Only objects in the listed namespaces.
        case namespace
    }

    /// The kind of scope.
    public var type: Kind
    /// The namespaces of a `namespace` scope; empty for `cluster`.
    public var namespaces: [String]

    /// Creates a scope.
    public init(type: Kind, namespaces: [String] = []) {
        self.type = type
        self.namespaces = namespaces
    }

    /// Whether the scope covers `namespace` (`nil`: a cluster-scoped resource or URL).
    public func covers(namespace: String?) -> Bool {
        switch type {
        case .cluster: return true
        case .namespace:
            guard let namespace else { return false }
            return namespaces.contains { pattern in
                pattern.hasSuffix("*") ? namespace.hasPrefix(pattern.dropLast()) : pattern == namespace
            }
        }
    }
}
