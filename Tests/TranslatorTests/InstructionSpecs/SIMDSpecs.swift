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
