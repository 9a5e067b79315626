extension PolicyRule {
    /// `*`, which matches every verb, API group, resource (and subresource) or non-resource URL.
    public static let all = "*"

    /// Whether the rule allows `verb` on `target`: upstream's `RuleAllows`.
    ///
    /// Resource requests: the verb, the API group, the resource (`*`; exactly `resource/subresource`;
    /// or `*/subresource` — there is no `pods/*` form) and the name (an empty `resourceNames` allows every
    /// name; otherwise a request without a name is not allowed) must all match. Non-resource requests:
    /// the verb and the path (`*`; exactly; or a rule ending in `*` matches paths starting with what
    /// precedes the trailing `*`s). Strings compare byte for byte, as Go does.
    public func allows(verb: String, target: AuthorizationRequest.Target) -> Bool {
        mismatch(verb: verb, target: target) == nil
    }

    /// Whether the rule allows `request` (its user plays no part).
    public func allows(_ request: AuthorizationRequest) -> Bool { allows(verb: request.verb, target: request.target) }

    /// The first matcher that fails, in upstream's order (verb, API group, resource, name; or verb,
    /// path), or `nil` when the rule allows the request. For explanations of near misses.
    public func mismatch(verb: String, target: AuthorizationRequest.Target) -> RuleMismatch? {
        guard Self.verbMatches(verbs, verb) else { return .verb }
        switch target {
        case .resource(let attributes):
            guard apiGroups.contains(where: { $0 == Self.all || Self.same($0, attributes.apiGroup) }) else { return .apiGroup }
            guard Self.resourceMatches(resources, combined: attributes.combinedResource, subresource: attributes.subresource) else {
                return .resource
            }
            guard resourceNames.isEmpty || resourceNames.contains(where: { Self.same($0, attributes.name) }) else { return .resourceName }
            return nil
        case .nonResource(let path):
            return Self.nonResourceURLMatches(nonResourceURLs, path) ? nil : .nonResourceURL
        }
    }

    static func verbMatches(_ verbs: [String], _ verb: String) -> Bool {
        verbs.contains { $0 == all || same($0, verb) }
    }

    static func resourceMatches(_ resources: [String], combined: String, subresource: String) -> Bool {
        for ruleResource in resources {
            if ruleResource == all { return true }
            if same(ruleResource, combined) { return true }
            if subresource.isEmpty { continue }
            let bytes = ruleResource.utf8
            if bytes.count == subresource.utf8.count + 2, bytes.starts(with: "*/".utf8), bytes.dropFirst(2).elementsEqual(subresource.utf8) {
                return true
            }
        }
        return false
    }

    static func nonResourceURLMatches(_ urls: [String], _ path: String) -> Bool {
        for ruleURL in urls {
            if ruleURL == all { return true }
            if same(ruleURL, path) { return true }
            let bytes = Array(ruleURL.utf8)
            if bytes.last == UInt8(ascii: "*") {
                var end = bytes.count
                while end > 0, bytes[end - 1] == UInt8(ascii: "*") { end -= 1 }
                if path.utf8.starts(with: bytes[..<end]) { return true }
            }
        }
        return false
    }

    /// Byte equality (Swift's `==` on strings is Unicode canonical equivalence; Go's is bytes).
    @inline(__always)
    static func same(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.elementsEqual(rhs.utf8) }
}

/// Which part of a rule failed to match a request.
public enum RuleMismatch: String, Sendable, Hashable, CaseIterable {
    /// No verb of the rule is the request's verb or `*`.
    case verb
    /// No API group of the rule is the request's group or `*`.
    case apiGroup
    /// No resource of the rule covers `resource[/subresource]`.
    case resource
    /// The rule lists resourceNames and the request's name (possibly empty) is not one of them.
    case resourceName
    /// No non-resource URL of the rule covers the path.
    case nonResourceURL
}
