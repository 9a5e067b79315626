public import Foundation

/// The request an IAM policy is evaluated against: who (``principal``), what (``action``), on what
/// (``resource``) and the condition keys of the request context.
///
/// Condition key names are case-insensitive, as in IAM (`aws:SourceIp` is `AWS:sourceip`); values are
/// case-sensitive unless the operator ignores case. A key may have several values (`aws:TagKeys`).
///
/// Besides the keys given, these are derived from the principal and the time unless given explicitly:
/// `aws:PrincipalArn` (the role, not the session, for an assumed role), `aws:PrincipalAccount`,
/// `aws:PrincipalType` (`Account`, `User`, `AssumedRole`, `FederatedUser`, `Anonymous`), `aws:username`
/// (IAM users only), `aws:userid`, `aws:FederatedProvider` (web identities), `aws:PrincipalServiceName`
/// (services), `aws:PrincipalTag/<key>` (the principal's tags), `aws:CurrentTime` and `aws:EpochTime`.
public struct RequestContext: Sendable {
    /// Who makes the request.
    public var principal: RequestPrincipal
    /// The action, `service:Action` (`sts:AssumeRoleWithWebIdentity`); matched case-insensitively.
    public var action: String
    /// The ARN of the resource acted on (for role assumption, the role ARN); `nil` when the action has
    /// no resource, in which case only `"Resource": "*"` matches.
    public var resource: String?
    /// The time of the request, the source of `aws:CurrentTime` and `aws:EpochTime`.
    public var date: Date

    /// Explicit keys, by lower-cased name: the name as given and the values.
    private var keys: [String: (name: String, values: [String])]

    /// Creates a request context.
    ///
    /// - Parameters:
    ///   - principal: the caller.
    ///   - action: `service:Action`.
    ///   - resource: the resource ARN, if the action has one.
    ///   - conditionKeys: request-context keys and their values, such as
    ///     `["sts:ExternalId": ["x"], "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": ["system:serviceaccount:ns:sa"]]`.
    ///     Names that differ only in case are one key (their values are joined).
    ///   - date: the time of the request.
    public init(
        principal: RequestPrincipal, action: String, resource: String? = nil, conditionKeys: [String: [String]] = [:],
        date: Date = Date()
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.date = date
        self.keys = [:]
        for (name, values) in conditionKeys.sorted(by: { $0.key < $1.key }) {
            self.keys[name.lowercased(), default: (name, [])].values += values
        }
    }

    /// The explicit condition keys, with their names as given.
    public var conditionKeys: [String: [String]] {
        Dictionary(uniqueKeysWithValues: keys.values.map { ($0.name, $0.values) })
    }

    /// Sets (or with `nil` removes) a condition key, replacing any key whose name differs only in case.
    public mutating func setConditionKey(_ name: String, to values: [String]?) {
        if let values {
            keys[name.lowercased()] = (name, values)
        } else {
            keys[name.lowercased()] = nil
        }
    }

    /// The values of a condition key (looked up case-insensitively), including the derived keys; `nil`
    /// when the key is not in the request context.
    public func values(forKey name: String) -> [String]? {
        let lowered = name.lowercased()
        if let explicit = keys[lowered] { return explicit.values }
        return derivedValue(forLowercasedKey: lowered).map { [$0] }
    }

    /// The value a policy variable `${name}` resolves to: the key's only value; `nil` when the key is
    /// absent or has several values (IAM does not substitute multivalued keys).
    func variableValue(forKey name: String) -> String? {
        guard let values = values(forKey: name), values.count == 1 else { return nil }
        return values[0]
    }

    private func derivedValue(forLowercasedKey key: String) -> String? {
        switch key {
        case "aws:principalarn": return principal.principalARN
        case "aws:principalaccount": return principal.accountID
        case "aws:principaltype": return principal.principalType
        case "aws:username": return principal.userName
        case "aws:userid": return principal.effectiveUserID
        case "aws:federatedprovider": return principal.kind == .webIdentity ? principal.provider : nil
        case "aws:principalservicename": return principal.serviceName
        case "aws:currenttime": return PolicyDate.iso8601(seconds: date.timeIntervalSince1970)
        case "aws:epochtime": return String(Int(date.timeIntervalSince1970.rounded(.down)))
        case _ where key.hasPrefix("aws:principaltag/"): return principal.tagValue(lowercasedKey: String(key.dropFirst("aws:principaltag/".count)))
        default: return nil
        }
    }
}
