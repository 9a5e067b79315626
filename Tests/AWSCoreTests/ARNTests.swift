import AWSCore
import Testing

@Suite("ARN")
struct ARNTests {
    // MARK: Parsing

    struct ParseCase: Sendable, CustomTestStringConvertible {
        var text: String
        var partition: String
        var service: String
        var region: String
        var accountID: String
        var resource: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        ParseCase(
            text: "arn:aws:iam::123456789012:user/Alice", partition: "aws", service: "iam", region: "", accountID: "123456789012",
            resource: "user/Alice"),
        ParseCase(
            text: "arn:aws:iam::123456789012:root", partition: "aws", service: "iam", region: "", accountID: "123456789012",
            resource: "root"),
        ParseCase(
            text: "arn:aws-cn:sts::123456789012:assumed-role/Admin/s", partition: "aws-cn", service: "sts", region: "",
            accountID: "123456789012", resource: "assumed-role/Admin/s"),
        ParseCase(
            text: "arn:aws:eks:us-west-2:123456789012:cluster/my-cluster", partition: "aws", service: "eks", region: "us-west-2",
            accountID: "123456789012", resource: "cluster/my-cluster"),
        // The resource keeps every `:` after the fifth.
        ParseCase(
            text: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/c:*", partition: "aws", service: "logs", region: "us-east-1",
            accountID: "123456789012", resource: "log-group:/aws/eks/c:*"),
        ParseCase(text: "arn:aws:s3:::bucket/key", partition: "aws", service: "s3", region: "", accountID: "", resource: "bucket/key"),
        // The SDK's parser accepts empty sections.
        ParseCase(text: "arn:::::", partition: "", service: "", region: "", accountID: "", resource: ""),
    ])
    func parsesAndRendersBack(_ c: ParseCase) throws {
        let arn = try ARN(parsing: c.text)
        #expect(arn.partition == c.partition)
        #expect(arn.service == c.service)
        #expect(arn.region == c.region)
        #expect(arn.accountID == c.accountID)
        #expect(arn.resource == c.resource)
        #expect(arn.description == c.text)
        #expect(ARN(partition: c.partition, service: c.service, region: c.region, accountID: c.accountID, resource: c.resource) == arn)
    }

    @Test(arguments: [
        ("NOT AN ARN", "arn 'NOT AN ARN' is invalid: 'arn: invalid prefix'"),
        ("", "arn '' is invalid: 'arn: invalid prefix'"),
        ("ARN:aws:iam::123456789012:root", "arn 'ARN:aws:iam::123456789012:root' is invalid: 'arn: invalid prefix'"),
        ("arn:aws:iam::123456789012", "arn 'arn:aws:iam::123456789012' is invalid: 'arn: not enough sections'"),
        ("arn:aws:sts", "arn 'arn:aws:sts' is invalid: 'arn: not enough sections'"),
        ("arn:", "arn 'arn:' is invalid: 'arn: not enough sections'"),
    ])
    func rejectsMalformed(_ text: String, _ message: String) {
        #expect {
            try ARN(parsing: text)
        } throws: { error in
            guard let error = error as? ARNError else { return false }
            return error.code == .invalid && error.message == message && error.description == message
        }
    }

    @Test(arguments: [
        ("arn:aws:iam::1:role/Org/Team/Admin", "arn:aws:iam::1:role/Admin"),
        ("arn:aws:iam::1:role/a/Admin", "arn:aws:iam::1:role/Admin"),
        ("arn:aws:iam::1:role/Admin", "arn:aws:iam::1:role/Admin"),
        ("arn:aws:iam::1:user/Org/Alice", "arn:aws:iam::1:user/Org/Alice"),
        ("arn:aws:sts::1:federated-user/Bob", "arn:aws:sts::1:federated-user/Bob"),
        ("arn:aws:sts::1:assumed-role/Admin/s", "arn:aws:sts::1:assumed-role/Admin/s"),
    ])
    func stripsRolePath(_ input: String, _ expected: String) throws {
        #expect(try ARN(parsing: input).strippingPath().description == expected)
        #expect(try CanonicalARN.strippingPath(input) == expected)
    }

    @Test func strippingPathChecksTheARN() {
        #expect(throws: ARNError.self) { try CanonicalARN.strippingPath("NOT AN ARN") }
        #expect {
            try CanonicalARN.strippingPath("arn:aws-moon:iam::1:role/a/b")
        } throws: { ($0 as? ARNError)?.message == "arn 'arn:aws-moon:iam::1:role/a/b' does not have a recognized partition" }
    }

    // MARK: Canonicalization

    struct CanonicalCase: Sendable, CustomTestStringConvertible {
        var input: String
        var canonical: String
        var type: PrincipalType
        var accountID = "123456789012"
        var partition = "aws"
        var sessionName: String? = nil
        var testDescription: String { input }
    }

    static let canonicalCases: [CanonicalCase] = [
        // pkg/arn/arn_test.go
        CanonicalCase(input: "arn:aws:iam::123456789012:user/Alice", canonical: "arn:aws:iam::123456789012:user/Alice", type: .user),
        CanonicalCase(input: "arn:aws:iam::123456789012:role/Users", canonical: "arn:aws:iam::123456789012:role/Users", type: .role),
        CanonicalCase(
            input: "arn:aws:sts::123456789012:assumed-role/Admin/Session", canonical: "arn:aws:iam::123456789012:role/Admin",
            type: .assumedRole, sessionName: "Session"),
        CanonicalCase(
            input: "arn:aws:sts::123456789012:federated-user/Bob", canonical: "arn:aws:sts::123456789012:federated-user/Bob",
            type: .federatedUser),
        CanonicalCase(input: "arn:aws:iam::123456789012:root", canonical: "arn:aws:iam::123456789012:root", type: .root),
        CanonicalCase(
            input: "arn:aws:sts::123456789012:assumed-role/Org/Team/Admin/Session",
            canonical: "arn:aws:iam::123456789012:role/Org/Team/Admin",
            type: .assumedRole, sessionName: "Session"),
        // Paths are kept for IAM roles and users.
        CanonicalCase(
            input: "arn:aws:iam::123456789012:role/service-role/Org/Deploy",
            canonical: "arn:aws:iam::123456789012:role/service-role/Org/Deploy",
            type: .role),
        CanonicalCase(
            input: "arn:aws:iam::123456789012:user/eng/ops/Alice", canonical: "arn:aws:iam::123456789012:user/eng/ops/Alice", type: .user),
        // Case is kept; the region of an STS ARN is dropped from the canonical role.
        CanonicalCase(
            input: "arn:aws:sts:us-west-2:123456789012:assumed-role/AWSReservedSSO_Admin_0123/Jane.Doe@Example.com",
            canonical: "arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123", type: .assumedRole, sessionName: "Jane.Doe@Example.com"),
        CanonicalCase(
            input: "arn:aws:sts::123456789012:assumed-role/eks-node/i-0123456789abcdef0",
            canonical: "arn:aws:iam::123456789012:role/eks-node",
            type: .assumedRole, sessionName: "i-0123456789abcdef0"),
        // An empty session name still splits off the last part.
        CanonicalCase(
            input: "arn:aws:sts::123456789012:assumed-role/Admin/", canonical: "arn:aws:iam::123456789012:role/Admin", type: .assumedRole,
            sessionName: ""),
        // Only the first `/`-part decides the type: `root/x` is the root, `user` without a name is a user.
        CanonicalCase(input: "arn:aws:iam::123456789012:root/x", canonical: "arn:aws:iam::123456789012:root/x", type: .root),
        CanonicalCase(input: "arn:aws:iam::123456789012:user", canonical: "arn:aws:iam::123456789012:user", type: .user),
        CanonicalCase(input: "arn:aws:iam::123456789012:role/a:b", canonical: "arn:aws:iam::123456789012:role/a:b", type: .role),
        CanonicalCase(input: "arn:aws:iam:::root", canonical: "arn:aws:iam:::root", type: .root, accountID: ""),
    ]

    @Test(arguments: canonicalCases)
    func canonicalizes(_ c: CanonicalCase) throws {
        let canonical = try CanonicalARN(canonicalizing: c.input)
        #expect(canonical.arn == c.canonical)
        #expect(canonical.description == c.canonical)
        #expect(canonical.type == c.type)
        #expect(canonical.accountID == c.accountID)
        #expect(canonical.partition == c.partition)
        #expect(canonical.sessionName == c.sessionName)
        #expect(try CanonicalARN.canonicalize(c.input) == canonical)
    }

    @Test(arguments: ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"])
    func acceptsEveryPartition(_ partition: String) throws {
        let role = try CanonicalARN(canonicalizing: "arn:\(partition):sts::111122223333:assumed-role/Team/Admin/s")
        #expect(role.arn == "arn:\(partition):iam::111122223333:role/Team/Admin")
        #expect(role.partition == partition)
        #expect(role.accountID == "111122223333")
        #expect(role.sessionName == "s")
        for resource in ["user/Alice", "role/Admin", "root"] {
            #expect(
                try CanonicalARN(canonicalizing: "arn:\(partition):iam::111122223333:\(resource)").arn
                    == "arn:\(partition):iam::111122223333:\(resource)")
        }
        let federated = "arn:\(partition):sts::111122223333:federated-user/Bob"
        #expect(try CanonicalARN(canonicalizing: federated).arn == federated)
        #expect(
            try CanonicalARN.strippingPath("arn:\(partition):iam::111122223333:role/a/b/C") == "arn:\(partition):iam::111122223333:role/C")
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var input: String
        var code: ARNError.Code
        var message: String
        var testDescription: String { input }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(input: "NOT AN ARN", code: .invalid, message: "arn 'NOT AN ARN' is invalid: 'arn: invalid prefix'"),
        ErrorCase(
            input: "arn:aws:iam:123456789012:root", code: .invalid,
            message: "arn 'arn:aws:iam:123456789012:root' is invalid: 'arn: not enough sections'"),
        ErrorCase(
            input: "arn:aws-moon:iam::123456789012:root", code: .unrecognizedPartition,
            message: "arn 'arn:aws-moon:iam::123456789012:root' does not have a recognized partition"),
        ErrorCase(
            input: "arn:AWS:iam::123456789012:root", code: .unrecognizedPartition,
            message: "arn 'arn:AWS:iam::123456789012:root' does not have a recognized partition"),
        ErrorCase(
            input: "arn::iam::123456789012:root", code: .unrecognizedPartition,
            message: "arn 'arn::iam::123456789012:root' does not have a recognized partition"),
        ErrorCase(
            input: "arn:aws:sts::123456789012:assumed-role/Admin", code: .assumedRoleWithoutRole,
            message: "assumed-role arn 'arn:aws:sts::123456789012:assumed-role/Admin' does not have a role"),
        ErrorCase(
            input: "arn:aws:sts::123456789012:assumed-role", code: .assumedRoleWithoutRole,
            message: "assumed-role arn 'arn:aws:sts::123456789012:assumed-role' does not have a role"),
        ErrorCase(
            input: "arn:aws:sts::123456789012:user/Alice", code: .unrecognizedSTSResource,
            message: "unrecognized resource user/Alice for service sts"),
        ErrorCase(
            input: "arn:aws:sts::123456789012:federated-users/Bob", code: .unrecognizedSTSResource,
            message: "unrecognized resource federated-users/Bob for service sts"),
        ErrorCase(
            input: "arn:aws:iam::123456789012:instance-profile/eks-node", code: .unrecognizedIAMResource,
            message: "unrecognized resource instance-profile/eks-node for service iam"),
        ErrorCase(
            input: "arn:aws:iam::123456789012:assumed-role/Admin/s", code: .unrecognizedIAMResource,
            message: "unrecognized resource assumed-role/Admin/s for service iam"),
        ErrorCase(
            input: "arn:aws:iam::123456789012:Role/Admin", code: .unrecognizedIAMResource,
            message: "unrecognized resource Role/Admin for service iam"),
        ErrorCase(
            input: "arn:aws:iam::123456789012:group/Admins", code: .unrecognizedIAMResource,
            message: "unrecognized resource group/Admins for service iam"),
        ErrorCase(
            input: "arn:aws:s3:::bucket", code: .invalidService,
            message: "service s3 in arn arn:aws:s3:::bucket is not a valid service for identities"),
        ErrorCase(
            input: "arn:aws:eks:us-west-2:123456789012:cluster/c", code: .invalidService,
            message: "service eks in arn arn:aws:eks:us-west-2:123456789012:cluster/c is not a valid service for identities"),
        ErrorCase(
            input: "arn:aws:IAM::123456789012:root", code: .invalidService,
            message: "service IAM in arn arn:aws:IAM::123456789012:root is not a valid service for identities"),
    ]

    @Test(arguments: errorCases)
    func rejects(_ c: ErrorCase) {
        #expect {
            try CanonicalARN(canonicalizing: c.input)
        } throws: { error in
            guard let error = error as? ARNError else { return false }
            return error.code == c.code && error.message == c.message
        }
    }

    @Test func everyErrorCodeIsCovered() {
        #expect(Set(Self.errorCases.map(\.code)) == Set(ARNError.Code.allCases))
    }

    @Test func everyPrincipalTypeIsCovered() {
        #expect(Set(Self.canonicalCases.map(\.type)) == Set(PrincipalType.allCases))
    }

    @Test func errorsAreEqualByCode() throws {
        var first: ARNError?
        var second: ARNError?
        do { _ = try CanonicalARN(canonicalizing: "arn:aws:s3:::a") } catch { first = error }
        do { _ = try CanonicalARN(canonicalizing: "arn:aws:ec2:::b") } catch { second = error }
        #expect(first != nil && first == second)
        #expect(first?.message != second?.message)
    }
}
