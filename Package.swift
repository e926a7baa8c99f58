// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "laeval",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "laeval", targets: ["laeval"]),
        .library(name: "LAEvalCore", targets: ["LAEvalCore"]),
        .library(name: "LAEvalData", targets: ["LAEvalData"]),
        .library(name: "LAEvalStats", targets: ["LAEvalStats"]),
        .library(name: "LAEvalEstimators", targets: ["LAEvalEstimators"]),
        .library(name: "LAEvalStudy", targets: ["LAEvalStudy"]),
        .library(name: "LAEvalReports", targets: ["LAEvalReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(name: "LAEvalCore"),
        .target(name: "LAEvalStats", swiftSettings: optimisedInDebug),
        .target(name: "LAEvalEstimators", dependencies: ["LAEvalStats"], swiftSettings: optimisedInDebug),
        .target(
            name: "LAEvalData",
            dependencies: [
                "LAEvalCore", "LAEvalStats", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "LAEvalStudy", dependencies: ["LAEvalCore", "LAEvalStats", "LAEvalEstimators", "LAEvalData"]),
        .target(
            name: "LAEvalReports",
            dependencies: ["LAEvalCore", "LAEvalData", "LAEvalEstimators", "LAEvalStudy", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "LAEvalCLI",
            dependencies: [
                "LAEvalCore", "LAEvalStats", "LAEvalEstimators", "LAEvalData", "LAEvalStudy", "LAEvalReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "laeval", dependencies: ["LAEvalCLI"]),
        .testTarget(name: "LAEvalCoreTests", dependencies: ["LAEvalCore"]),
        .testTarget(
            name: "LAEvalStatsTests",
            dependencies: ["LAEvalStats", "LAEvalData", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LAEvalDataTests",
            dependencies: ["LAEvalCore", "LAEvalData", "LAEvalStats", "LAEvalStudy", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "LAEvalEstimatorsTests",
            dependencies: ["LAEvalEstimators", "LAEvalStats", "LAEvalData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LAEvalStudyTests", dependencies: ["LAEvalCore", "LAEvalData", "LAEvalEstimators", "LAEvalStudy"]),
        .testTarget(name: "LAEvalReportsTests", dependencies: ["LAEvalReports", "LAEvalStudy", "LAEvalData", "LAEvalCore"]),
        .testTarget(name: "LAEvalCLITests", dependencies: ["LAEvalCLI", "LAEvalData"]),
    ],
    swiftLanguageModes: [.v6]
)

/// The numerical modules are compiled with optimisation in debug builds too: the simulations of
/// the scoping stage and the estimator tests run some twenty times faster, at the cost of a slower
/// compile of these two modules. (Tests still reach their internals: SwiftPM's debug builds pass
/// -enable-testing.)
var optimisedInDebug: [SwiftSetting] { [.unsafeFlags(["-O"], .when(configuration: .debug))] }
