/// What an edit does to one list of the aws-auth ConfigMap: its new text, as line insertions or
/// removals on the old text, and the mappings it removes.
public struct AWSAuthChange: Sendable, Hashable {
    /// How the list's lines change.
    enum Patch: Sendable, Hashable {
        /// These lines are appended.
        case append([String])
        /// These line ranges are removed (ascending, disjoint).
        case remove([Range<Int>])
        /// The whole text is replaced (the list was empty or absent).
        case replace
    }

    /// `mapRoles`, `mapUsers` or `mapAccounts`.
    public var key: String
    /// The list's text before, `nil` when the ConfigMap has no such key.
    public var oldValue: String?
    /// The list's text after.
    public var newValue: String
    /// The line operations that turn `oldValue` into `newValue`.
    var patch: Patch
    /// Whether the key goes away: the edit removed every line of the list (an empty list is no list to
    /// the authenticator), and other keys keep `data` from becoming empty.
    public var removesKey = false
    /// The role mappings the edit removes.
    public var removedRoles: [RoleMapping] = []
    /// The user mappings the edit removes.
    public var removedUsers: [UserMapping] = []
    /// Things the user should know (remaining duplicates, …).
    public var notes: [String] = []
}
