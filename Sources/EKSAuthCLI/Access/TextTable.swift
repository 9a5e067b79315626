import Foundation

/// Rows under a header, in columns two spaces apart, as kubectl prints them.
struct TextTable {
    /// The column titles.
    var headers: [String]
    /// The cells, one array per row.
    var rows: [[String]] = []

    /// The table; the last column is not padded.
    var rendered: String {
        let lines = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for line in lines {
            for (column, cell) in line.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        return lines.map { line in
            line.enumerated().map { column, cell in
                column == line.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `instant` as `2024-01-02T03:04:05Z`.
    static func time(_ instant: Date) -> String {
        instant.formatted(.iso8601)
    }

    /// The items of a list cell, `-` when there are none.
    static func list(_ items: [String]) -> String {
        items.isEmpty ? "-" : items.joined(separator: ",")
    }
}
