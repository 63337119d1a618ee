// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every target: strict existentials and explicit member imports.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Accredit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "accreditctl", targets: ["accreditctl"]),
        .library(name: "Statecharts", targets: ["Statecharts"]),
        .library(name: "AccreditEngine", targets: ["AccreditEngine"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "EvidenceStore", targets: ["EvidenceStore"]),
        .library(name: "CaseService", targets: ["CaseService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "Statecharts", swiftSettings: swiftSettings),
        .target(
            name: "AccreditEngine",
            dependencies: ["Statecharts", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Workflows",
            dependencies: ["AccreditEngine", "Statecharts", "CLibXML2"],
            // Schema links to Definitions/schema: the XSDs users see are the ones embedded, with no second copy.
            resources: [.embedInCode("Schema")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EvidenceStore",
            dependencies: [
                "AccreditEngine", "Statecharts", "CLibPQ", .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Migrations")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EmbeddedPostgres",
            dependencies: ["EvidenceStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StoreBackup",
            dependencies: [
                "AccreditEngine", "Statecharts", "EvidenceStore", "EmbeddedPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CaseService",
            dependencies: [
                "AccreditEngine", "Statecharts", "Workflows", "EvidenceStore", "Mail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AccreditAPI",
            dependencies: ["AccreditEngine", "Statecharts", "Workflows", "EvidenceStore", "CaseService", "Mail"],
            resources: [.embedInCode("OpenAPI")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AccreditPortal",
            dependencies: [
                "AccreditAPI", "AccreditEngine", "Statecharts", "EvidenceStore", "CaseService",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Templates and Assets are the pages' mustache templates, stylesheet and script, compiled in: the
            // server serves them from memory, with nothing to deploy beside the binary.
            resources: [.embedInCode("Templates"), .embedInCode("Assets")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AccreditServer",
            dependencies: [
                "AccreditAPI", "AccreditPortal", "AccreditEngine", "Statecharts", "EvidenceStore", "CaseService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "accreditctl",
            dependencies: [
                "AccreditEngine", "Statecharts", "Workflows", "EvidenceStore", "EmbeddedPostgres", "CaseService",
                "AccreditAPI", "AccreditServer", "Mail", "StoreBackup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Shipped links to the shipped workflow and framework in Definitions/: `init` and `demo` publish them
            // from any directory, with no second copy.
            resources: [.embedInCode("Shipped")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FuzzTargets",
            dependencies: ["AccreditEngine", "Statecharts", "Workflows"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AccreditFuzz",
            dependencies: ["FuzzTargets"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AccreditBenchmarks",
            dependencies: ["AccreditEngine", "Statecharts", "Workflows"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "AccreditEngine", "Statecharts", "EvidenceStore", "EmbeddedPostgres", "CaseService", "Workflows",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["EvidenceStore", "AccreditEngine", "Statecharts", "EmbeddedPostgres"],
            path: "Tests/PostgresTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceTestSupport",
            dependencies: [
                "PostgresTestSupport", "CaseService", "EvidenceStore", "AccreditEngine", "Statecharts", "Workflows",
            ],
            path: "Tests/ServiceTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StatechartsTestSupport",
            dependencies: ["Statecharts"],
            path: "Tests/StatechartsTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StatechartsTests", dependencies: ["Statecharts", "StatechartsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditEngineTests", dependencies: ["AccreditEngine", "Statecharts", "StatechartsTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: ["Workflows", "AccreditEngine", "Statecharts", "FuzzTargets"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EvidenceStoreTests",
            dependencies: ["EvidenceStore", "AccreditEngine", "Statecharts", "PostgresTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CaseServiceTests",
            dependencies: [
                "CaseService", "AccreditEngine", "Statecharts", "EvidenceStore", "Workflows", "PostgresTestSupport",
                "ServiceTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditServerTests",
            dependencies: [
                "AccreditServer", "AccreditAPI", "AccreditPortal", "CaseService", "EvidenceStore", "AccreditEngine",
                "Statecharts", "PostgresTestSupport", "ServiceTestSupport", "Mail", "MailTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MailTestSupport",
            path: "Tests/MailTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MailTests",
            dependencies: ["Mail", "MailTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditPortalTests",
            dependencies: ["AccreditPortal", "AccreditAPI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditctlTests",
            dependencies: [
                "accreditctl", "PostgresTestSupport", "EvidenceStore", "EmbeddedPostgres", "CaseService",
                "AccreditEngine", "Statecharts", "Workflows", "MailTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
