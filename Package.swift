// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "compat-run",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "compat-run", targets: ["compat-run"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibELF", path: "Sources/CLibELF", pkgConfig: "libelf",
                       providers: [.apt(["libelf-dev"])]),
        // Capstone's header only: the translator's Disassembler opens the library at its first
        // use (a link-time dependency cost every start ~77,000 relocations).
        .systemLibrary(name: "CCapstone", path: "Sources/CCapstone", providers: [.apt(["libcapstone-dev"])]),
        .target(name: "CSupport", path: "Sources/CSupport"),
        .target(name: "Loader", dependencies: ["CLibELF", "CSupport"], path: "Sources/Loader"),
        .target(name: "Translator", dependencies: ["CSupport", "CCapstone"], path: "Sources/Translator",
                // The translator's classes are used from one thread per guest CPU: skip the
                // runtime exclusivity checks on its hot paths.
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "SyscallShim", dependencies: ["Translator", "Loader", "CSupport"], path: "Sources/SyscallShim"),
        // qemu-computed known answers (Data/*.txt, from Tests/TranslatorTests/Fixtures/gen_*.py),
        // embedded at build time by QemuFixtureFiles, with their parser and runner: the
        // translator's tests and `compat-run selftest` check against them.
        .target(name: "QemuFixtureFiles", path: "Sources/QemuFixtureData/Embed"),
        .target(name: "QemuFixtureData", dependencies: ["QemuFixtureFiles", "Translator"], path: "Sources/QemuFixtureData",
                exclude: ["Data", "Embed"]),
        .executableTarget(
            name: "compat-run",
            dependencies: [
                "SyscallShim", "Loader", "Translator", "CLibELF", "QemuFixtureData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/compat-run"),
        .testTarget(name: "TranslatorTests", dependencies: ["Translator", "CCapstone", "QemuFixtureData"], path: "Tests/TranslatorTests",
                    exclude: ["Fixtures"]),
        .testTarget(name: "LoaderTests", dependencies: ["Loader", "QemuFixtureData"], path: "Tests/LoaderTests"),
        .testTarget(name: "ShimTests", dependencies: ["SyscallShim"], path: "Tests/ShimTests"),
        .testTarget(name: "CorpusTests", dependencies: ["CCapstone"], path: "Tests/CorpusTests",
                    linkerSettings: [.linkedLibrary("capstone")]),
    ]
)
