/// IAM's rules for names, paths and policy documents, with IAM's messages.
enum IdentityValidation {
    /// Whether every character of `text` is in `[\w+=,.@-]` (ASCII word characters) or `extra`.
    static func isNameCharacters(_ text: String, extra: String = "") -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "_+=,.@-\(extra)".unicodeScalars.contains(scalar)
        }
    }

    static func name(_ name: String, what: String) throws(IdentityError) {
        guard (1...64).contains(name.count) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at '\(what)' failed to satisfy constraint: "
                    + "Member must have length between 1 and 64")
        }
        guard isNameCharacters(name) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at '\(what)' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        }
    }

    static func path(_ path: String) throws(IdentityError) {
        guard (1...512).contains(path.utf8.count), path.hasPrefix("/"), path.hasSuffix("/"),
              path.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), !path.contains("//")
        else {
            throw .validation(
                "The specified value for path '\(IdentityError.clip(path))' is invalid. It must begin and end with / and "
                    + "contain only printable ASCII characters without spaces, such as / or /division/team/.")
        }
    }

    static func policyName(_ name: String) throws(IdentityError) {
        guard (1...128).contains(name.count), isNameCharacters(name) else {
            throw .validation(
                "1 validation error detected: Value '\(IdentityError.clip(name))' at 'policyName' failed to satisfy constraint: "
                    + "Member must have length between 1 and 128 and match [\\w+=,.@-]+")
        }
    }

    static func policy(_ text: String, kind: PolicyDocument.Kind) throws(IdentityError) -> PolicyDocument {
        do {
            return try PolicyDocument(parsing: text, kind: kind)
        } catch {
            throw IdentityError(code: .malformedPolicyDocument, message: error.message)
        }
    }
}
