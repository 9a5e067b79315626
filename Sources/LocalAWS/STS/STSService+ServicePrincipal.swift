public import Foundation

extension STSService {
    /// Assumes `roleARN` as the AWS service principal `service` — what EKS Pod Identity does as
    /// `pods.eks.amazonaws.com` — with session tags `tags`, for `duration` seconds.
    ///
    /// The role's trust policy must allow `service` `sts:AssumeRole`, and `sts:TagSession` too when
    /// there are tags (evaluated with `aws:RequestTag/<key>` and `aws:TagKeys`). The tags become the
    /// session's principal tags (`aws:PrincipalTag/<key>`) and carry over to chained roles.
    /// `sourceKeys` are the keys the service sends about whom it acts for (`aws:SourceAccount`,
    /// `aws:SourceArn`), for trust policies that guard against the confused deputy.
    ///
    /// - Throws: `AccessDenied` naming what the trust policy must allow, when the role does not
    ///   exist or does not trust the service; `InternalFailure` when the session cannot be saved.
    public func assumeRole(
        asService service: String, roleARN: String, sessionName: String, tags: [String: String], duration: Int,
        sourceKeys: [String: [String]] = [:], now: Date
    ) async throws(STSServiceError) -> TemporaryCredentials {
        let actions = tags.isEmpty ? "sts:AssumeRole" : "sts:AssumeRole and sts:TagSession"
        let denied = STSServiceError(
            code: "AccessDenied", httpStatus: 403,
            message:
                "\(service) is not authorized to perform \(actions) on \(STSServiceError.clip(roleARN)): the role must exist and its trust policy must allow the service principal \(service) \(actions).")
        guard let role = try? await store.role(arn: roleARN), let trustPolicy = try? PolicyDocument(parsing: role.trustPolicy, kind: .trust) else {
            throw denied
        }
        // One request context for both actions, as STS evaluates an AssumeRole call that passes tags.
        var keys = sourceKeys
        keys["sts:RoleSessionName"] = [sessionName]
        if !tags.isEmpty {
            keys["aws:TagKeys"] = tags.keys.sorted()
            for (key, value) in tags { keys["aws:RequestTag/\(key)"] = [value] }
        }
        let assume = RequestContext(principal: .service(service), action: "sts:AssumeRole", resource: role.arn, conditionKeys: keys, date: now)
        guard PolicyEvaluator.evaluateRoleAssumption(trustPolicy: trustPolicy, identityPolicies: [], context: assume).isAllowed else { throw denied }
        if !tags.isEmpty {
            let tag = RequestContext(principal: .service(service), action: "sts:TagSession", resource: role.arn, conditionKeys: keys, date: now)
            guard PolicyEvaluator.evaluateRoleAssumption(trustPolicy: trustPolicy, identityPolicies: [], context: tag).isAllowed else { throw denied }
        }
        do {
            return try await store.issueTemporaryCredentials(
                roleName: role.name, sessionName: sessionName, duration: duration, sessionTags: tags, now: now)
        } catch where error.code == .serviceFailure {
            throw .internalFailure(error.message)
        } catch {
            throw denied  // the role was deleted meanwhile
        }
    }
}
