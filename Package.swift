// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "conductor-mcp-dynamic",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "conductor-mcp-dynamic", targets: ["conductor-mcp-dynamic"]),
        .executable(name: "conductor-emulator", targets: ["conductor-emulator"]),
        .library(name: "ConductorMCPCore", targets: ["ConductorMCPCore"]),
        .library(name: "ConductorMCPServer", targets: ["ConductorMCPServer"]),
        .library(name: "ConductorEmulator", targets: ["ConductorEmulator"]),
    ],
    // Exact pins: packages resolve from a local mirror that holds only these versions, and the tests' goldens and
    // figures were recorded against them. Package.resolved stays out of git because the mirror's commit ids are not
    // upstream's, so a resolved file from one machine would not resolve on another.
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit", exact: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // The OSS 3.x document compiled into the binary, shared by the server (default spec) and the emulator.
        .target(name: "BundledSpecs", path: "Sources/BundledSpecs"),
        // Core: OpenAPI loading, endpoint index, search, schema rendering, request building,
        // response compression and HTTP. Knows nothing of MCP.
        .target(
            name: "ConductorMCPCore",
            dependencies: [
                "BundledSpecs",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // MCP layer: the three tools, the one JSON-RPC dispatch path (MCPSession) and the transports that feed it.
        .target(
            name: "ConductorMCPServer",
            dependencies: [
                "ConductorMCPCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Thin executable: flags and wiring.
        .executableTarget(
            name: "conductor-mcp-dynamic",
            dependencies: [
                "ConductorMCPCore",
                "ConductorMCPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test and demo support: an in-memory Conductor server. Never linked into conductor-mcp-dynamic.
        .target(
            name: "ConductorEmulator",
            dependencies: [
                "BundledSpecs",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "conductor-emulator",
            dependencies: [
                "ConductorEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks print figures; they are not tests, and not a product users see (`scripts/bench` builds the
        // target by name).
        .executableTarget(name: "conductor-mcp-bench", dependencies: ["ConductorMCPCore"]),
        .testTarget(
            name: "ConductorMCPCoreTests",
            dependencies: [
                "ConductorMCPCore",
                "BundledSpecs",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ConductorMCPServerTests",
            dependencies: [
                "ConductorMCPServer", "ConductorMCPCore", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ConductorEmulatorTests",
            dependencies: [
                "ConductorEmulator",
                "BundledSpecs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
