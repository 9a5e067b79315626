import Foundation

extension PolicyCondition {
    /// Whether the condition holds for `context`, with AWS's documented semantics:
    ///
    /// - A key missing from the request makes a positive operator false and a negated (`…Not…`) operator
    ///   true; with `…IfExists` a missing key makes the condition true.
    /// - `Null`: `true` holds when the key is missing (or has no values), `false` when it is present.
    /// - The policy's values are alternatives: a request value matches when it matches any of them; a
    ///   negated operator holds when the request value matches none of them.
    /// - Without a set prefix, a key with several request values holds (positive) when any value matches,
    ///   and (negated) when none does.
    /// - `ForAnyValue:` holds when at least one request value satisfies the operator (negation applied per
    ///   value); it is false when the key is missing or its values are empty (`[]` or `[""]`), even with
    ///   `IfExists` (which then only applies per value, as AWS behaves).
    /// - `ForAllValues:` holds when every request value satisfies the operator; it is true when the key is
    ///   missing or its values are empty.
    /// - A policy variable that cannot be resolved never matches; in a negated operator it makes the
    ///   condition false (IAM: the statement becomes invalid rather than matching everything).
    func isSatisfied(by context: RequestContext, variablesEnabled: Bool) -> Bool {
        let requestValues = context.values(forKey: key)
        if `operator`.base == .null {
            let isNull = requestValues?.isEmpty ?? true
            return values.contains { value in
                switch value.lowercased() {
                case "true": isNull
                case "false": !isNull
                default: false
                }
            }
        }
        let negated = `operator`.base.isNegated
        let matcher = ValueMatcher(
            base: `operator`.base.positive, policyValues: values, context: context,
            variablesEnabled: variablesEnabled && `operator`.base.supportsPolicyVariables)
        func satisfies(_ value: String) -> Bool {
            negated ? !matcher.matches(value) : matcher.matches(value)
        }
        switch `operator`.qualifier {
        case nil:
            guard let requestValues, !requestValues.isEmpty else { return `operator`.ifExists || negated }
            if negated && matcher.hasUnresolvedVariable { return false }
            let anyMatch = requestValues.contains { matcher.matches($0) }
            return negated ? !anyMatch : anyMatch
        case .forAnyValue:
            guard let requestValues, !Self.isEmptySet(requestValues) else { return false }
            if negated && matcher.hasUnresolvedVariable { return false }
            return requestValues.contains(where: satisfies)
        case .forAllValues:
            guard let requestValues, !Self.isEmptySet(requestValues) else { return true }
            if negated && matcher.hasUnresolvedVariable { return false }
            return requestValues.allSatisfy(satisfies)
        }
    }

    /// An empty data set for the set operators: no values, or a single empty string.
    private static func isEmptySet(_ values: [String]) -> Bool {
        values.isEmpty || values == [""]
    }
}

/// The policy side of a positive operator, prepared once per evaluation: variables substituted and values
/// parsed for the operator's type. Values that do not parse (a non-numeric value for `NumericEquals`)
/// never match.
private struct ValueMatcher {
    let base: ConditionOperator.Base
    private(set) var hasUnresolvedVariable = false
    private var strings: [String] = []
    private var patterns: [WildcardPattern] = []
    private var numbers: [Double] = []
    private var binaries: [Data] = []
    private var ranges: [IPAddressRange] = []

    init(base: ConditionOperator.Base, policyValues: [String], context: RequestContext, variablesEnabled: Bool) {
        self.base = base
        for value in policyValues {
            let template = PolicyTemplate(value, variablesEnabled: variablesEnabled)
            switch base {
            case .stringEquals, .bool:
                guard let resolved = template.resolvedString(in: context) else {
                    hasUnresolvedVariable = true
                    continue
                }
                strings.append(base == .bool ? resolved.lowercased() : resolved)
            case .stringEqualsIgnoreCase:
                guard let resolved = template.resolvedString(in: context) else {
                    hasUnresolvedVariable = true
                    continue
                }
                strings.append(resolved.lowercased())
            case .stringLike, .arnEquals, .arnLike:
                guard let pattern = template.resolvedPattern(in: context) else {
                    hasUnresolvedVariable = true
                    continue
                }
                patterns.append(pattern)
            case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
                if let number = Self.decimal(value) { numbers.append(number) }
            case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                if let seconds = PolicyDate.seconds(from: value) { numbers.append(seconds) }
            case .binaryEquals:
                if let data = Data(base64Encoded: value) { binaries.append(data) }
            case .ipAddress:
                if let range = IPAddressRange(value) { ranges.append(range) }
            default:
                // Negated operators and Null are handled by the caller.
                break
            }
        }
    }

    /// Whether the request value matches any of the policy's values.
    func matches(_ value: String) -> Bool {
        switch base {
        case .stringEquals:
            return strings.contains(value)
        case .stringEqualsIgnoreCase, .bool:
            return strings.contains(value.lowercased())
        case .stringLike:
            return patterns.contains { $0.matches(value) }
        case .arnEquals, .arnLike:
            return patterns.contains { $0.matchesARN(value) }
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard let number = Self.decimal(value) else { return false }
            return numbers.contains { compare(number, $0) }
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let seconds = PolicyDate.seconds(from: value) else { return false }
            return numbers.contains { compare(seconds, $0) }
        case .binaryEquals:
            guard let data = Data(base64Encoded: value) else { return false }
            return binaries.contains(data)
        case .ipAddress:
            return ranges.contains { $0.contains(value) }
        default:
            return false
        }
    }

    /// `request <op> policy` for the numeric and date operators.
    private func compare(_ request: Double, _ policy: Double) -> Bool {
        switch base {
        case .numericEquals, .dateEquals: request == policy
        case .numericLessThan, .dateLessThan: request < policy
        case .numericLessThanEquals, .dateLessThanEquals: request <= policy
        case .numericGreaterThan, .dateGreaterThan: request > policy
        case .numericGreaterThanEquals, .dateGreaterThanEquals: request >= policy
        default: false
        }
    }

    /// A decimal number (`10`, `-1.5`, `2e3`); not hex, `inf` or `nan`, which `Double.init` would accept.
    static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty,
            text.utf8.allSatisfy({ byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            })
        else { return nil }
        return Double(text)
    }
}
