/// Bindings by the usernames and groups their subjects name, so a check reads only the bindings
/// that can apply to a user. Positions are returned in ascending (snapshot) order.
struct SubjectIndex: Sendable {
    private(set) var byUsername: [String: [Int]] = [:]
    private(set) var byGroup: [String: [Int]] = [:]
    /// Every position added, in order (for who-can).
    private(set) var positions: [Int] = []

    /// Indexes one binding's subjects. Service accounts are keyed by their full username (their
    /// namespace defaulting to `bindingNamespace`); subjects that can never match are left out.
    mutating func add(_ subjects: [Subject], bindingNamespace: String, position: Int) {
        positions.append(position)
        for subject in subjects {
            switch subject.kind {
            case .user:
                append(position, to: &byUsername[subject.name, default: []])
            case .group:
                append(position, to: &byGroup[subject.name, default: []])
            case .serviceAccount:
                let namespace = subject.namespace.isEmpty ? bindingNamespace : subject.namespace
                guard !namespace.isEmpty else { continue }
                append(position, to: &byUsername[SystemNames.serviceAccountUsername(namespace: namespace, name: subject.name), default: []])
            default:
                continue
            }
        }
    }

    private func append(_ position: Int, to list: inout [Int]) {
        if list.last != position { list.append(position) }
    }

    /// The positions of the bindings that name `user` or one of its groups, ascending, without repeats.
    func candidates(for user: UserInfo) -> [Int] {
        var lists: [[Int]] = []
        if let list = byUsername[user.name] { lists.append(list) }
        for group in user.groups { if let list = byGroup[group] { lists.append(list) } }
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        default:
            var merged = lists.flatMap { $0 }
            merged.sort()
            var unique: [Int] = []
            unique.reserveCapacity(merged.count)
            for position in merged where unique.last != position { unique.append(position) }
            return unique
        }
    }
}
