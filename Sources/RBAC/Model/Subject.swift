/// Who a binding grants its role to: a user, a group or a service account
/// (`rbac.authorization.k8s.io/v1` `Subject`).
public struct Subject: Sendable, Hashable, Codable {
    /// The kind of a subject. Kinds other than `User`, `Group` and `ServiceAccount` decode but never
    /// match anyone, as in kube-apiserver.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// `User`: matches the user's name exactly.
        public static let user: Kind = "User"
        /// `Group`: matches one of the user's groups exactly.
        public static let group: Kind = "Group"
        /// `ServiceAccount`: matches the username `system:serviceaccount:NAMESPACE:NAME`.
        public static let serviceAccount: Kind = "ServiceAccount"

        /// The kind as written (`User`, `Group`, `ServiceAccount`).
        public var rawValue: String
        /// Wraps a kind name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Wraps a kind name.
        public init(stringLiteral value: String) { self.rawValue = value }
        public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        /// The kind name.
        public var description: String { rawValue }
    }

    /// The subject's kind.
    public var kind: Kind
    /// The user, group or service account name.
    public var name: String
    /// A service account's namespace; when empty in a RoleBinding it is the binding's namespace, and
    /// in a ClusterRoleBinding the subject matches no one.
    public var namespace: String
    /// `rbac.authorization.k8s.io` for users and groups, empty for service accounts.
    public var apiGroup: String

    /// Creates a subject.
    public init(kind: Kind, name: String, namespace: String = "", apiGroup: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.apiGroup = apiGroup ?? (kind == .serviceAccount ? "" : "rbac.authorization.k8s.io")
    }

    /// A `User` subject.
    public static func user(_ name: String) -> Subject { Subject(kind: .user, name: name) }
    /// A `Group` subject.
    public static func group(_ name: String) -> Subject { Subject(kind: .group, name: name) }
    /// A `ServiceAccount` subject (`namespace` empty: the RoleBinding's namespace).
    public static func serviceAccount(_ name: String, namespace: String = "") -> Subject {
        Subject(kind: .serviceAccount, name: name, namespace: namespace)
    }

    private enum CodingKeys: String, CodingKey { case kind, name, namespace, apiGroup }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace) ?? ""
        apiGroup = try container.decodeIfPresent(String.self, forKey: .apiGroup) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !apiGroup.isEmpty { try container.encode(apiGroup, forKey: .apiGroup) }
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        if !namespace.isEmpty { try container.encode(namespace, forKey: .namespace) }
    }
}
