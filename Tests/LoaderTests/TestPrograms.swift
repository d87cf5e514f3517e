// Why: the loader is tested against real toolchain output (static, static-pie,
// dynamic), built once per test run into a temporary directory.
import Foundation
import XCTest

/// Tiny arm64 programs compiled with aarch64-linux-gnu-gcc, or nil if the compiler is missing.
struct TestPrograms: Sendable {
    let directory: String
    let staticExec: String
    let staticPIE: String
    let dynamic: String

    static let shared: TestPrograms? = build()

    /// The built programs, or an XCTSkip when the cross compiler is missing.
    static func require() throws -> TestPrograms {
        guard let shared else { throw XCTSkip("aarch64-linux-gnu-gcc is not installed") }
        return shared
    }

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// .deps/busybox/busybox-arm64 if bootstrap fetched it.
    static var busybox: String? {
        let path = repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    private static func build() -> TestPrograms? {
        let directory = NSTemporaryDirectory() + "compat-run-loader-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = directory + "/hello.c"
        let text = "#include <stdio.h>\nint main(int c, char **v) { printf(\"hello %d\\n\", c); return 3; }\n"
        guard (try? text.write(toFile: source, atomically: true, encoding: .utf8)) != nil else { return nil }
        let programs = TestPrograms(directory: directory, staticExec: directory + "/hello-static",
                                    staticPIE: directory + "/hello-static-pie", dynamic: directory + "/hello-dynamic")
        let builds = [("-static", programs.staticExec), ("-static-pie", programs.staticPIE), ("-O0", programs.dynamic)]
        for (flag, output) in builds where !compile(source, flag: flag, output: output) { return nil }
        return programs
    }

    private static func compile(_ source: String, flag: String, output: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["aarch64-linux-gnu-gcc", "-O2", flag, source, "-o", output]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// Byte-level helpers for building broken ELF files from good ones.
extension Data {
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }

    func get<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// Offset of program header `index` (e_phoff + 56 * index).
    func phdr(_ index: Int) -> Int { Int(get(UInt64.self, at: 0x20)) + 56 * index }

    var phnum: Int { Int(get(UInt16.self, at: 0x38)) }

    /// Indices of program headers of type `type`.
    func phdrs(ofType type: UInt32) -> [Int] {
        (0..<phnum).filter { get(UInt32.self, at: phdr($0)) == type }
    }
}
