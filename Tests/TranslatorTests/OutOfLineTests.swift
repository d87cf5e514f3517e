import QemuFixtureData
import XCTest
@testable import Translator

/// Known-answer tests for the out-of-line FP/SIMD semantics. `FixtureCases.outOfLine` holds
/// cases computed under qemu-aarch64 (Fixtures/gen_outofline.py); a few hand cases
/// cover what the generator cannot (SP as base, unallocated encodings).
final class OutOfLineTests: XCTestCase {
    /// The family a word reaches, from the decoder pattern that matches it.
    static func family(_ word: UInt32) -> OutOfLine? {
        guard let p = A64Decoder.decode(word) else { return nil }
        let families: [String: OutOfLine] = [
            "SIMD 3-same": .simdThreeSame, "SIMD 2-reg misc": .simdTwoRegMisc, "SIMD across lanes": .simdAcrossLanes,
            "SIMD copy": .simdCopy, "SIMD modified imm": .simdModifiedImmediate, "SIMD shift imm": .simdShiftImmediate,
            "SIMD 3-different": .simdThreeDifferent, "SIMD permute": .simdPermute, "SIMD extract": .simdExtract,
            "SIMD table lookup": .simdTableLookup, "LD1/ST1 multiple": .simdLoadStoreMultiple,
            "LD1/ST1 mult post": .simdLoadStoreMultiple, "LD1/ST1 single": .simdLoadStoreSingle,
            "LD1/ST1 sgl post": .simdLoadStoreSingle, "SIMD scalar pairwise": .simdScalarPairwise,
            "SIMD scalar 3-same": .simdScalarThreeSame, "SIMD scalar 3-diff": .simdScalarThreeDifferent, "SIMD scalar 2-reg": .simdScalarTwoRegMisc,
            "SIMD scalar shift": .simdScalarShiftImmediate, "SIMD scalar copy": .simdScalarCopy,
            "FP<->int": .fpIntConvert, "FP<->fixed": .fpFixedConvert, "FCCMP": .fpCondCompare,
            "FP 1-source": .fpDataProcessing1, "FP 2-source": .fpDataProcessing2,
            "SIMD indexed": .simdIndexedElement, "SIMD scalar indexed": .simdScalarIndexedElement,
            "FP 3-source": .fpDataProcessing3, "FP compare": .fpCompare,
            "AES": .cryptoAES, "SHA 3-reg": .cryptoSHA3, "SHA 2-reg": .cryptoSHA2,
        ]
        return families[p.name]
    }

    func testQemuKnownAnswers() {
        XCTAssertGreaterThan(FixtureCases.outOfLine.count, 1000)
        let failures = QemuFixture.check(FixtureCases.outOfLine) { c, cpu in
            guard let family = Self.family(c.word) else { return "no out-of-line family" }
            guard OutOfLineSemantics.supports(family, c.word) else { return "\(family) does not support it" }
            OutOfLineSemantics.execute(family, c.word, cpu)
            return nil
        }
        XCTAssertEqual(failures, 0)
    }

    /// Cases whose whole FPSR (cumulative exception flags too) is compared with qemu.
    func testQemuKnownAnswersWithStatus() {
        XCTAssertGreaterThan(FixtureCases.floatStatus.count, 100)
        let failures = QemuFixture.check(FixtureCases.floatStatus) { c, cpu in
            guard let family = Self.family(c.word) else { return "no out-of-line family" }
            guard OutOfLineSemantics.supports(family, c.word) else { return "\(family) does not support it" }
            OutOfLineSemantics.execute(family, c.word, cpu)
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
            XCTAssertFalse(OutOfLineSemantics.supports(f, w), "\(f) claims \(String(w, radix: 16))")
        }
        XCTAssertFalse(OutOfLineSemantics.supports(.simdShiftImmediate, 0x0F00_0420))  // immh = 0: modified immediate
        XCTAssertTrue(OutOfLineSemantics.supports(.simdTwoRegMisc, 0x4EE0_B820))  // abs v0.2d, v1.2d
    }

    func testStackPointerBaseAndRegisterWrap() {
        let cpu = CPUState()
        let mem = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { mem.deallocate() }
        for i in 0..<64 { mem.storeBytes(of: UInt8(i), toByteOffset: i, as: UInt8.self) }
        let base = UInt64(UInt(bitPattern: mem))
        cpu.sp = base
        OutOfLineSemantics.execute(.simdLoadStoreMultiple, 0x4CDF_73E0, cpu)  // ld1 {v0.16b}, [sp], #16
        XCTAssertEqual(cpu.v(0).lo, 0x0706_0504_0302_0100)
        XCTAssertEqual(cpu.sp, base + 16)
        cpu.setV(2, lo: 0x1111, hi: 0x2222)
        OutOfLineSemantics.execute(.simdLoadStoreMultiple, 0x4C00_7FE2, cpu)  // st1 {v2.2d}, [sp]
        XCTAssertEqual(mem.load(fromByteOffset: 16, as: UInt64.self), 0x1111)
        XCTAssertEqual(mem.load(fromByteOffset: 24, as: UInt64.self), 0x2222)
        cpu.setX(3, 4)
        OutOfLineSemantics.execute(.simdLoadStoreSingle, 0x4DC3_93FF, cpu)  // ld1 {v31.s}[3], [sp], x3
        XCTAssertEqual(cpu.v(31).hi >> 32, 0x1111)
        XCTAssertEqual(cpu.sp, base + 20)
        cpu.setX(0, base)
        OutOfLineSemantics.execute(.simdLoadStoreMultiple, 0x4C40_001E, cpu)  // ld4 {v30-v1.16b}, [x0]
        XCTAssertEqual(cpu.v(30).lo & 0xFF, 0)
        XCTAssertEqual(cpu.v(31).lo & 0xFF, 1)
        XCTAssertEqual(cpu.v(0).lo & 0xFFFF, 0x0602)
        XCTAssertEqual(cpu.v(1).lo & 0xFF, 3)
    }

    func testZeroRegisterOperands() {
        let cpu = CPUState()
        cpu.sp = 0x1234_5678
        cpu.setV(1, lo: 0xAABB_CCDD, hi: 0)
        OutOfLineSemantics.execute(.fpIntConvert, 0x9E62_03E0, cpu)  // scvtf d0, xzr
        XCTAssertEqual(cpu.v(0).lo, 0)
        cpu.setV(0, lo: ~0, hi: ~0)
        OutOfLineSemantics.execute(.simdCopy, 0x4E04_0FE0, cpu)  // dup v0.4s, wzr
        XCTAssertEqual(cpu.v(0).lo, 0)
        XCTAssertEqual(cpu.v(0).hi, 0)
        cpu.setV(0, lo: ~0, hi: ~0)
        OutOfLineSemantics.execute(.simdCopy, 0x4E0C_1FE0, cpu)  // mov v0.s[1], wzr
        XCTAssertEqual(cpu.v(0).lo, 0x0000_0000_FFFF_FFFF)
        OutOfLineSemantics.execute(.simdCopy, 0x0E04_3C3F, cpu)  // mov wzr, v1.s[0]: SP untouched
        XCTAssertEqual(cpu.sp, 0x1234_5678)
    }

    func testSaturationSetsQC() {
        let cpu = CPUState()
        cpu.setV(1, lo: 0xFF, hi: 0)
        cpu.setV(2, lo: 0x01, hi: 0)
        OutOfLineSemantics.execute(.simdThreeSame, 0x6E22_0C20, cpu)  // uqadd v0.16b, v1.16b, v2.16b
        XCTAssertEqual(cpu.v(0).lo, 0xFF)
        XCTAssertNotEqual(cpu.fpsr & (1 << 27), 0)
    }

    func testFloatToIntSaturation() {
        let cpu = CPUState()
        let cases: [(Double, UInt64)] = [(.nan, 0), (1e20, 0x7FFF_FFFF), (-1e20, 0x8000_0000), (-1.9, 0xFFFF_FFFF), (2.9, 2)]
        for (x, want) in cases {
            cpu.setV(1, lo: x.bitPattern, hi: 0)
            cpu.setX(0, ~0)
            OutOfLineSemantics.execute(.fpIntConvert, 0x1E78_0020, cpu)  // fcvtzs w0, d1
            XCTAssertEqual(cpu.x(0), want, "fcvtzs w0 of \(x)")
        }
    }

    /// By-element forms whose Vm is outside V0-V7 (the fixture's registers), and the
    /// by-element encodings left to SIGILL (half precision, dot product, RDM, 1D, L=1 for D).
    func testIndexedElementHighRegistersAndUnallocated() {
        let cpu = CPUState()
        cpu.setV(1, lo: 2.0.bitPattern, hi: 3.0.bitPattern)
        cpu.setV(17, lo: 0, hi: 0.5.bitPattern)
        cpu.setV(0, lo: 1.0.bitPattern, hi: 1.0.bitPattern)
        OutOfLineSemantics.execute(.simdIndexedElement, 0x4FD1_1820, cpu)  // fmla v0.2d, v1.2d, v17.d[1]
        XCTAssertEqual(cpu.v(0).lo, 2.0.bitPattern)
        XCTAssertEqual(cpu.v(0).hi, 2.5.bitPattern)
        cpu.setV(1, lo: 0x0000_0003_0000_0002, hi: 0x0000_0005_0000_0004)
        cpu.setV(31, lo: 0, hi: 0x0000_0007_0000_0000)
        cpu.setV(0, lo: 0x0000_0001_0000_0001, hi: 0x0000_0001_0000_0001)
        OutOfLineSemantics.execute(.simdIndexedElement, 0x6FBF_0820, cpu)  // mla v0.4s, v1.4s, v31.s[3]
        XCTAssertEqual(cpu.v(0).lo, 0x0000_0016_0000_000F)
        XCTAssertEqual(cpu.v(0).hi, 0x0000_0024_0000_001D)
        for w: UInt32 in [0x6FA2_D020, 0x4FA2_E020, 0x4F12_1020, 0x5F12_1020, 0x0FD1_1820, 0x4FF1_1820, 0x0F22_8020,
                          0x5F42_8020, 0x5F82_2020] {
            guard let f = Self.family(w) else { XCTFail("\(String(w, radix: 16)) not decoded"); continue }
            XCTAssertFalse(OutOfLineSemantics.supports(f, w), "\(f) claims \(String(w, radix: 16))")
        }
    }

    /// FZ detects tininess before rounding: (1 - 2^-24) * 2^-126 rounds to the smallest
    /// normal under round-to-nearest, but its exact value is tiny (values from qemu).
    func testFlushToZeroTininessBeforeRounding() {
        let want: [UInt64] = [0x0080_0000, 0x0080_0000, 0x007F_FFFF, 0x007F_FFFF, 0, 0, 0, 0]
        for mode in 0..<8 {
            let cpu = CPUState()
            cpu.fpcr = UInt32(mode >> 2) << 24 | UInt32(mode & 3) << 22
            cpu.setV(1, lo: 0x3F7F_FFFF, hi: 0)
            cpu.setV(2, lo: 0x0080_0000, hi: 0)
            OutOfLineSemantics.execute(.fpDataProcessing2, 0x1E22_0820, cpu)  // fmul s0, s1, s2
            XCTAssertEqual(cpu.v(0).lo, want[mode], "FZ \(mode >> 2) RMode \(mode & 3)")
        }
    }
}
