// An address only the next access uses goes into that access's memory operand (Backend/
// AddressFolding.swift). Each test fails when a fold reads a wrong or clobbered register, or when
// the LEA it replaces is still emitted.
import XCTest
@testable import Translator

final class AddressFoldingTests: XCTestCase {
    func testFoldedAccessesReachTheRightBytes() {
        let counting: [UInt8] = Array(0..<32)
        check([
            jit("ldr x0, [x1, x2]", x1: .buffer(0), x2: 8, memory: counting).expect(x0: 0x0F0E_0D0C_0B0A_0908),
            jit("ldr x0, [x0, x1]", x0: .buffer(0), x1: 8, memory: counting).expect(x0: 0x0F0E_0D0C_0B0A_0908),
            jit("strb wzr, [x1, x2]", x1: .buffer(0), x2: 3, memory: [1, 1, 1, 1, 1]).expect(memory: [1, 1, 1, 0, 1]),
            jit("strh wzr, [x1, x2]; strb w3, [x1, x2]", x1: .buffer(0), x2: 1, x3: 7, memory: [1, 1, 1, 1])
                .expect(memory: [1, 7, 0, 1]),
            jit("ldr d0, [x1, x2, lsl #3]", x1: .buffer(0), x2: 2, memory: counting)
                .expect(v0: V128(lo: 0x1716_1514_1312_1110, hi: 0)),
            jit("ldr q0, [x1, x2]", x1: .buffer(0), x2: 16, memory: counting)
                .expect(v0: V128(lo: 0x1716_1514_1312_1110, hi: 0x1F1E_1D1C_1B1A_1918)),
            jit("str d0, [x1, x2]; add x2, x2, #1", x1: .buffer(0), x2: 2, v0: V128(lo: 0x0807_0605_0403_0201, hi: 0))
                .expect(x2: 3, memory: [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
        ])
    }

    /// `strb wzr, [x20, x0]` (sieve's inner loop) and `ldr x5, [x1, x2]`: one x86 instruction each.
    func testNoLEAForAnAddressOnlyTheAccessUses() {
        let words: [UInt32] = [0x3820_6A9F, 0xF862_6825, 0xD65F_03C0]   // strb wzr, [x20, x0]; ldr x5, [x1, x2]; ret
        let engine = Engine()
        var code: [UInt8] = []
        engine.onTranslate = { code = $0.code }
        words.withUnsafeBufferPointer { w in
            _ = engine.translate(at: UInt64(UInt(bitPattern: w.baseAddress!)))
        }
        let text = Disassembler.x86(code, at: 0).map { $0.text }
        XCTAssertFalse(text.contains { $0.hasPrefix("lea") }, "\(text)")
        XCTAssertTrue(text.contains { $0.hasPrefix("mov byte ptr [r") && $0.contains(" + r") && $0.hasSuffix("], 0") }, "\(text)")
    }
}
