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
        for number in SyscallNumber.allCases {
            if let entry = SyscallTable.entry(UInt64(number.rawValue)) {
                XCTAssertEqual(entry.number, number)
                XCTAssertNil(SyscallTable.leftOut[number], "\(number.name) is in the table and in leftOut")
            } else {
                XCTAssertNotNil(SyscallTable.leftOut[number], "\(number.rawValue) \(number.name): neither handled nor left out on purpose")
            }
        }
        for (i, entry) in SyscallTable.entries.enumerated() {
            guard let entry else { continue }
            XCTAssertEqual(entry.number.rawValue, i, "table entry \(i) is filed under another number")
        }
        XCTAssertEqual(SyscallNumber.allCases.count, 295 - 16 + 46, "0-294 without the arch-specific 244-259, and 424-469")
    }
}
