import XCTest

/// The instruction-test DSL itself: it must be able to fail.
final class JITSpecTests: XCTestCase {
    func testARegisterNotNamedInExpectMustKeepItsValue() throws {
        let found = try differences([
            jit("add x0, x1, #1", x1: 1).expect(),
            jit("add x0, x1, #1", x1: 1).expect(x0: 3),
            jit("str x1, [x2]", x1: 0xAB, x2: .buffer(8)).expect(),
            jit("cmp x1, #1", x1: 1).expect(),
            jit("add x0, x1, #1", x1: 1).expect(x0: 2),
        ])
        XCTAssertEqual(found, [["x0 got 0x2 want 0x0"], ["x0 got 0x2 want 0x3"],
                               ["memory[8...8] got [171] want [0]"], ["nzcv got 0b0110 want 0b0000"], []])
    }

    func testAnUndefinedInstructionIsReported() throws {
        let found = try differences([jit(".inst 0x00000000").expect()])
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].first?.hasPrefix("stopped with undefinedInstruction") == true, "\(found)")
    }

    func testTheAssemblerNamesATextThatDoesNotAssemble() {
        XCTAssertThrowsError(try GNUAssembler.assemble(["add x0, x1, #1", "add x0, x1, #99999999"])) {
            XCTAssertTrue("\($0)".contains("\"add x0, x1, #99999999\": Error:"), "\($0)")
        }
        XCTAssertEqual(try GNUAssembler.assemble(["adds x0, x1, #4", "nop; ret"]), [[0xB100_1020], [0xD503_201F, 0xD65F_03C0]])
    }
}
