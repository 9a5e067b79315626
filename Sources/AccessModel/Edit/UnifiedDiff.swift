/// A unified diff of two texts by lines (`diff -u` format, 3 lines of context), for `--dry-run`.
public enum UnifiedDiff {
    /// The diff of `old` and `new` under `--- a/NAME` / `+++ b/NAME` headers; empty when they are equal.
    public static func diff(_ old: String, _ new: String, name: String = "aws-auth", context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = lines(old), b = lines(new)
        // Edits touch a few lines: the common head and tail are kept out of the quadratic table.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let endA = a.count - suffix, endB = b.count - suffix
        let rows = endA - prefix, columns = endB - prefix
        // Longest common subsequence table of the middles, from the end.
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                table[i][j] = a[prefix + i] == b[prefix + j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var ops: [Op] = (0..<prefix).map { .same($0, $0) }
        var i = 0, j = 0
        while i < rows || j < columns {
            if i < rows, j < columns, a[prefix + i] == b[prefix + j] {
                ops.append(.same(prefix + i, prefix + j))
                i += 1
                j += 1
            } else if i < rows, j == columns || table[i + 1][j] >= table[i][j + 1] {
                ops.append(.delete(prefix + i))
                i += 1
            } else {
                ops.append(.insert(prefix + j))
                j += 1
            }
        }
        ops += (0..<suffix).map { .same(endA + $0, endB + $0) }
        // Group changes into hunks with `context` lines around them.
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(ops.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        var text = "--- a/\(name)\n+++ b/\(name)\n"
        for hunk in hunks {
            var oldStart: Int?, newStart: Int?
            var oldCount = 0, newCount = 0
            var body = ""
            for op in ops[hunk] {
                switch op {
                case .same(let x, let y):
                    oldStart = oldStart ?? x; newStart = newStart ?? y
                    oldCount += 1; newCount += 1
                    body += " " + a[x] + "\n"
                case .delete(let x):
                    oldStart = oldStart ?? x
                    oldCount += 1
                    body += "-" + a[x] + "\n"
                case .insert(let y):
                    newStart = newStart ?? y
                    newCount += 1
                    body += "+" + b[y] + "\n"
                }
            }
            // An empty side starts at the line before (diff -u's convention); `start` is 0-based until here.
            let oldFirst = oldCount == 0 ? position(before: hunk, in: ops, old: true) : (oldStart ?? 0) + 1
            let newFirst = newCount == 0 ? position(before: hunk, in: ops, old: false) : (newStart ?? 0) + 1
            text += "@@ -\(range(oldFirst, oldCount)) +\(range(newFirst, newCount)) @@\n" + body
        }
        return text
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    /// One step of the edit script: a common line, a line of the old text only, or of the new only.
    private enum Op {
        case same(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// The number of lines of one side before the hunk.
    private static func position(before hunk: ClosedRange<Int>, in ops: [Op], old: Bool) -> Int {
        ops[..<hunk.lowerBound].filter { op in
            switch op {
            case .same: true
            case .delete: old
            case .insert: !old
            }
        }.count
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }
}
