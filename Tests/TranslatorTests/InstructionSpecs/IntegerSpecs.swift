import XCTest

/// Integer, flag and load/store instructions stated as specifications; the qemu fixtures
/// (IntegerDifferentialTests) cover the same families on random inputs.
final class IntegerSpecs: XCTestCase {
    func testAddSubtractFlags() {
        check([
            jit("adds x0, x1, #4", x1: 5).expect(x0: 9, nzcv: 0b0000),
            jit("adds x0, x1, #1", x1: 0x7FFF_FFFF_FFFF_FFFF).expect(x0: 0x8000_0000_0000_0000, nzcv: 0b1001),
            jit("adds w0, w1, #1", x1: 0xFFFF_FFFF).expect(x0: 0, nzcv: 0b0110),
            jit("subs w0, w1, w2", x1: 1, x2: 2).expect(x0: 0xFFFF_FFFF, nzcv: 0b1000),
            jit("subs x0, x1, x1", x1: 0x1234).expect(x0: 0, nzcv: 0b0110),
            jit("cmp x1, #3", x1: 3, nzcv: 0b1001).expect(nzcv: 0b0110),
            jit("adc x0, x1, x2", x1: 1, x2: 2, nzcv: 0b0010).expect(x0: 4),
            jit("sbcs x0, x1, x2", x1: 5, x2: 5, nzcv: 0b0000).expect(x0: .value(~0), nzcv: 0b1000),
        ])
    }

    /// Constants built by MOVZ/MOVN/MOVK and then shifted or combined (ConstantFolding folds
    /// them at translation: each result must be what the instructions compute).
    func testConstantsBuiltFromImmediates() {
        check([
            jit("mov w3, #0xb9d9; movk w3, #0xfff0, lsl #16").expect(x3: 0xFFF0_B9D9),
            jit("mov x0, #0x1234; movk x0, #0xabcd, lsl #48").expect(x0: 0xABCD_0000_0000_1234),
            jit("movn w0, #0; movk w0, #1").expect(x0: 0xFFFF_0001),
            jit("movn x0, #0; movk x0, #1, lsl #16").expect(x0: 0xFFFF_FFFF_0001_FFFF),
            jit("mov x1, #3; lsl x2, x1, #62").expect(x1: 3, x2: 0xC000_0000_0000_0000),
            jit("mov w1, #3; lsl w2, w1, #31").expect(x1: 3, x2: 0x8000_0000),
            jit("movn w1, #0; lsr w2, w1, #4").expect(x1: 0xFFFF_FFFF, x2: 0x0FFF_FFFF),
            jit("movn x1, #0; lsr x2, x1, #60").expect(x1: .value(~0), x2: 0xF),
            jit("mov x1, #5; sub x2, x1, #7").expect(x1: 5, x2: .value(~1)),
            jit("mov w1, #5; sub w2, w1, #7").expect(x1: 5, x2: 0xFFFF_FFFE),
            jit("movn w1, #0; add w2, w1, #2").expect(x1: 0xFFFF_FFFF, x2: 1),
            jit("mov w1, #0xff; and w2, w1, #0xf0; eor w3, w2, #0xff; orr x4, x3, #0x100000000")
                .expect(x1: 0xFF, x2: 0xF0, x3: 0x0F, x4: 0x1_0000_000F),
            jit("mov w1, #3; adds w2, w1, #4").expect(x1: 3, x2: 7, nzcv: 0b0000),
        ])
    }

    func testConditionalSelectAndCompare() {
        check([
            jit("csinc x0, x1, x2, eq", x1: 7, x2: 9, nzcv: 0b0100).expect(x0: 7),
            jit("csinc x0, x1, x2, eq", x1: 7, x2: 9).expect(x0: 10),
            jit("ccmp x1, #3, #0b0100, ne", x1: 3).expect(nzcv: 0b0110),
            jit("ccmp x1, #3, #0b0001, ne", x1: 3, nzcv: 0b0100).expect(nzcv: 0b0001),
            jit("cset w0, lt", x0: 5, nzcv: 0b1000).expect(x0: 1),
        ])
    }

    func testMultiplyDivideAndBitOperations() {
        check([
            jit("madd x0, x1, x2, x3", x1: 3, x2: 4, x3: 5).expect(x0: 17),
            jit("udiv x0, x1, x2", x0: 1, x1: 7, x2: 0).expect(x0: 0),
            jit("sdiv x0, x1, x2", x1: 0x8000_0000_0000_0000, x2: .value(~0)).expect(x0: 0x8000_0000_0000_0000),
            jit("clz w0, w1", x1: 0x0000_F000).expect(x0: 16),
            jit("rev x0, x1", x1: 0x0102_0304_0506_0708).expect(x0: 0x0807_0605_0403_0201),
            jit("ubfx x0, x1, #8, #8", x1: 0xABCD).expect(x0: 0xAB),
            jit("extr x0, x1, x2, #4", x1: 0xF, x2: 0x10).expect(x0: 0xF000_0000_0000_0001),
        ])
    }

    func testLoadsAndStores() {
        let counting: [UInt8] = Array(0..<32)
        check([
            jit("ldp x0, x1, [x2, #16]!", x2: .buffer(0), memory: counting)
                .expect(x0: 0x1716_1514_1312_1110, x1: 0x1F1E_1D1C_1B1A_1918, x2: .buffer(16)),
            jit("stp w3, w4, [sp, #-8]!", x3: 0x0403_0201, x4: 0x0807_0605, sp: .buffer(64))
                .expect(sp: .buffer(56), memory: [UInt8](repeating: 0, count: 56) + [1, 2, 3, 4, 5, 6, 7, 8]),
            jit("ldrsb x0, [x1, #1]", x1: .buffer(0), memory: [0, 0x80]).expect(x0: 0xFFFF_FFFF_FFFF_FF80),
            jit("ldaddal x0, x1, [x2]", x0: 3, x2: .buffer(0), memory: [5]).expect(x1: 5, memory: [8]),
            jit("casal w0, w1, [x2]", x0: 5, x1: 9, x2: .buffer(0), memory: [5]).expect(memory: [9]),
        ])
    }

    func testFlagManipulation() {
        check([
            jit("cfinv", nzcv: 0b0010).expect(nzcv: 0b0000),
            jit("rmif x1, #4, #0b1111", x1: 0x50).expect(nzcv: 0b0101),
            jit("setf8 w1", x1: 0x80).expect(nzcv: 0b1001),
            jit("axflag", nzcv: 0b0011).expect(nzcv: 0b0100),
        ])
    }
}
