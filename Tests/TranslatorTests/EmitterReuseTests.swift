// The engine keeps one emitter and resets it for each block (EmitterWorkspace, X64Emitter.start).
// Whatever a block leaves behind (cold paths, flags in EFLAGS, promoted registers, cached vectors,
// fault sites, chain exits), the next block's code must be what a fresh emitter produces.
import XCTest
@testable import Translator

final class EmitterReuseTests: XCTestCase {
    func testReusedEmitterEmitsWhatAFreshOneDoes() throws {
        let texts = [
            "fadd d0, d1, d2; fmul v3.2d, v4.2d, v5.2d; ldr x0, [x1]; ret",         // cold NaN paths, cached vectors
            "1: ldr x2, [x1], #8; add x0, x0, x2; subs x3, x3, #1; b.ne 1b; ret",   // a self-loop: promoted registers
            "cmp x0, #3; b.eq 1f; str x1, [x2]; 1: adds x4, x4, x5; b.lt 2f; nop; 2: ret",  // side exits, flags
            "ldxr x0, [x1]; add x0, x0, #1; stxr w2, x0, [x1]; svc #0",
        ]
        let code = try GNUAssembler.assemble(texts)
        let blocks = code.map(Self.lift)
        var workspace = EmitterWorkspace()
        // Every block after every other one (and after itself), recording instruction starts or not.
        for (n, order) in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 1, 0, 2, 0, 3, 1]].enumerated() {
            var context = EmitterContext.unset
            context.recordInstructionStarts = n == 1
            for i in order {
                let fresh = try XCTUnwrap(X64Emitter.emit(blocks[i], context: context))
                let reused = try XCTUnwrap(X64Emitter.emit(blocks[i], context: context, workspace: &workspace))
                XCTAssertEqual(workspace.asm.bytes, fresh.code.bytes, "block \(i) (\(texts[i])) in order \(order)")
                XCTAssertEqual(workspace.asm.absoluteFixups.map { "\($0)" }, fresh.code.absoluteFixups.map { "\($0)" })
                XCTAssertEqual("\(reused.faults)", "\(fresh.faults)", "block \(i) in order \(order)")
                XCTAssertEqual(reused.instructionStarts, fresh.instructionStarts)
            }
        }
    }

    /// A context set once serves every following block; switching `linksTranslatedBlocks` off
    /// (code saved for the persistent cache) makes a direct exit to a block in the block map a
    /// chain exit instead of a jump to it, and switching it back on restores the jump.
    func testTheWorkspaceKeepsItsContextAndLinksTranslatedBlocksOnlyWhenAllowed() throws {
        let block = Self.lift(try GNUAssembler.assemble(["add x0, x0, #1; b 1f; nop; 1: ret"])[0])
        guard case .jump(let target) = block.terminator else { return XCTFail("no direct jump") }
        let map = GuestAddressTable(capacity: 16)
        map[target] = 0x1234_5000
        var context = EmitterContext.unset
        context.blockMap = map
        var workspace = EmitterWorkspace()
        workspace.setContext(context)
        func chainExits(links: Bool) throws -> Int {
            workspace.setContext(recordInstructionStarts: false, linksTranslatedBlocks: links)
            _ = try XCTUnwrap(X64Emitter.emit(block, workspace: &workspace))
            return workspace.chainExits.count
        }
        XCTAssertEqual(try chainExits(links: true), 0)
        XCTAssertEqual(try chainExits(links: false), 1)
        XCTAssertEqual(try chainExits(links: true), 0)
    }

    /// The block at the words' address, lifted with side exits and optimized as the engine does.
    private static func lift(_ words: [UInt32]) -> IRBlock {
        words.withUnsafeBufferPointer { w in
            let pc = UInt64(UInt(bitPattern: w.baseAddress!))
            let lifter = Lifter(pc: pc, fpcrMode: 0)
            lifter.sideExits = true
            lifter.liftBlock(at: pc, maxInstructions: words.count, fpcrMode: 0)
            var block = lifter.block
            block.flagsLiveOut = true; block.flagsLiveTaken = true; block.flagsLiveNotTaken = true
            Optimizer.optimize(&block)
            return block
        }
    }
}
