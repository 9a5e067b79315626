import AWSCore

/// Walks what must line up for a pod of one service account to get AWS credentials — through EKS
/// Pod Identity (an association) or IRSA (the `eks.amazonaws.com/role-arn` annotation) — and stops
/// at the first thing that breaks, naming it in the words of the error the pod would see.
///
/// A pure function of what was looked up (``Facts``): the trust policies are evaluated here with
/// the same evaluator the embedded STS uses, with the request context STS would build.
public enum PodCredentialCheck {
    /// The annotation that names the IRSA role.
    public static let roleAnnotation = "eks.amazonaws.com/role-arn"
    /// The annotation that overrides the token audience.
    public static let audienceAnnotation = "eks.amazonaws.com/audience"
    /// The audience IRSA tokens carry by default.
    public static let defaultAudience = "sts.amazonaws.com"

    /// What was found about the service account, its association, the roles and the providers.
    public struct Facts: Sendable, Hashable {
        /// The service account's namespace.
        public var namespace: String
        /// The service account's name.
        public var serviceAccount: String
        /// Whether the service account exists; `nil` when it was not looked up (no cluster given).
        public var serviceAccountExists: Bool?
        /// The service account's annotations.
        public var annotations: [String: String]
        /// The Pod Identity association of the service account, if any.
        public var association: Association?
        /// The trust policy of each role looked up, by ARN; `nil` for a role that does not exist.
        public var trustPolicies: [String: String?]
        /// The account's IAM OIDC providers.
        public var providers: [Provider]
        /// The cluster's service-account issuer URL, when known.
        public var issuer: String?
        /// The cluster's account (for `aws:SourceAccount`).
        public var accountID: String?
        /// The cluster's ARN (for `aws:SourceArn`).
        public var clusterARN: String?

        /// Creates facts.
        public init(
            namespace: String, serviceAccount: String, serviceAccountExists: Bool?, annotations: [String: String] = [:],
            association: Association? = nil, trustPolicies: [String: String?] = [:], providers: [Provider] = [], issuer: String? = nil,
            accountID: String? = nil, clusterARN: String? = nil
        ) {
            self.namespace = namespace
            self.serviceAccount = serviceAccount
            self.serviceAccountExists = serviceAccountExists
            self.annotations = annotations
            self.association = association
            self.trustPolicies = trustPolicies
            self.providers = providers
            self.issuer = issuer
            self.accountID = accountID
            self.clusterARN = clusterARN
        }

        /// The IRSA role the service account names, if any.
        public var annotatedRole: String? {
            annotations[PodCredentialCheck.roleAnnotation].flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// A Pod Identity association, as far as the check needs it.
    public struct Association: Sendable, Hashable {
        public var associationID: String
        public var roleARN: String
        public var disableSessionTags: Bool
        public var targetRoleARN: String?

        /// Creates an association.
        public init(associationID: String, roleARN: String, disableSessionTags: Bool = false, targetRoleARN: String? = nil) {
            self.associationID = associationID
            self.roleARN = roleARN
            self.disableSessionTags = disableSessionTags
            self.targetRoleARN = targetRoleARN
        }
    }

    /// An IAM OIDC provider, as far as the check needs it.
    public struct Provider: Sendable, Hashable {
        public var arn: String
        /// The issuer host and path (IAM's `Url`).
        public var url: String
        public var clientIDs: [String]

        /// Creates a provider.
        public init(arn: String, url: String, clientIDs: [String]) {
            self.arn = arn
            self.url = url
            self.clientIDs = clientIDs
        }
    }

    /// One thing checked.
    public struct Step: Sendable, Hashable {
        /// What was checked, as a short sentence.
        public var subject: String
        /// Whether it holds.
        public var passed: Bool
        /// What was found.
        public var detail: String
        /// For a failure, the error the pod (or its SDK) would see.
        public var podError: String?
        /// For a failure, what to do.
        public var fix: String?

        static func ok(_ subject: String, _ detail: String) -> Step { Step(subject: subject, passed: true, detail: detail) }
        static func broken(_ subject: String, _ detail: String, pod: String, fix: String) -> Step {
            Step(subject: subject, passed: false, detail: detail, podError: pod, fix: fix)
        }
    }

    /// The steps, in order, up to and including the first that fails.
    public static func run(_ facts: Facts) -> [Step] {
        var steps: [Step] = []
        let who = "\(facts.namespace)/\(facts.serviceAccount)"
        switch facts.serviceAccountExists {
        case false?:
            steps.append(
                .broken(
                    "the service account exists", "there is no ServiceAccount \(who)",
                    pod: #"error looking up service account \#(who): serviceaccount "\#(facts.serviceAccount)" not found"#,
                    fix: "kubectl create serviceaccount \(facts.serviceAccount) -n \(facts.namespace)"))
            return steps
        case true?: steps.append(.ok("the service account exists", "ServiceAccount \(who) found"))
        case nil: break
        }
        if let association = facts.association {
            var detail = "association \(association.associationID) gives \(who) the role \(association.roleARN)"
            if facts.annotatedRole != nil { detail += "; the \(roleAnnotation) annotation is ignored while the association exists" }
            steps.append(.ok("a Pod Identity association or IRSA annotation names a role", detail))
            podIdentity(association, facts, into: &steps)
        } else if let role = facts.annotatedRole {
            steps.append(.ok("a Pod Identity association or IRSA annotation names a role", "\(roleAnnotation): \(role) (IRSA)"))
            irsa(role: role, facts, into: &steps)
        } else {
            steps.append(
                .broken(
                    "a Pod Identity association or IRSA annotation names a role",
                    "no Pod Identity association for \(who)\(facts.serviceAccountExists == nil ? "" : " and no \(roleAnnotation) annotation")",
                    pod: "Unable to locate credentials",
                    fix:
                        "create an association (aws eks create-pod-identity-association --namespace \(facts.namespace) --service-account \(facts.serviceAccount) --role-arn …) or annotate the ServiceAccount with \(roleAnnotation)"))
        }
        return steps
    }

    private static func podIdentity(_ association: Association, _ facts: Facts, into steps: inout [Step]) {
        let service = "pods.eks.amazonaws.com"
        let tags = !association.disableSessionTags
        let actions = tags ? "sts:AssumeRole and sts:TagSession" : "sts:AssumeRole"
        let refusal =
            "(AccessDeniedException): \(service) is not authorized to perform \(actions) on \(association.roleARN): the role must exist and its trust policy must allow the service principal \(service) \(actions)."
        guard let stored = facts.trustPolicies[association.roleARN], let trust = stored else {
            steps.append(
                .broken(
                    "the association's role exists", "IAM has no role \(association.roleARN)", pod: refusal,
                    fix: "create the role, or point the association at an existing one (aws eks update-pod-identity-association --role-arn …)"))
            return
        }
        steps.append(.ok("the association's role exists", association.roleARN))
        guard let document = try? PolicyDocument(parsing: trust, kind: .trust) else {
            steps.append(.broken("the role's trust policy is readable", "it does not parse", pod: refusal, fix: "fix the trust policy"))
            return
        }
        var keys: [String: [String]] = ["sts:RoleSessionName": ["eks-\(facts.clusterARN?.split(separator: "/").last ?? "")-pod"]]
        if let account = facts.accountID { keys["aws:SourceAccount"] = [account] }
        if let cluster = facts.clusterARN { keys["aws:SourceArn"] = [cluster] }
        if tags {
            // As EKS Auth sends them; the pod's name and uid are not known before it runs.
            let clusterName = facts.clusterARN?.split(separator: "/").last.map(String.init) ?? ""
            let values = [
                "eks-cluster-arn": facts.clusterARN ?? "", "eks-cluster-name": clusterName, "kubernetes-namespace": facts.namespace,
                "kubernetes-service-account": facts.serviceAccount, "kubernetes-pod-name": "pod", "kubernetes-pod-uid": "uid",
            ]
            keys["aws:TagKeys"] = values.keys.sorted()
            for (key, value) in values { keys["aws:RequestTag/\(key)"] = [value] }
        }
        let fix = #"add {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]} to the role's trust policy"#
        let assume = RequestContext(principal: .service(service), action: "sts:AssumeRole", resource: association.roleARN, conditionKeys: keys)
        guard PolicyEvaluator.evaluateRoleAssumption(trustPolicy: document, identityPolicies: [], context: assume).isAllowed else {
            steps.append(.broken("the role trusts \(service) with sts:AssumeRole", "its trust policy does not allow it", pod: refusal, fix: fix))
            return
        }
        steps.append(.ok("the role trusts \(service) with sts:AssumeRole", "allowed"))
        if tags {
            let tag = RequestContext(principal: .service(service), action: "sts:TagSession", resource: association.roleARN, conditionKeys: keys)
            guard PolicyEvaluator.evaluateRoleAssumption(trustPolicy: document, identityPolicies: [], context: tag).isAllowed else {
                steps.append(
                    .broken(
                        "the role lets \(service) tag sessions (sts:TagSession)", "its trust policy allows sts:AssumeRole but not sts:TagSession",
                        pod: refusal, fix: fix + " (or set disableSessionTags on the association)"))
                return
            }
            steps.append(.ok("the role lets \(service) tag sessions (sts:TagSession)", "allowed"))
        }
        if let target = association.targetRoleARN {
            steps.append(.ok("the target role", "\(target) is assumed next with the association's external id (not checked here: it is another account's)"))
        }
    }

    private static func irsa(role: String, _ facts: Facts, into steps: inout [Step]) {
        let denied = "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"
        guard (try? CanonicalARN(canonicalizing: role))?.type == .role else {
            steps.append(
                .broken(
                    "the annotation is a role ARN", "\(role) is not an IAM role ARN",
                    pod: "ValidationError: 1 validation error detected: Value '\(role)' at 'roleArn' failed to satisfy constraint",
                    fix: "annotate with arn:aws:iam::ACCOUNT:role/NAME (with the role's path, if any)"))
            return
        }
        guard let issuer = facts.issuer else {
            steps.append(
                Step(
                    subject: "the cluster's issuer is registered as an OIDC provider", passed: true,
                    detail: "not checked: the cluster's issuer is unknown (pass --issuer)"))
            return
        }
        let hostPath = OIDCProvider.issuerHostPath(of: issuer)
        guard let provider = facts.providers.first(where: { OIDCProvider.issuerHostPath(of: $0.url) == hostPath }) else {
            steps.append(
                .broken(
                    "the cluster's issuer is registered as an OIDC provider", "no IAM OIDC provider has the URL \(hostPath)",
                    pod: "InvalidIdentityToken: No OpenIDConnect provider found in your account for \(issuer)",
                    fix: "aws iam create-open-id-connect-provider --url \(issuer) --client-id-list sts.amazonaws.com (or eksauth server --register-oidc-provider)"))
            return
        }
        steps.append(.ok("the cluster's issuer is registered as an OIDC provider", provider.arn))
        let audience = facts.annotations[audienceAnnotation].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAudience
        guard provider.clientIDs.contains(audience) else {
            steps.append(
                .broken(
                    "the token's audience is a client ID of the provider",
                    "the token's aud is \(audience); the provider's client IDs are \(provider.clientIDs.joined(separator: ", "))",
                    pod: "InvalidIdentityToken: Incorrect token audience",
                    fix: "aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn \(provider.arn) --client-id \(audience)"))
            return
        }
        steps.append(.ok("the token's audience is a client ID of the provider", audience))
        guard let stored = facts.trustPolicies[role], let trust = stored else {
            steps.append(
                .broken(
                    "the annotated role exists", "IAM has no role \(role)", pod: denied,
                    fix: "create the role, or fix the annotation (a role with a path needs the path in its ARN)"))
            return
        }
        steps.append(.ok("the annotated role exists", role))
        let subject = "system:serviceaccount:\(facts.namespace):\(facts.serviceAccount)"
        let keys = ["\(hostPath):sub": [subject], "\(hostPath):aud": [audience]]
        let context = RequestContext(
            principal: .webIdentity(provider: provider.arn), action: "sts:AssumeRoleWithWebIdentity", resource: role, conditionKeys: keys)
        guard let document = try? PolicyDocument(parsing: trust, kind: .trust),
            PolicyEvaluator.evaluateRoleAssumption(trustPolicy: document, identityPolicies: [], context: context).isAllowed
        else {
            steps.append(
                .broken(
                    "the role's trust policy allows this service account",
                    "it does not allow \(provider.arn) sts:AssumeRoleWithWebIdentity for \(hostPath):sub = \(subject) and \(hostPath):aud = \(audience)",
                    pod: denied,
                    fix:
                        #"allow {"Federated":"\#(provider.arn)"} sts:AssumeRoleWithWebIdentity with StringEquals "\#(hostPath):sub": "\#(subject)" and "\#(hostPath):aud": "\#(audience)""#))
            return
        }
        steps.append(.ok("the role's trust policy allows this service account", "\(hostPath):sub = \(subject), aud = \(audience)"))
    }
}
