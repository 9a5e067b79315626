import AWSCore

/// Turns parsed JSON into a ``PolicyDocument``, checking the IAM policy grammar element by element.
///
/// Messages use IAM's wording where it is well known and name the element's path
/// (`Statement[1].Condition.StringEquals`) so the user can find the mistake.
enum PolicyParser {
    static func document(_ json: PolicyJSON) throws(PolicyError) -> PolicyDocument {
        guard case .object(let members) = json else {
            throw .malformed("Syntax errors in policy. The policy must be a JSON object, not \(json.typeName).")
        }
        var version: PolicyDocument.Version?
        var id: String?
        var statements: [PolicyStatement]?
        for (key, value) in members {
            switch key {
            case "Version":
                guard case .string(let text) = value, let parsed = PolicyDocument.Version(rawValue: text) else {
                    throw .malformed("Invalid Version \(render(value)): use \"2012-10-17\" (or the older \"2008-10-17\").")
                }
                version = parsed
            case "Id":
                guard case .string(let text) = value else { throw .malformed("Id must be a string, not \(value.typeName).") }
                id = text
            case "Statement":
                statements = try statementList(value)
            default:
                throw .malformed("Unknown field \(key) (policies have Version, Id and Statement).")
            }
        }
        guard let statements else { throw .malformed("Missing required field Statement") }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    private static func statementList(_ json: PolicyJSON) throws(PolicyError) -> [PolicyStatement] {
        switch json {
        case .object:
            return [try statement(json, path: "Statement")]
        case .array(let elements):
            guard !elements.isEmpty else { throw .malformed("Statement must contain at least one statement.") }
            var statements: [PolicyStatement] = []
            for (index, element) in elements.enumerated() {
                statements.append(try statement(element, path: "Statement[\(index)]"))
            }
            return statements
        default:
            throw .malformed("Statement must be an object or an array of objects, not \(json.typeName).")
        }
    }

    private static func statement(_ json: PolicyJSON, path: String) throws(PolicyError) -> PolicyStatement {
        guard case .object(let members) = json else { throw .malformed("\(path) must be an object, not \(json.typeName).") }
        var sid: String?
        var effect: PolicyStatement.Effect?
        var principal: PolicyStatement.PrincipalElement?
        var action: PolicyStatement.ActionElement?
        var resource: PolicyStatement.ResourceElement?
        var conditions: [PolicyCondition] = []
        for (key, value) in members {
            let elementPath = "\(path).\(key)"
            switch key {
            case "Sid":
                guard case .string(let text) = value else { throw .malformed("\(elementPath) must be a string, not \(value.typeName).") }
                sid = text
            case "Effect":
                guard case .string(let text) = value, let parsed = PolicyStatement.Effect(rawValue: text) else {
                    throw .malformed("Invalid effect: \(render(value)) (\(elementPath) must be \"Allow\" or \"Deny\").")
                }
                effect = parsed
            case "Principal", "NotPrincipal":
                guard principal == nil else {
                    throw .malformed("\(path) cannot have both Principal and NotPrincipal.")
                }
                let parsed = try self.principal(value, path: elementPath)
                principal = key == "Principal" ? .principal(parsed) : .notPrincipal(parsed)
            case "Action", "NotAction":
                guard action == nil else { throw .malformed("\(path) cannot have both Action and NotAction.") }
                let list = try stringList(value, path: elementPath, emptyMessage: "Policy statement must contain actions.")
                for item in list where item != "*" {
                    let vendor = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    guard vendor.count == 2, !vendor[0].isEmpty, !vendor[1].isEmpty else {
                        throw .malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (\"\(item)\" in \(elementPath))")
                    }
                }
                action = key == "Action" ? .action(list) : .notAction(list)
            case "Resource", "NotResource":
                guard resource == nil else { throw .malformed("\(path) cannot have both Resource and NotResource.") }
                let list = try stringList(value, path: elementPath, emptyMessage: "Policy statement must contain resources.")
                for item in list where item != "*" && !item.hasPrefix("arn:") {
                    throw .malformed("Resource \(item) must be in ARN format or \"*\". (\(elementPath))")
                }
                resource = key == "Resource" ? .resource(list) : .notResource(list)
            case "Condition":
                conditions = try self.conditions(value, path: elementPath)
            default:
                throw .malformed(
                    "Unknown field \(key) in \(path) (statements have Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition)."
                )
            }
        }
        guard let effect else { throw .malformed("Missing required field Effect (\(path))") }
        guard let action else { throw .malformed("Policy statement must contain actions. (\(path) has no Action or NotAction)") }
        return PolicyStatement(sid: sid, effect: effect, principal: principal, action: action, resource: resource, conditions: conditions)
    }

    private static func principal(_ json: PolicyJSON, path: String) throws(PolicyError) -> PolicyPrincipal {
        switch json {
        case .string("*"):
            return .all
        case .object(let members) where !members.isEmpty:
            var principal = PolicyPrincipal()
            for (key, value) in members {
                let list = try stringList(value, path: "\(path).\(key)", emptyMessage: "Invalid principal in policy: \"\(key)\" is empty.")
                switch key {
                case "AWS":
                    for item in list where !isValidAWSPrincipal(item) {
                        throw .malformed(
                            "Invalid principal in policy: \"AWS\":\"\(item)\" (use \"*\", a 12-digit account ID, or the ARN of an account root, user, role, assumed-role session or federated user; wildcards cannot match part of a principal)"
                        )
                    }
                    principal.aws = list
                case "Service":
                    principal.service = list
                case "Federated":
                    principal.federated = list
                case "CanonicalUser":
                    principal.canonicalUser = list
                default:
                    throw .malformed("Invalid principal in policy: unknown principal type \"\(key)\" (use AWS, Service, Federated or CanonicalUser).")
                }
            }
            return principal
        default:
            throw .malformed("Invalid principal in policy: \(render(json)) (\(path) must be \"*\" or an object such as {\"AWS\": \"123456789012\"}).")
        }
    }

    /// `*`, a 12-digit account ID, or the ARN of an IAM identity, with no wildcard characters.
    private static func isValidAWSPrincipal(_ value: String) -> Bool {
        if value == "*" || PolicyPrincipal.isAccountID(value) { return true }
        guard !value.contains("*"), !value.contains("?") else { return false }
        return (try? CanonicalARN(canonicalizing: value)) != nil
    }

    private static func conditions(_ json: PolicyJSON, path: String) throws(PolicyError) -> [PolicyCondition] {
        guard case .object(let operators) = json else {
            throw .malformed("\(path) must be an object of {operator: {key: value}}, not \(json.typeName).")
        }
        var conditions: [PolicyCondition] = []
        for (name, block) in operators {
            let conditionOperator: ConditionOperator
            do {
                conditionOperator = try ConditionOperator(parsing: name)
            } catch {
                throw .malformed("\(error.message) (\(path))")
            }
            guard case .object(let keys) = block else {
                throw .malformed("\(path).\(name) must be an object of {key: value}, not \(block.typeName).")
            }
            for (key, value) in keys {
                guard !key.isEmpty else { throw .malformed("\(path).\(name) has an empty condition key.") }
                let values = try conditionValues(value, path: "\(path).\(name).\(key)")
                conditions.append(PolicyCondition(conditionOperator, key: key, values: values))
            }
        }
        return conditions
    }

    /// A condition value: a string, number or boolean, or a non-empty array of them.
    private static func conditionValues(_ json: PolicyJSON, path: String) throws(PolicyError) -> [String] {
        func scalar(_ json: PolicyJSON) throws(PolicyError) -> String {
            switch json {
            case .string(let text), .number(let text): return text
            case .bool(let value): return value ? "true" : "false"
            default: throw .malformed("Condition values must be strings, numbers or booleans: \(path) has \(json.typeName).")
            }
        }
        guard case .array(let elements) = json else { return [try scalar(json)] }
        guard !elements.isEmpty else { throw .malformed("\(path) has no values.") }
        var values: [String] = []
        for element in elements { values.append(try scalar(element)) }
        return values
    }

    /// A string or a non-empty array of strings.
    private static func stringList(_ json: PolicyJSON, path: String, emptyMessage: String) throws(PolicyError) -> [String] {
        switch json {
        case .string(let text):
            return [text]
        case .array(let elements):
            guard !elements.isEmpty else { throw .malformed("\(emptyMessage) (\(path) is empty)") }
            var list: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw .malformed("\(path) must be a string or an array of strings; it contains \(element.typeName).")
                }
                list.append(text)
            }
            return list
        default:
            throw .malformed("\(path) must be a string or an array of strings, not \(json.typeName).")
        }
    }

    /// A short rendering of a JSON value for messages.
    private static func render(_ json: PolicyJSON) -> String {
        switch json {
        case .string(let text): "\"\(text)\""
        case .number(let text): text
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
