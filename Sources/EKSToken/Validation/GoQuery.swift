/// A query string parsed as Go's `url.ParseQuery` parses it, keys kept in the order they first appear
/// (Go keeps them in a map, whose order is random).
struct GoQuery: Equatable {
    /// The distinct keys, decoded, in the order of their first appearance.
    private(set) var keys: [[UInt8]] = []
    /// The values of each key, decoded, in order.
    private(set) var values: [[UInt8]: [[UInt8]]] = [:]

    /// Parses `raw`; `nil` when Go's `ParseQuery` returns an error: a piece holds `;`, or a key or
    /// value holds a `%` that does not start `%XX`. Pieces are split on `&`, empty ones skipped; a key
    /// without `=` has the empty value; `+` decodes to a space.
    static func parse(_ raw: [UInt8]) -> GoQuery? {
        var query = GoQuery()
        for piece in raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if piece.contains(UInt8(ascii: ";")) { return nil }
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let rawKey = Array(piece[..<(equals ?? piece.endIndex)])
            let rawValue = equals.map { Array(piece[($0 + 1)...]) } ?? []
            guard let key = try? GoURL.unescape(rawKey, .queryComponent),
                  let value = try? GoURL.unescape(rawValue, .queryComponent)
            else { return nil }
            if query.values[key] == nil { query.keys.append(key) }
            query.values[key, default: []].append(value)
        }
        return query
    }
}
