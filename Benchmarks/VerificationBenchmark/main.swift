import Foundation
import SigV4

// In-process verification of EKS tokens, as the webhook will do it: the presigned URL arrives as text,
// is parsed, checked against the scope and time rules, and its signature verified with a cached key.
// Prints microseconds per token. Run: swift run -c release eksauth-verification-benchmark [TOKENS]

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
let signedAt = Date(timeIntervalSince1970: 1_704_164_645)
let request = SigV4Request(
    method: "GET", authority: "sts.us-east-1.amazonaws.com", path: "/",
    query: [QueryItem("Action", "GetCallerIdentity"), QueryItem("Version", "2011-06-15")],
    headers: [HeaderField("x-k8s-aws-id", "my-cluster")]
)
let url = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts").presignedURL(request, expires: 60, date: signedAt)
let headers = [HeaderField("Host", "sts.us-east-1.amazonaws.com"), HeaderField("x-k8s-aws-id", "my-cluster")]
let verifier = SigV4Verifier.eksToken(regions: nil, keyCache: SigningKeyCache())
let now = signedAt + 60

func verifyOnce() throws {
    let received = try SigV4Request(method: "GET", receivedURL: url, headers: headers)
    let info = try verifier.parse(received)
    try verifier.prevalidate(info, now: now)
    try verifier.verify(received, info, credentials: credentials, now: now)
}

do {
    for _ in 0..<1_000 { try verifyOnce() }
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        for _ in 0..<count { try verifyOnce() }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%d tokens verified in process: %.2f µs per token (%.0f tokens/s on one core)",
                 count, seconds / Double(count) * 1e6, Double(count) / seconds))
} catch {
    print("verification failed: \(error)")
    exit(1)
}
