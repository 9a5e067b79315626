/// A policy string that may contain policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`,
/// `${www.example.com:sub}`, a variable with a default value `${aws:userid, 'anonymous'}`, and the
/// special variables `${*}`, `${?}` and `${$}` for a literal `*`, `?` and `$`.
///
/// Variables are only recognised in policies with `"Version": "2012-10-17"`; in `2008-10-17` policies
/// (and policies without a `Version`) the whole string is literal text. IAM substitutes once: a value
/// that itself looks like `${…}` is not expanded again.
struct PolicyTemplate: Sendable, Hashable {
    /// One piece of the template.
    enum Part: Sendable, Hashable {
        /// Text written in the policy; `*` and `?` in it are wildcards for the `…Like` operators.
        case text(String)
        /// A special variable, always literal text: `${*}`, `${?}` or `${$}`.
        case literal(String)
        /// A request-context key, with the default value used when the key has no single value.
        case variable(key: String, defaultValue: String?)
    }

    /// The pieces, in order.
    let parts: [Part]

    /// Whether the template contains a variable that needs the request context.
    var hasVariables: Bool {
        parts.contains { if case .variable = $0 { true } else { false } }
    }

    /// Splits `string` into text and variables; with `variablesEnabled == false` it is one text part.
    ///
    /// Anything that is not a well-formed variable (an unterminated `${`, an empty `${}`, a badly quoted
    /// default) stays literal text.
    init(_ string: String, variablesEnabled: Bool) {
        guard variablesEnabled, string.contains("${") else {
            self.parts = string.isEmpty ? [] : [.text(string)]
            return
        }
        var parts: [Part] = []
        var text = ""
        var rest = Substring(string)
        while let start = rest.firstRange(of: "${") {
            text += rest[rest.startIndex..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            if let (part, remainder) = Self.parseVariable(afterOpen) {
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(part)
                rest = remainder
            } else {
                text += "${"
                rest = afterOpen
            }
        }
        text += rest
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// Parses the inside of `${…}` (after the `${`), returning the part and the text after the closing `}`.
    private static func parseVariable(_ input: Substring) -> (Part, Substring)? {
        var index = input.startIndex
        var body = ""
        var defaultValue: String?
        while index < input.endIndex {
            let character = input[index]
            if character == "}" {
                break
            }
            if character == "'" {
                // A quoted default value: `'...'`, with `''` for a literal quote.
                guard let (value, end) = parseQuoted(input, from: index) else { return nil }
                guard defaultValue == nil else { return nil }
                defaultValue = value
                index = end
                continue
            }
            guard defaultValue == nil || character == " " else { return nil }
            body.append(character)
            index = input.index(after: index)
        }
        guard index < input.endIndex else { return nil }
        let remainder = input[input.index(after: index)...]
        let trimmed = body.trimmingSpaces()
        switch (trimmed, defaultValue) {
        case ("*", nil), ("?", nil), ("$", nil):
            return (.literal(trimmed), remainder)
        case (_, nil):
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else { return nil }
            return (.variable(key: trimmed, defaultValue: nil), remainder)
        case (_, .some(let value)):
            // `${key, 'default'}`: the key, a comma, then the quoted default.
            guard trimmed.hasSuffix(",") else { return nil }
            let key = String(trimmed.dropLast()).trimmingSpaces()
            guard !key.isEmpty, !key.contains(where: \.isWhitespace) else { return nil }
            return (.variable(key: key, defaultValue: value), remainder)
        }
    }

    /// Parses `'…'` starting at the opening quote; `''` inside stands for one `'`.
    private static func parseQuoted(_ input: Substring, from start: Substring.Index) -> (String, Substring.Index)? {
        var index = input.index(after: start)
        var value = ""
        while index < input.endIndex {
            let character = input[index]
            let next = input.index(after: index)
            if character == "'" {
                if next < input.endIndex, input[next] == "'" {
                    value.append("'")
                    index = input.index(after: next)
                    continue
                }
                return (value, next)
            }
            value.append(character)
            index = next
        }
        return nil
    }

    /// The template as a plain string with variables substituted from `context`; `nil` when a variable
    /// has no single value in the context and no default (IAM: "any attempt to match it fails").
    func resolvedString(in context: RequestContext) -> String? {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text), .literal(let text):
                result += text
            case .variable(let key, let defaultValue):
                guard let value = context.variableValue(forKey: key) ?? defaultValue else { return nil }
                result += value
            }
        }
        return result
    }

    /// The template as a wildcard pattern: `*` and `?` written in the policy are wildcards, characters
    /// from variables (and `${*}`, `${?}`, `${$}`) are literal. `nil` when a variable cannot be resolved.
    func resolvedPattern(in context: RequestContext) -> WildcardPattern? {
        var tokens: [WildcardPattern.Token] = []
        for part in parts {
            switch part {
            case .text(let text):
                tokens += WildcardPattern(text).tokens
            case .literal(let text):
                tokens += WildcardPattern.literal(text).tokens
            case .variable(let key, let defaultValue):
                guard let value = context.variableValue(forKey: key) ?? defaultValue else { return nil }
                tokens += WildcardPattern.literal(value).tokens
            }
        }
        return WildcardPattern(tokens: tokens)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var result = Substring(self).drop { $0 == " " || $0 == "\t" }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return String(result)
    }
}
