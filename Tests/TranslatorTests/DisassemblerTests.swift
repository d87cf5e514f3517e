import Foundation
import XCTest
@testable import Translator

/// The diagnostic disassembler (Capstone, opened at first use).
final class DisassemblerTests: XCTestCase {
    /// An FP immediate is formatted by Capstone's vsnprintf: in the static build that was a
    /// second libc's, whose locale exists only in the main thread (a guest thread's `-d in_asm`
    /// crashed); it is this executable's now.
    func testFloatImmediateFromAnotherThread() throws {
        guard Disassembler.arm64(0xD65F_03C0, at: 0) != "unknown" else { throw XCTSkip("libcapstone not installed") }
        final class Box: @unchecked Sendable { var text = "" }
        let box = Box()
        let thread = Thread { box.text = Disassembler.arm64(0x1E6E_1000, at: 0x1000) }   // fmov d0, #1.0
        thread.start()
        while !thread.isFinished { usleep(1000) }
        XCTAssertTrue(box.text.hasPrefix("fmov d0, #1.0"), box.text)
        XCTAssertEqual(Disassembler.arm64(0xD65F_03C0, at: 0), "ret")
    }
}
