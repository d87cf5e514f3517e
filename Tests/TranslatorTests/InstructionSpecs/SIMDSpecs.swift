import XCTest

/// FP/SIMD instructions whose operands the qemu fixtures cannot reach (SP as base, register
/// numbers that wrap past V31, XZR/WZR operands, Vm above V7), and a few documented edge results.
final class SIMDSpecs: XCTestCase {
    /// Bytes 0, 1, 2, ... 63 at the start of the buffer.
    static let counting: [UInt8] = Array(0..<64)

    func testStructureLoadsAndStoresWithSPBaseAndRegisterWrap() {
        check([
            jit("ld1 {v0.16b}, [sp], #16", sp: .buffer(0), memory: Self.counting)
                .expect(sp: .buffer(16), v0: V128(lo: 0x0706_0504_0302_0100, hi: 0x0F0E_0D0C_0B0A_0908)),
            jit("st1 {v2.2d}, [sp]", sp: .buffer(16), v2: V128(lo: 0x1111, hi: 0x2222))
                .expect(memory: [UInt8](repeating: 0, count: 16) + [0x11, 0x11, 0, 0, 0, 0, 0, 0, 0x22, 0x22, 0, 0, 0, 0, 0, 0]),
            jit("ld1 {v31.s}[3], [sp], x3", x3: 4, sp: .buffer(16), memory: [UInt8](repeating: 0, count: 16) + [0x11, 0x11])
                .expect(sp: .buffer(20), v31: V128(lo: 0, hi: 0x1111 << 32)),
            // V30, V31, V0, V1: the register number wraps.
            jit("ld4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]", x0: .buffer(0), memory: Self.counting)
                .expect(v0: V128(lo: 0x1E1A_1612_0E0A_0602, hi: 0x3E3A_3632_2E2A_2622),
                        v1: V128(lo: 0x1F1B_1713_0F0B_0703, hi: 0x3F3B_3733_2F2B_2723),
                        v30: V128(lo: 0x1C18_1410_0C08_0400, hi: 0x3C38_3430_2C28_2420),
                        v31: V128(lo: 0x1D19_1511_0D09_0501, hi: 0x3D39_3531_2D29_2521)),
        ])
    }

    func testZeroRegisterOperands() {
        let ones = V128(lo: ~0, hi: ~0)
        check([
            jit("scvtf d0, xzr", sp: 0x1234_5678, v0: ones).expect(v0: 0),
            jit("dup v0.4s, wzr", v0: ones).expect(v0: 0),
            jit("mov v0.s[1], wzr", v0: ones).expect(v0: V128(lo: 0x0000_0000_FFFF_FFFF, hi: ~0)),
            // The destination is WZR, not WSP: nothing changes.
            jit("umov wzr, v1.s[0]", sp: 0x1234_5678, v1: 0xAABB_CCDD).expect(),
        ])
    }

    /// A block naming 28 V registers (the vector cache has 11 slots: evictions on most misses),
    /// scalar results from operands whose upper bits are set (Arm's results zero them).
    func testScalarChainThroughEvictions() {
        func d(_ x: Double) -> V128 { V128(lo: x.bitPattern, hi: 0) }
        func input(_ x: Double) -> V128 { V128(lo: x.bitPattern, hi: 0xAAAA) }
        check([
            jit("""
                fmul d14, d1, d2; fmul d15, d3, d4; fmul d16, d5, d6; fmul d17, d7, d8; fmul d18, d9, d10
                fmul d19, d11, d12; fadd d20, d14, d15; fadd d21, d16, d17; fadd d22, d18, d19; fmul d23, d13, d1
                fadd d24, d20, d21; fadd d25, d22, d23; fsub d0, d25, d24; fmov d26, d1; fsqrt d27, d4
                """,
                v1: input(1), v2: input(2), v3: input(3), v4: input(4), v5: input(5), v6: input(6), v7: input(7),
                v8: input(8), v9: input(9), v10: input(10), v11: input(11), v12: input(12), v13: input(13))
                .expect(v0: d(135), v14: d(2), v15: d(12), v16: d(30), v17: d(56), v18: d(90), v19: d(132), v20: d(14),
                        v21: d(86), v22: d(222), v23: d(13), v24: d(100), v25: d(235), v26: d(1), v27: d(2), fpsr: 0),
            jit("fmul s0, s1, s2; fmov s3, s1; eor v4.8b, v1.8b, v2.8b; cmeq v5.8b, v6.8b, #0",
                v1: V128(lo: 0xDEAD_BEEF_0000_0000 | UInt64(Float(3).bitPattern), hi: 0x1234),
                v2: V128(lo: UInt64(Float(5).bitPattern), hi: 0x5678), v6: V128(lo: 0xFF00, hi: 0x99))
                .expect(v0: V128(lo: UInt64(Float(15).bitPattern), hi: 0), v3: V128(lo: UInt64(Float(3).bitPattern), hi: 0),
                        v4: V128(lo: 0xDEAD_BEEF_0000_0000 | UInt64(Float(3).bitPattern ^ Float(5).bitPattern), hi: 0),
                        v5: V128(lo: 0xFFFF_FFFF_FFFF_00FF, hi: 0), fpsr: 0),
        ])
    }

    /// The rare results the inline checks send to cold code: an exact product just below the
    /// smallest normal that rounds up to it (Arm: tiny before rounding, UFC), NaN operand
    /// priority (the signalling NaN, quieted) and the default NaN (positive).
    func testRareFloatResults() {
        let belowOne = 0x3FEF_FFFF_FFFF_FFFF as UInt64, smallestNormal = 0x0010_0000_0000_0000 as UInt64
        let (ioc, ufc, ixc): (UInt32, UInt32, UInt32) = (1 << 0, 1 << 3, 1 << 4)
        check([
            jit("fmul d0, d1, d2", v1: V128(lo: belowOne, hi: 0), v2: V128(lo: smallestNormal, hi: 0))
                .expect(v0: V128(lo: smallestNormal, hi: 0), fpsr: ufc | ixc),
            jit("fmul d0, d1, d2", v1: V128(lo: 0x7FF8_0000_0000_0001, hi: 0), v2: V128(lo: 0x7FF0_0000_0000_0002, hi: 0))
                .expect(v0: V128(lo: 0x7FF8_0000_0000_0002, hi: 0), fpsr: ioc),
            // The same with the result computed straight into a cache slot (n's upper bits known
            // zero after the FMOV): d's own, or an empty one when d is n, whose old slot the cold
            // path still reads.
            jit("fmov d3, d1; fmul d0, d3, d2", v1: V128(lo: belowOne, hi: 0), v2: V128(lo: smallestNormal, hi: 0))
                .expect(v0: V128(lo: smallestNormal, hi: 0), v3: V128(lo: belowOne, hi: 0), fpsr: ufc | ixc),
            jit("fmov d3, d1; fmul d3, d3, d2", v1: V128(lo: belowOne, hi: 0), v2: V128(lo: smallestNormal, hi: 0))
                .expect(v3: V128(lo: smallestNormal, hi: 0), fpsr: ufc | ixc),
            jit("fmov d3, d1; fmul d3, d3, d2", v1: V128(lo: 0x7FF8_0000_0000_0001, hi: 0), v2: V128(lo: 0x7FF0_0000_0000_0002, hi: 0))
                .expect(v3: V128(lo: 0x7FF8_0000_0000_0002, hi: 0), fpsr: ioc),
            jit("fmov d3, d1; fadd d3, d3, d2", v1: .doubles(.infinity, 1), v2: .doubles(-.infinity, 2))
                .expect(v3: V128(lo: 0x7FF8_0000_0000_0000, hi: 0), fpsr: ioc),
            jit("fmov d3, d1; fsub d4, d3, d2", v1: .doubles(1, 1), v2: .doubles(0.5, 2))
                .expect(v3: V128(lo: Double(1).bitPattern, hi: 0), v4: V128(lo: Double(0.5).bitPattern, hi: 0), fpsr: 0),
            jit("fmov s3, s1; fmul s3, s3, s2", v1: V128(lo: 0x7FC0_0001, hi: 0), v2: V128(lo: 0x7F80_0002, hi: 0))
                .expect(v3: V128(lo: 0x7FC0_0002, hi: 0), fpsr: ioc),
            jit("fmul v0.2d, v1.2d, v2.2d", v1: V128(lo: belowOne, hi: 0), v2: V128(lo: smallestNormal, hi: Double.infinity.bitPattern))
                .expect(v0: V128(lo: smallestNormal, hi: 0x7FF8_0000_0000_0000), fpsr: ioc | ufc | ixc),
            jit("fadd v0.2d, v1.2d, v2.2d", v1: .doubles(.infinity, 1), v2: .doubles(-.infinity, 2))
                .expect(v0: V128(lo: 0x7FF8_0000_0000_0000, hi: Double(3).bitPattern), fpsr: ioc),
            jit("fmla v0.2d, v1.2d, v2.2d", v0: .doubles(0, 1), v1: V128(lo: belowOne, hi: Double(2).bitPattern),
                v2: V128(lo: smallestNormal, hi: Double(3).bitPattern))
                .expect(v0: V128(lo: smallestNormal, hi: Double(7).bitPattern), fpsr: ufc | ixc),
        ])
    }

    /// FCMP leaves its NZCV in EFLAGS (less and unordered set by an ALU op, greater and equal as
    /// UCOMISD left them): each outcome as the state's NZCV, and as a branch and a CSEL read it.
    func testFloatCompareFlags() {
        let ioc: UInt32 = 1 << 0
        let nan = V128(lo: 0x7FF8_0000_0000_0000, hi: 0)
        check([
            jit("fcmp d0, d1", v0: .doubles(1, 0), v1: .doubles(2, 0)).expect(nzcv: 0b1000),
            jit("fcmp d0, d1", v0: .doubles(2, 0), v1: .doubles(2, 0)).expect(nzcv: 0b0110),
            jit("fcmp d0, d1", v0: .doubles(3, 0), v1: .doubles(2, 0)).expect(nzcv: 0b0010),
            jit("fcmp d0, d1", v0: nan, v1: .doubles(2, 0)).expect(nzcv: 0b0011),
            jit("fcmpe d0, #0.0", v0: nan).expect(nzcv: 0b0011, fpsr: ioc),
            jit("fcmp s0, #0.0", v0: V128(lo: UInt64(Float(-1).bitPattern), hi: 0)).expect(nzcv: 0b1000),
            jit("fmov d2, d0; fcmp d2, d1; cset x3, mi; cset x4, vs; b.pl 1f; mov x5, #1; 1:",
                v0: .doubles(-1, 0), v1: .doubles(0, 0)).expect(x3: 1, x5: 1, v2: .doubles(-1, 0), nzcv: 0b1000),
            jit("fmov d2, d0; fcmp d2, d1; cset x3, mi; cset x4, vs; b.pl 1f; mov x5, #1; 1:",
                v0: nan, v1: .doubles(0, 0)).expect(x4: 1, v2: nan, nzcv: 0b0011),
            jit("fcmp d0, d1; b.gt 1f; mov x5, #1; 1: cset x6, eq",
                v0: .doubles(2, 0), v1: .doubles(2, 0)).expect(x5: 1, x6: 1, nzcv: 0b0110),
        ])
    }

    func testSaturationSetsQC() {
        check([
            jit("uqadd v0.16b, v1.16b, v2.16b", v1: 0xFF, v2: 0x01).expect(v0: 0xFF, fpsr: 1 << 27),
            jit("sqadd v0.4s, v1.4s, v2.4s", v1: 0x7FFF_FFFF, v2: 1).expect(v0: 0x7FFF_FFFF, fpsr: 1 << 27),
            jit("uqadd v0.16b, v1.16b, v2.16b", v1: 0xFE, v2: 0x01).expect(v0: 0xFF, fpsr: 0),
        ])
    }

    /// FCVTZS saturates, sends NaN to 0 and rounds toward zero (IOC for the first three, IXC after).
    func testFloatToIntSaturation() {
        let (ioc, ixc): (UInt32, UInt32) = (1 << 0, 1 << 4)
        check([
            jit("fcvtzs w0, d1", x0: .value(~0), v1: V128(lo: Double.nan.bitPattern, hi: 0)).expect(x0: 0, fpsr: ioc),
            jit("fcvtzs w0, d1", x0: .value(~0), v1: V128(lo: 1e20.bitPattern, hi: 0)).expect(x0: 0x7FFF_FFFF, fpsr: ioc),
            jit("fcvtzs w0, d1", x0: .value(~0), v1: V128(lo: (-1e20).bitPattern, hi: 0)).expect(x0: 0x8000_0000, fpsr: ioc),
            jit("fcvtzs w0, d1", x0: .value(~0), v1: V128(lo: (-1.9).bitPattern, hi: 0)).expect(x0: 0xFFFF_FFFF, fpsr: ixc),
            jit("fcvtzs w0, d1", x0: .value(~0), v1: V128(lo: 2.9.bitPattern, hi: 0)).expect(x0: 2, fpsr: ixc),
        ])
    }

    /// By-element forms whose Vm is outside V0-V7 (the fixtures' registers).
    func testIndexedElementWithHighRegisters() {
        check([
            jit("fmla v0.2d, v1.2d, v17.d[1]", v0: .doubles(1, 1), v1: .doubles(2, 3), v17: .doubles(0, 0.5))
                .expect(v0: .doubles(2, 2.5)),
            jit("mla v0.4s, v1.4s, v31.s[3]", v0: V128(lo: 0x0000_0001_0000_0001, hi: 0x0000_0001_0000_0001),
                v1: V128(lo: 0x0000_0003_0000_0002, hi: 0x0000_0005_0000_0004), v31: V128(lo: 0, hi: 0x0000_0007_0000_0000))
                .expect(v0: V128(lo: 0x0000_0016_0000_000F, hi: 0x0000_0024_0000_001D)),
        ])
    }

    /// FZ detects tininess before rounding: (1 - 2^-24) * 2^-126 rounds to the smallest normal
    /// under round-to-nearest, but its exact value is tiny (results from qemu).
    func testFlushToZeroTininessBeforeRounding() {
        let want: [UInt64] = [0x0080_0000, 0x0080_0000, 0x007F_FFFF, 0x007F_FFFF, 0, 0, 0, 0]
        check((0..<8).map { mode in
            jit("fmul s0, s1, s2", v1: 0x3F7F_FFFF, v2: 0x0080_0000, fpcr: UInt32(mode >> 2) << 24 | UInt32(mode & 3) << 22)
                .expect(v0: V128(lo: want[mode], hi: 0))
        })
    }
}
