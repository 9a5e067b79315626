import AccessModel
import ArgumentParser
import Foundation

extension APIOutputFormat {
    /// Prints an answer: its JSON `body` as the AWS CLI would (nothing for `{}`), or `table` for people.
    func print(body: [UInt8], table: () -> String) throws {
        switch self {
        case .table: printOutput(table())
        case .json, .yaml: try print(try JSONDocument(parsing: body))
        }
    }

    /// Prints the pages of a list answer as one, as the AWS CLI does when it fetches every page:
    /// the items under `listKey` concatenated and no `nextToken`. A single page asked for with
    /// `--next-token` or `--max-results` keeps its `nextToken`.
    func print(pages: [[UInt8]], listKey: String, allPages: Bool, table: () -> String) throws {
        guard self != .table else { return printOutput(table()) }
        var merged = try JSONDocument(parsing: pages.first ?? [])
        if allPages {
            var items: [JSONDocument] = []
            for page in pages {
                if case .array(let pageItems)? = try JSONDocument(parsing: page)[listKey] { items += pageItems }
            }
            merged = merged.setting(listKey, .array(items)).setting("nextToken", nil)
        }
        try print(merged)
    }

    private func print(_ document: JSONDocument) throws {
        guard !document.isEmptyObject else { return }
        switch self {
        case .json: printOutput(document.awsCLIJSON + "\n")
        case .yaml: printOutput(try document.yaml())
        case .table: break
        }
    }
}

/// The paging flags of list commands: every page by default (as the AWS CLI fetches them), or only
/// the one `--next-token` / `--max-results` asks for.
struct PagingOptions: ParsableArguments {
    @Option(name: .customLong("max-results"), help: "Fetch one page of at most this many (1-100) and print its nextToken.")
    var maxResults: Int?

    @Option(name: .customLong("next-token"), help: "Fetch the one page that starts at this token (a previous page's nextToken).")
    var nextToken: String?

    @Option(name: .customLong("page-size"), help: "When fetching every page, ask for pages of this many (1-100).")
    var pageSize: Int?

    /// Whether every page is fetched.
    var allPages: Bool { maxResults == nil && nextToken == nil }

    /// The items and bodies of the pages `fetch(maxResults, nextToken)` returns.
    func collect<Item: Sendable & Hashable>(
        _ fetch: (Int?, String?) async throws -> EKSReply<Page<Item>>
    ) async throws -> (items: [Item], bodies: [[UInt8]]) {
        guard allPages else {
            let reply = try await fetch(maxResults, nextToken)
            return (reply.value.items, [reply.body])
        }
        var items: [Item] = []
        var bodies: [[UInt8]] = []
        var token: String?
        repeat {
            let reply = try await fetch(pageSize, token)
            items += reply.value.items
            bodies.append(reply.body)
            token = reply.value.nextToken
        } while token != nil && !(token?.isEmpty ?? true)
        return (items, bodies)
    }
}
