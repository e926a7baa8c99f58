// swift-tools-version: 6.0
import PackageDescription

/// The web service (design.md §2, §9): its own package, so that the analysis package's builds and
/// tests never wait for the server stack (SwiftNIO, Hummingbird, GRDB, PostgresNIO).
let package = Package(
    name: "laeval-server",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "laeval-server", targets: ["laeval-server"]),
    ],
    dependencies: [
        .package(name: "laeval", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "LAEvalStore",
            dependencies: [
                .product(name: "LAEvalCore", package: "laeval"), .product(name: "LAEvalData", package: "laeval"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LAEvalWeb",
            dependencies: [
                "LAEvalStore", .product(name: "LAEvalCore", package: "laeval"), .product(name: "LAEvalData", package: "laeval"),
                .product(name: "LAEvalReports", package: "laeval"), .product(name: "LAEvalStudy", package: "laeval"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // Only what a file imports is visible: no extension of a database driver (GRDB's SQL
            // literals, say) can capture the pages' string literals.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .target(
            name: "LAEvalServerCLI",
            dependencies: [
                "LAEvalWeb", "LAEvalStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "laeval-server", dependencies: ["LAEvalServerCLI"]),
        .target(name: "LAEvalStoreTesting", dependencies: ["LAEvalStore", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "LAEvalStoreTests", dependencies: ["LAEvalStore", "LAEvalStoreTesting", .product(name: "LAEvalCore", package: "laeval")]),
        .testTarget(
            name: "LAEvalWebTests",
            dependencies: ["LAEvalWeb", "LAEvalStore", "LAEvalStoreTesting", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "LAEvalCore", package: "laeval"), .product(name: "LAEvalData", package: "laeval")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
