import QemuFixtureData
import XCTest
@testable import Translator

/// Known-answer tests for the out-of-line FP/SIMD semantics: `FixtureCases.outOfLine` and
/// `FixtureCases.floatStatus` hold cases computed under qemu-aarch64 (Fixtures/gen_outofline.py,
/// gen_fpstatus.py), run on the helpers directly; unallocated encodings must not be claimed.
/// (Operands the generator cannot reach are InstructionSpecs/SIMDSpecs.)
final class OutOfLineTests: XCTestCase {
    /// The out-of-line family a word reaches, from the instruction the decoder finds.
    static func family(_ word: UInt32) -> OutOfLine? {
        guard let p = A64Decoder.decode(word) else { return nil }
        let families: [A64Instruction: OutOfLine] = [
            .simdThreeSame: .simdThreeSame, .simdTwoRegMisc: .simdTwoRegMisc, .simdAcrossLanes: .simdAcrossLanes,
            .simdCopy: .simdCopy, .simdModifiedImmediate: .simdModifiedImmediate, .simdShiftImmediate: .simdShiftImmediate,
            .simdThreeDifferent: .simdThreeDifferent, .simdPermute: .simdPermute, .simdExtract: .simdExtract,
            .simdTableLookup: .simdTableLookup, .ld1st1Multiple: .simdLoadStoreMultiple, .ldNstNMultiple: .simdLoadStoreMultiple,
            .ld1st1MultiplePost: .simdLoadStoreMultiple, .ldNstNMultiplePost: .simdLoadStoreMultiple,
            .simdLoadStoreSingle: .simdLoadStoreSingle, .simdLoadStoreSinglePost: .simdLoadStoreSingle,
            .simdScalarPairwise: .simdScalarPairwise, .simdScalarThreeSame: .simdScalarThreeSame,
            .simdScalarThreeDifferent: .simdScalarThreeDifferent, .simdScalarTwoRegMisc: .simdScalarTwoRegMisc,
            .simdScalarShiftImmediate: .simdScalarShiftImmediate, .simdScalarCopy: .simdScalarCopy,
            .fpIntegerConversion: .fpIntConvert, .fpFixedConversion: .fpFixedConvert, .fccmp: .fpCondCompare,
            .fpDataProcessing1: .fpDataProcessing1, .fpDataProcessing2: .fpDataProcessing2,
            .simdIndexedElement: .simdIndexedElement, .simdScalarIndexedElement: .simdScalarIndexedElement,
            .fpDataProcessing3: .fpDataProcessing3, .fpCompare: .fpCompare,
            .aes: .cryptoAES, .sha3Register: .cryptoSHA3, .sha2Register: .cryptoSHA2,
        ]
        return families[p.id]
    }

    func testQemuKnownAnswers() {
        XCTAssertGreaterThan(FixtureCases.outOfLine.count, 1000)
        let failures = QemuFixture.check(FixtureCases.outOfLine) { c, cpu in
            guard let family = Self.family(c.word) else { return "no out-of-line family" }
            guard let operation = OutOfLineSemantics.operation(family, InstructionWord(c.word)) else {
                return "\(family) does not support it"
            }
            // Through the helper call's immediates, as generated code passes it.
            OutOfLineSemantics.execute(SemanticOperation(packed: operation.packed), cpu)
            return nil
        }
        XCTAssertEqual(failures, 0)
    }

    /// Cases whose whole FPSR (cumulative exception flags too) is compared with qemu.
    func testQemuKnownAnswersWithStatus() {
        XCTAssertGreaterThan(FixtureCases.floatStatus.count, 100)
        let failures = QemuFixture.check(FixtureCases.floatStatus) { c, cpu in
            guard let family = Self.family(c.word) else { return "no out-of-line family" }
            guard let operation = OutOfLineSemantics.operation(family, InstructionWord(c.word)) else {
                return "\(family) does not support it"
            }
            // Through the helper call's immediates, as generated code passes it.
            OutOfLineSemantics.execute(SemanticOperation(packed: operation.packed), cpu)
            return nil
        }
        XCTAssertEqual(failures, 0)
    }

    /// Words that disassemble as undefined (or FP16 / immh = 0 forms we leave to SIGILL).
    func testUnallocatedEncodingsAreRejected() {
        let words: [UInt32] = [
            0x0EE2_8420, 0x4EE2_9C20, 0x0EB1_B820, 0x0F40_A420, 0x0E02_0820, 0x2E02_4020, 0x0C40_1000, 0x0C40_8C00,
            0x0D40_4400, 0x0D00_C000, 0x1E2A_0000, 0x1EE2_0000, 0x1E02_0000, 0x0F00_FC00, 0x2F00_F400, 0x0E10_0400,
            0x0E08_3C00, 0x4E40_0000, 0x0EE0_0000, 0x5EA0_8400, 0x6E20_F820, 0x4E60_E000,
        ]
        for w in words {
            guard let f = Self.family(w) else { continue }
            XCTAssertNil(OutOfLineSemantics.operation(f, InstructionWord(w)), "\(f) claims \(String(w, radix: 16))")
        }
        XCTAssertNil(OutOfLineSemantics.operation(.simdShiftImmediate, InstructionWord(0x0F00_0420)))  // immh = 0: modified immediate
        XCTAssertNotNil(OutOfLineSemantics.operation(.simdTwoRegMisc, InstructionWord(0x4EE0_B820)))  // abs v0.2d, v1.2d
    }

    /// The by-element encodings left to SIGILL (half precision, dot product, RDM, 1D, L=1 for D).
    func testIndexedElementUnallocated() {
        for w: UInt32 in [0x6FA2_D020, 0x4FA2_E020, 0x4F12_1020, 0x5F12_1020, 0x0FD1_1820, 0x4FF1_1820, 0x0F22_8020,
                          0x5F42_8020, 0x5F82_2020] {
            guard let f = Self.family(w) else { XCTFail("\(String(w, radix: 16)) not decoded"); continue }
            XCTAssertNil(OutOfLineSemantics.operation(f, InstructionWord(w)), "\(f) claims \(String(w, radix: 16))")
        }
    }

    /// The operation travels as two 64-bit immediates: exactly its own bytes, no padding, and
    /// no larger than the other helper kinds (the IR op must not grow).
    func testOperationPacksIntoTwoImmediates() {
        XCTAssertEqual(MemoryLayout<SemanticOperation>.size, 16)
        XCTAssertEqual(MemoryLayout<SemanticOperation>.stride, 16)
        XCTAssertEqual(MemoryLayout<HelperKind>.size, MemoryLayout<CRC32Kind>.size)
        var o = SemanticOperation(.simdIndexedElement, op: 3)
        o.d = 31; o.n = 7; o.m = 15; o.a = 2; o.esize = 64; o.q = true; o.signed = true
        o.modifiers = [.accumulate, .wide]; o.rounding = .towardZero; o.index = 3; o.index2 = 1; o.count = 4
        XCTAssertEqual(SemanticOperation(packed: o.packed), o)
    }
}
