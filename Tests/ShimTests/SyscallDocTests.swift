// docs/syscalls.md is generated from the syscall table and must agree with it; every
// arm64 syscall is in the table or deliberately left out.
import Foundation
import XCTest
@testable import SyscallShim

final class SyscallDocTests: XCTestCase {
    static let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/syscalls.md")

    func testDocumentMatchesTheTable() throws {
        let generated = SyscallTable.documentation()
        if ProcessInfo.processInfo.environment["COMPAT_RUN_REGEN_DOCS"] == "1" {
            try generated.write(to: Self.docURL, atomically: true, encoding: .utf8)
        }
        let onDisk = (try? String(contentsOf: Self.docURL, encoding: .utf8)) ?? ""
        XCTAssertEqual(onDisk, generated, "docs/syscalls.md is stale: COMPAT_RUN_REGEN_DOCS=1 swift test --filter SyscallDocTests")
    }

    func testEveryArm64SyscallIsHandledOrLeftOutOnPurpose() {
        for (number, name) in Arm64Syscalls.names.sorted(by: { $0.key < $1.key }) {
            if let entry = SyscallTable.entry(UInt64(number)) {
                XCTAssertEqual(entry.name, name, "number \(number)")
                XCTAssertNil(SyscallTable.leftOut[number], "\(name) is in the table and in leftOut")
            } else {
                XCTAssertNotNil(SyscallTable.leftOut[number], "\(number) \(name): neither handled nor left out on purpose")
            }
        }
        for (i, entry) in SyscallTable.entries.enumerated() {
            guard let entry else { continue }
            XCTAssertEqual(Arm64Syscalls.names[i], entry.name, "table entry \(i) is not an arm64 syscall")
        }
    }
}
