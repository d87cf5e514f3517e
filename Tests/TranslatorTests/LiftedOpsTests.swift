// The lifter's op buffer (Lifter/LiftedOps.swift): ops collected in raw storage reach the
// block's arrays in order, with the instruction each came from, past the buffer's first
// growth, and a lifter reused for another block starts that block empty.
import XCTest
@testable import Translator

final class LiftedOpsTests: XCTestCase {
    /// add x0, x0, #1 (getReg, const, add, setReg) 200 times: 800 ops, more than the
    /// buffer's initial room, each tagged with its instruction's offset.
    func testOpsAndInstructionsSurviveGrowth() {
        let add = 0x9100_0400 as UInt32
        withCode(Array(repeating: add, count: 200)) { pc in
            let block = Lifter.liftBlock(at: pc, maxInstructions: 200)
            XCTAssertEqual(block.ops.count, 800)
            XCTAssertEqual(block.opInstruction.count, 800)
            XCTAssertEqual(block.opInstruction.first, 0)
            XCTAssertEqual(block.opInstruction.last, 199)
            for i in 0..<200 {
                XCTAssertEqual(block.opInstruction[4 * i ..< 4 * i + 4], [UInt16(i), UInt16(i), UInt16(i), UInt16(i)][...])
                guard case .getReg(_, let r) = block.ops[4 * i], case .setReg(let w, _) = block.ops[4 * i + 3] else {
                    return XCTFail("op \(4 * i): \(block.ops[4 * i])")
                }
                XCTAssertEqual(r, w)
            }
        }
    }

    /// One lifter, two blocks: the second holds only its own ops.
    func testReusedLifterStartsEachBlockEmpty() {
        let add = 0x9100_0400 as UInt32, svc = 0xD400_0001 as UInt32
        withCode([add, add, add, svc]) { pc in
            let lifter = Lifter(pc: pc, fpcrMode: 0)
            lifter.liftBlock(at: pc, maxInstructions: 8, fpcrMode: 0)
            XCTAssertEqual(lifter.block.ops.count, 12)
            lifter.liftBlock(at: pc + 8, maxInstructions: 8, fpcrMode: 0)
            XCTAssertEqual(lifter.block.ops.count, 4)
            XCTAssertEqual(lifter.block.opInstruction, [0, 0, 0, 0])
            if case .exit(.syscall, _) = lifter.block.terminator {} else { XCTFail("\(lifter.block.terminator)") }
        }
    }

    private func withCode(_ words: [UInt32], _ body: (UInt64) -> Void) {
        words.withUnsafeBufferPointer { body(UInt64(UInt(bitPattern: $0.baseAddress!))) }
    }
}
