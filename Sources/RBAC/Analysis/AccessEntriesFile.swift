public import AccessModel
import Foundation

/// Access entries with their associated policies, read from JSON the AWS CLI (or `eksauth`) prints,
/// for offline analysis. Accepted shapes, in any mix:
///
/// - an array, or an object `{"accessEntries": [...]}` (the shape `list-access-entries` prints);
/// - each item one of:
///   - `aws eks describe-access-entry` output, `{"accessEntry": {...}}`, or the inner object alone
///     (`principalArn`, `username`, `kubernetesGroups`, `type`, `accessEntryArn`), optionally with an
///     `associatedAccessPolicies` array beside it;
///   - `aws eks list-associated-access-policies` output (`principalArn` and `associatedAccessPolicies`
///     without `username`/`accessEntryArn`): its policies join the entry of that principal;
///   - a bare principal ARN string (what `list-access-entries` lists): an entry with EKS's default
///     username, no groups and no policies.
///
/// Each association is `{"policyArn": "...", "accessScope": {"type": "cluster" | "namespace",
/// "namespaces": [...]}}`; `associatedAt`/`modifiedAt` and other fields are ignored.
public enum AccessEntriesFile {
    /// Reads `data` for cluster `cluster` (used when an entry does not name its cluster).
    ///
    /// - Throws: ``AccessEntriesFileError`` naming the item that has the wrong shape.
    public static func parse(_ data: [UInt8], cluster: String) throws(AccessEntriesFileError) -> [AccessEntry] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(data), options: [.fragmentsAllowed])
        } catch {
            throw AccessEntriesFileError("not JSON: \(error.localizedDescription)")
        }
        let items: [Any]
        if let array = root as? [Any] {
            items = array
        } else if let object = root as? [String: Any], let array = object["accessEntries"] as? [Any] {
            items = array
        } else if let object = root as? [String: Any] {
            items = [object]
        } else {
            throw AccessEntriesFileError("expected an array of access entries or an object with \"accessEntries\"")
        }
        var entries: [AccessEntry] = []
        var pendingPolicies: [(principal: String, policies: [AssociatedAccessPolicy])] = []
        for (index, item) in items.enumerated() {
            let location = "item \(index + 1)"
            if let arn = item as? String {
                entries.append(try makeEntry(principalArn: arn, fields: [:], cluster: cluster, location: location))
                continue
            }
            guard var fields = item as? [String: Any] else { throw AccessEntriesFileError("\(location): expected an object or a principal ARN") }
            let policies = try associations(fields["associatedAccessPolicies"], location: location)
            if let inner = fields["accessEntry"] as? [String: Any] { fields = inner.merging(fields) { first, _ in first } }
            guard let principal = fields["principalArn"] as? String, !principal.isEmpty else {
                throw AccessEntriesFileError("\(location): no principalArn")
            }
            if fields["username"] == nil, fields["accessEntryArn"] == nil, fields["kubernetesGroups"] == nil, fields["associatedAccessPolicies"] != nil {
                pendingPolicies.append((principal, policies))
                continue
            }
            var entry = try makeEntry(principalArn: principal, fields: fields, cluster: cluster, location: location)
            entry.accessPolicies = policies
            entries.append(entry)
        }
        for (principal, policies) in pendingPolicies {
            if let index = entries.firstIndex(where: { $0.principalArn.lowercased() == principal.lowercased() }) {
                entries[index].accessPolicies += policies
            } else {
                var entry = try makeEntry(principalArn: principal, fields: [:], cluster: cluster, location: "policies of \(principal)")
                entry.accessPolicies = policies
                entries.append(entry)
            }
        }
        return entries
    }

    private static func makeEntry(principalArn: String, fields: [String: Any], cluster: String, location: String) throws(AccessEntriesFileError)
        -> AccessEntry
    {
        let principal: AccessPrincipal
        do {
            principal = try AccessPrincipal(arn: principalArn)
        } catch {
            throw AccessEntriesFileError("\(location): principalArn \(GoQuote.quote(principalArn)) is not an IAM user or role ARN")
        }
        let typeName = (fields["type"] as? String)?.uppercased() ?? "STANDARD"
        guard let type = AccessEntryType(rawValue: typeName) else {
            throw AccessEntriesFileError("\(location): unknown access entry type \(GoQuote.quote(typeName))")
        }
        let clusterName = (fields["clusterName"] as? String) ?? cluster
        let username = (fields["username"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? type.defaultUsername(for: principal)
        let groups = (fields["kubernetesGroups"] as? [Any])?.compactMap { $0 as? String } ?? []
        let entryArn =
            (fields["accessEntryArn"] as? String)
            ?? "arn:\(principal.partition):eks:-:\(principal.accountID):access-entry/\(clusterName)/\(principal.kind.rawValue)/\(principal.accountID)/\(principal.name)/-"
        return AccessEntry(
            clusterName: clusterName, principalArn: principalArn, principalID: nil, type: type, username: username, kubernetesGroups: groups,
            accessEntryArn: entryArn, createdAt: EpochTime(Date(timeIntervalSince1970: 0)), tags: [:])
    }

    private static func associations(_ value: Any?, location: String) throws(AccessEntriesFileError) -> [AssociatedAccessPolicy] {
        guard let value else { return [] }
        guard let array = value as? [Any] else { throw AccessEntriesFileError("\(location): associatedAccessPolicies is not a list") }
        var result: [AssociatedAccessPolicy] = []
        let zero = EpochTime(Date(timeIntervalSince1970: 0))
        for (index, item) in array.enumerated() {
            let here = "\(location), associatedAccessPolicies[\(index)]"
            guard let object = item as? [String: Any], let policyArn = object["policyArn"] as? String else {
                throw AccessEntriesFileError("\(here): expected an object with policyArn")
            }
            let scopeObject = object["accessScope"] as? [String: Any] ?? [:]
            let typeName = (scopeObject["type"] as? String) ?? "cluster"
            guard let kind = AccessScope.Kind(rawValue: typeName) else {
                throw AccessEntriesFileError("\(here): accessScope type \(GoQuote.quote(typeName)) is not cluster or namespace")
            }
            let namespaces = (scopeObject["namespaces"] as? [Any])?.compactMap { $0 as? String } ?? []
            result.append(
                AssociatedAccessPolicy(
                    policyArn: policyArn, accessScope: AccessScope(type: kind, namespaces: namespaces), associatedAt: zero, modifiedAt: zero))
        }
        return result
    }
}

/// An access-entries file with the wrong shape.
public struct AccessEntriesFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and where.
    public var message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
