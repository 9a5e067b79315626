// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "eksauth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "eksauth", targets: ["eksauth"]),
        .executable(name: "eksauth-cli", targets: ["eksauth-cli"]),
        .library(name: "SigV4", targets: ["SigV4"]),
        .library(name: "AWSCore", targets: ["AWSCore"]),
        .library(name: "EKSToken", targets: ["EKSToken"]),
        .library(name: "LocalAWS", targets: ["LocalAWS"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "AccessModel", targets: ["AccessModel"]),
        .library(name: "RBAC", targets: ["RBAC"]),
        .library(name: "PodIdentity", targets: ["PodIdentity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "SigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSConfig",
            dependencies: ["SigV4"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSCore",
            dependencies: [
                "SigV4", "AWSConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EKSTokenCore",
            dependencies: ["SigV4", "AWSConfig"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EKSToken",
            dependencies: [
                "SigV4", "AWSCore", "EKSTokenCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LocalAWS",
            dependencies: ["SigV4", "AWSCore", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PodIdentity",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AccessModel",
            dependencies: ["AWSCore", "SigV4", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RBAC",
            dependencies: ["AccessModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "LocalAWS", "AccessModel", "AWSCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EKSAuthServer",
            dependencies: [
                "SigV4", "AWSCore", "EKSToken", "AccessModel", "LocalAWS", "Storage", "RBAC", "PodIdentity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `eksauth`: signs tokens itself when no network is needed and hands every other call to
        // `eksauth-cli`, which must sit beside it (`swift build` builds both). Linked with the Swift
        // libraries static: as shared libraries they cost more resident memory than a whole token
        // (see BENCHMARKS.md).
        .executableTarget(
            name: "eksauth",
            dependencies: ["EKSTokenCore"],
            swiftSettings: swiftSettings,
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux])),
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux])),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux])),
            ]
        ),
        .executableTarget(
            name: "eksauth-cli",
            dependencies: [
                "SigV4", "AWSCore", "EKSToken", "AccessModel", "LocalAWS", "Storage", "EKSAuthServer", "RBAC", "PodIdentity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/EKSAuthCLI",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "eksauth-rbac-benchmark",
            dependencies: ["RBAC"],
            path: "Benchmarks/RBACBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "eksauth-verification-benchmark",
            dependencies: ["SigV4"],
            path: "Benchmarks/VerificationBenchmark",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SigV4Tests",
            dependencies: ["SigV4"],
            exclude: ["botocore_sign.py"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: ["AWSCore"],
            exclude: ["botocore_sts_endpoint.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LocalAWSTests", dependencies: ["LocalAWS", "AWSCore", "SigV4", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings),
        .testTarget(name: "EKSAuthServerTests", dependencies: ["EKSAuthServer", "AWSCore", "SigV4"], swiftSettings: swiftSettings),
        .testTarget(name: "AccessModelTests", dependencies: ["AccessModel", "AWSCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PodIdentityTests",
            dependencies: ["PodIdentity", "LocalAWS", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings),
        .testTarget(name: "RBACTests", dependencies: ["RBAC", "AccessModel"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "LocalAWS"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EKSTokenTests",
            dependencies: ["EKSToken", "AWSCore", "SigV4", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["EKSToken", "AWSCore"],
            resources: [.copy("Support")],
            swiftSettings: swiftSettings
        ),
    ]
)
