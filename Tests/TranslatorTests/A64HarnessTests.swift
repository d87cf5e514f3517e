import QemuFixtureData
import XCTest

/// The encodings the fixture harnesses write by hand are the instructions they claim to be.
final class A64HarnessTests: XCTestCase {
    func testEncodingsMatchGNUAs() throws {
        let expected: [(String, [UInt32])] = [
            ("svc #0", [A64Harness.svc]),
            ("clrex #0", [A64Harness.clrex]),  // CRm is ignored; plain "clrex" is #15
            ("msr fpsr, xzr", [A64Harness.msrFPSRzero]),
            ("mrs x9, fpsr", [A64Harness.mrsFPSR(9)]),
            ("msr fpsr, x9", [A64Harness.msrFPSR(9)]),
            ("mrs x17, fpsr", [A64Harness.mrsFPSR17]),
            ("msr fpcr, x17", [A64Harness.msrFPCR17]),
            ("msr nzcv, x17", [A64Harness.msrNZCV17]),
            ("mrs x17, nzcv", [A64Harness.mrsNZCV17]),
            ("mov sp, x17", [A64Harness.movSPfromX17]),
            ("mov x17, sp", [A64Harness.movX17fromSP]),
            ("ldp q2, q3, [x16, #32]", [A64Harness.ldpQ(2, 3, 16, 32)]),
            ("stp q6, q7, [x16, #96]", [A64Harness.stpQ(6, 7, 16, 96)]),
            ("ldp x4, x5, [x16, #160]", [A64Harness.ldpX(4, 5, 16, 160)]),
            ("stp x14, x15, [x16, #240]", [A64Harness.stpX(14, 15, 16, 240)]),
            ("ldr x17, [x16, #264]", [A64Harness.ldrX(17, 16, 264)]),
            ("str x17, [x16, #272]", [A64Harness.strX(17, 16, 272)]),
            ("movz x0, #0x1234; movk x0, #0xabcd, lsl #32", A64Harness.mov(0, 0xABCD_0000_1234)),
            ("movz x16, #0; movk x16, #0x40, lsl #16", A64Harness.mov(16, 0x40_0000)),
        ]
        let words = try GNUAssembler.assemble(expected.map(\.0))
        for ((text, mine), theirs) in zip(expected, words) {
            XCTAssertEqual(mine, theirs, text)
        }
    }
}
