/// A Kubernetes label selector (`matchLabels` and `matchExpressions`), as ClusterRole aggregation
/// rules use them. All requirements must hold; a selector with none selects everything (as
/// `metav1.LabelSelectorAsSelector` makes of `{}`).
public struct LabelSelector: Sendable, Hashable, Codable {
    /// One `matchExpressions` requirement.
    public struct Requirement: Sendable, Hashable, Codable {
        /// The operators Kubernetes label selectors accept.
        public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
            /// The label is present and its value is one of `values`.
            case `in` = "In"
            /// The label is absent, or its value is none of `values`.
            case notIn = "NotIn"
            /// The label is present.
            case exists = "Exists"
            /// The label is absent.
            case doesNotExist = "DoesNotExist"
        }

        /// The label key.
        public var key: String
        /// The operator.
        public var `operator`: Operator
        /// The values of `In` and `NotIn` (must be empty for `Exists` and `DoesNotExist`).
        public var values: [String]

        /// Creates a requirement.
        public init(key: String, operator: Operator, values: [String] = []) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }

        private enum CodingKeys: String, CodingKey { case key, `operator`, values }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            let text = try container.decode(String.self, forKey: .operator)
            guard let op = Operator(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .operator, in: container,
                    debugDescription: "\"\(text)\" is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)")
            }
            self.operator = op
            values = try container.decodeIfPresent([String].self, forKey: .values) ?? []
        }

        /// Why the requirement is invalid (as `LabelSelectorAsSelector` rejects it), or `nil`.
        public var problem: String? {
            switch self.operator {
            case .in, .notIn:
                return values.isEmpty ? "for 'in', 'notin' operators, values set can't be empty" : nil
            case .exists, .doesNotExist:
                return values.isEmpty ? nil : "values set must be empty for exists and does not exist"
            }
        }

        /// Whether `labels` satisfy the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch self.operator {
            case .in: return value.map { values.contains($0) } ?? false
            case .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }
    }

    /// Labels that must all be present with these values.
    public var matchLabels: [String: String]
    /// Further requirements.
    public var matchExpressions: [Requirement]

    /// Creates a selector.
    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    private enum CodingKeys: String, CodingKey { case matchLabels, matchExpressions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        matchLabels = try container.decodeIfPresent([String: String].self, forKey: .matchLabels) ?? [:]
        matchExpressions = try container.decodeIfPresent([Requirement].self, forKey: .matchExpressions) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !matchLabels.isEmpty { try container.encode(matchLabels, forKey: .matchLabels) }
        if !matchExpressions.isEmpty { try container.encode(matchExpressions, forKey: .matchExpressions) }
    }

    /// Why the selector is invalid, or `nil`; an invalid selector selects nothing (the aggregation
    /// controller stops on it and leaves the role's rules as they are).
    public var problem: String? { matchExpressions.lazy.compactMap(\.problem).first }

    /// Whether `labels` satisfy every label and requirement (`false` for an invalid selector).
    public func matches(_ labels: [String: String]) -> Bool {
        guard problem == nil else { return false }
        for (key, value) in matchLabels where labels[key] != value { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
    }
}
