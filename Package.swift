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
        .library(name: "AccreditEngine", targets: ["AccreditEngine"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "EvidenceStore", targets: ["EvidenceStore"]),
        .library(name: "CaseService", targets: ["CaseService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "AccreditEngine",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Workflows",
            dependencies: ["AccreditEngine", "CLibXML2"],
            // Schema links to Definitions/schema: the XSDs users see are the ones embedded, with no second copy.
            resources: [.embedInCode("Schema")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EvidenceStore",
            dependencies: ["AccreditEngine", "CLibPQ", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.embedInCode("Migrations")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CaseService",
            dependencies: ["AccreditEngine", "Workflows", "EvidenceStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "accreditctl",
            dependencies: [
                "AccreditEngine", "Workflows", "EvidenceStore", "CaseService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FuzzTargets",
            dependencies: ["AccreditEngine", "Workflows"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AccreditFuzz",
            dependencies: ["FuzzTargets"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AccreditBenchmarks",
            dependencies: ["AccreditEngine", "Workflows"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: ["AccreditEngine", "EvidenceStore", "CaseService", "Workflows"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["EvidenceStore"],
            path: "Tests/PostgresTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AccreditEngineTests", dependencies: ["AccreditEngine"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: ["Workflows", "AccreditEngine", "FuzzTargets"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EvidenceStoreTests",
            dependencies: ["EvidenceStore", "AccreditEngine", "PostgresTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CaseServiceTests",
            dependencies: ["CaseService", "AccreditEngine", "EvidenceStore", "Workflows", "PostgresTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditctlTests",
            dependencies: [
                "accreditctl", "PostgresTestSupport", "EvidenceStore", "AccreditEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
