import XCTest
@testable import Translator

/// Differential test of the whole JIT path (decode, lift, optimize, emit, run) against
/// qemu-computed results: each fixture instruction runs as a translated block
/// `word; svc #0`, so inline host code and out-of-line helpers are both checked.
final class JITDifferentialTests: XCTestCase {
    func testTranslatedInstructionsMatchQemu() {
        let engine = Engine()
        let slots = QemuFixture.cases.count
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * slots)
        defer { code.deallocate() }
        var next = 0
        let failures = QemuFixture.run { c, cpu in
            let slot = code + 2 * next
            next += 1
            slot[0] = c.word
            slot[1] = 0xD400_0001  // svc #0 ends the block
            cpu.pc = UInt64(UInt(bitPattern: slot))
            switch engine.run(cpu) {
            case .syscall: return cpu.pc == cpu.pc ? nil : "bad pc"
            case .undefinedInstruction: return "translated as undefined"
            case .breakpoint: return "breakpoint"
            case .interrupted: return "interrupted"
            }
        }
        XCTAssertEqual(failures, 0)
    }
}
