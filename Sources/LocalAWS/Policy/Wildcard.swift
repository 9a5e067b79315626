/// A pattern with IAM's wildcards: `*` matches any run of characters (including none), `?` exactly one.
///
/// IAM uses these for `Action`/`NotAction`, `Resource`/`NotResource` and the `StringLike` and `ArnLike`
/// condition operators. Characters that came from a policy variable (including `${*}`, `${?}` and `${$}`)
/// are literal, so a pattern is a list of tokens rather than a string.
struct WildcardPattern: Sendable, Hashable, CustomStringConvertible {
    /// One element of a pattern.
    enum Token: Sendable, Hashable {
        /// A character that must be present as is.
        case literal(Character)
        /// `*`: any run of characters, possibly empty.
        case anyRun
        /// `?`: exactly one character.
        case anyOne
    }

    /// The tokens, in order.
    var tokens: [Token]

    /// A pattern from its tokens.
    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// A pattern in which `*` and `?` are wildcards and every other character is literal.
    init(_ string: String) {
        self.tokens = string.map { character in
            switch character {
            case "*": .anyRun
            case "?": .anyOne
            default: .literal(character)
            }
        }
    }

    /// A pattern that matches exactly `string`: wildcard characters in it are literal.
    static func literal(_ string: String) -> WildcardPattern {
        WildcardPattern(tokens: string.map { .literal($0) })
    }

    /// The pattern as text, with literal `*`, `?` and `$` written as `${*}`, `${?}` and `${$}`.
    var description: String {
        tokens.map { token in
            switch token {
            case .anyRun: "*"
            case .anyOne: "?"
            case .literal("*"): "${*}"
            case .literal("?"): "${?}"
            case .literal("$"): "${$}"
            case .literal(let character): String(character)
            }
        }.joined()
    }

    /// Whether the pattern is the single token `*`, which matches everything.
    var isMatchAll: Bool { tokens == [.anyRun] }

    /// The same pattern with every literal character lower-cased, for case-insensitive matching.
    func lowercased() -> WildcardPattern {
        WildcardPattern(
            tokens: tokens.flatMap { token -> [Token] in
                guard case .literal(let character) = token else { return [token] }
                return character.lowercased().map { .literal($0) }
            })
    }

    /// Whether `value` matches the whole pattern.
    ///
    /// - Parameter ignoringCase: compare letters without regard to case (IAM does this for actions and
    ///   for `StringEqualsIgnoreCase`).
    func matches(_ value: String, ignoringCase: Bool = false) -> Bool {
        if ignoringCase {
            return lowercased().matches(Array(value.lowercased()))
        }
        return matches(Array(value))
    }

    /// Glob matching with a single backtracking point for the most recent `*`: linear in practice,
    /// quadratic at worst, never exponential.
    private func matches(_ value: [Character]) -> Bool {
        var patternIndex = 0
        var valueIndex = 0
        var starPatternIndex: Int?
        var starValueIndex = 0
        while valueIndex < value.count {
            if patternIndex < tokens.count {
                switch tokens[patternIndex] {
                case .literal(let character) where character == value[valueIndex]:
                    patternIndex += 1
                    valueIndex += 1
                    continue
                case .anyOne:
                    patternIndex += 1
                    valueIndex += 1
                    continue
                case .anyRun:
                    starPatternIndex = patternIndex
                    starValueIndex = valueIndex
                    patternIndex += 1
                    continue
                case .literal:
                    break
                }
            }
            guard let star = starPatternIndex else { return false }
            patternIndex = star + 1
            starValueIndex += 1
            valueIndex = starValueIndex
        }
        while patternIndex < tokens.count, tokens[patternIndex] == .anyRun {
            patternIndex += 1
        }
        return patternIndex == tokens.count
    }

    /// The pattern split at its first five literal `:` into the six components of an ARN
    /// (`arn`, partition, service, region, account, resource); `nil` when it has fewer than five.
    ///
    /// A wildcard never spans a `:` between components, but the resource keeps any further `:`.
    func arnComponents() -> [WildcardPattern]? {
        var components: [WildcardPattern] = []
        var current: [Token] = []
        for token in tokens {
            if token == .literal(":"), components.count < 5 {
                components.append(WildcardPattern(tokens: current))
                current = []
            } else {
                current.append(token)
            }
        }
        guard components.count == 5 else { return nil }
        components.append(WildcardPattern(tokens: current))
        return components
    }

    /// Matches an ARN component by component, as `ArnLike` and the `Resource` element do: each of the six
    /// colon-separated components must match separately, so `*` in the region never swallows the account.
    ///
    /// A pattern that is not ARN-shaped (such as `*`) is matched against the whole value.
    func matchesARN(_ value: String) -> Bool {
        guard let patternParts = arnComponents() else { return matches(value) }
        let valueParts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard valueParts.count == 6 else { return false }
        return zip(patternParts, valueParts).allSatisfy { pattern, part in pattern.matches(String(part)) }
    }
}
