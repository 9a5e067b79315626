import Foundation

/// One page of a list operation: its items and the `nextToken` for the rest (`nil` on the last page).
public struct Page<Item: Sendable & Hashable>: Sendable, Hashable {
    /// The items of this page.
    public var items: [Item]
    /// Where the next page starts; `nil` when this is the last.
    public var nextToken: String?

    /// The largest `maxResults` EKS accepts, and the page size when none is asked for.
    public static var maximumResults: Int { 100 }

    /// The page of `all` (sorted by `key`) after `nextToken`, holding at most `maxResults` items.
    ///
    /// - Throws: `InvalidParameterException` for `maxResults` outside 1…100 or a token this server
    ///   did not issue.
    static func of(
        _ all: [Item], key: (Item) -> String, maxResults: Int?, nextToken: String?, cluster: String? = nil
    ) throws(EKSAPIError) -> Page {
        let limit = maxResults ?? maximumResults
        guard (1...maximumResults).contains(limit) else {
            throw .invalidParameter("maxResults must be between 1 and \(maximumResults); \(limit) was given.", cluster: cluster)
        }
        var remaining = all[...]
        if let nextToken, !nextToken.isEmpty {
            guard let data = Data(base64Encoded: nextToken), let after = String(data: data, encoding: .utf8) else {
                throw .invalidParameter("The nextToken is invalid: pass the nextToken of the previous page unchanged.", cluster: cluster)
            }
            remaining = remaining.drop { key($0) <= after }
        }
        let items = Array(remaining.prefix(limit))
        let more = remaining.count > limit
        return Page(items: items, nextToken: more ? items.last.map { Data(key($0).utf8).base64EncodedString() } : nil)
    }
}
