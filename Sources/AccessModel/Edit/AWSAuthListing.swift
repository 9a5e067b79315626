import Yams

/// One mapping as `eksauth aws-auth get` lists it: every entry as written, duplicates included.
public struct AWSAuthListing: Sendable, Hashable {
    /// The role or user ARN; empty for an account.
    public var arn: String
    /// `mapRoles`, `mapUsers` or `mapAccounts`.
    public var list: String
    /// The username.
    public var username: String
    /// The groups.
    public var groups: [String]
    /// The account, for a `mapAccounts` entry.
    public var account: String?

    /// The mappings of ConfigMap `data`, in the order written (roles, users, accounts); lists that
    /// cannot be read are skipped (``AWSAuthLinter`` reports them).
    public static func all(_ data: [String: String]) -> [AWSAuthListing] {
        var result: [AWSAuthListing] = []
        for (key, arnKey) in [("mapRoles", "rolearn"), ("mapUsers", "userarn")] {
            guard let list = try? AWSAuthListText(name: key, text: data[key] ?? "") else { continue }
            for entry in list.entries {
                let arn = entry.value(arnKey)?.string ?? entry.value("sso").map { "sso:" + ($0.mapping?.map { "\($0.key.string ?? "")=\($0.value.string ?? "")" }.joined(separator: ",") ?? "") } ?? ""
                result.append(AWSAuthListing(
                    arn: arn, list: key, username: entry.value("username")?.string ?? "",
                    groups: entry.value("groups")?.sequence?.compactMap(\.string) ?? [], account: nil))
            }
        }
        if let list = try? AWSAuthListText(name: "mapAccounts", text: data["mapAccounts"] ?? "") {
            for entry in list.entries {
                if let account = entry.node.string { result.append(AWSAuthListing(arn: "", list: "mapAccounts", username: "", groups: [], account: account)) }
            }
        }
        return result
    }
}
