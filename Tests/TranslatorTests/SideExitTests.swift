// Side exits (issue 17): a block goes on past a forward conditional branch, leaving through a
// chained exit when it is taken. Each test fails when the exit loses the state the taken side
// must see (registers, V registers, flags) or when the block ends where it should go on.
import XCTest
@testable import Translator

final class SideExitTests: XCTestCase {
    /// The lifter notes where its side exits are (the engine's flag liveness rewrites those ops
    /// without scanning the block): each index names a sideExit op, in order, and none is missed.
    /// `IRBlock.liftedSideExits` has room for exactly `Lifter.maxSideExits` (an inline array sized
    /// by hand: raising the limit alone would trap).
    func testSideExitIndexStorageMatchesTheLimit() {
        XCTAssertEqual(IRBlock(guestPC: 0).liftedSideExits.count, Lifter.maxSideExits)
    }

    func testTheLifterNotesItsSideExitIndices() {
        let words: [UInt32] = [
            0xB400_0080,    // cbz x0, +16
            0x9100_0421,    // add x1, x1, #1
            0xB400_0041,    // cbz x1, +8
            0x9100_0442,    // add x2, x2, #1
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(words) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            let b = lifter.block
            XCTAssertEqual(b.sideExitCount, 2)
            let exits = b.ops.indices.filter { if case .sideExit = b.ops[$0] { return true } else { return false } }
            XCTAssertEqual(exits, (0..<b.sideExitCount).map { Int(b.liftedSideExits[$0]) })
            XCTAssertEqual(exits.count, 2)
        }
    }

    /// Both sides of each branch, run through the engine: the not-taken side must see the
    /// block's earlier results, the taken side the architectural state at the branch.
    func testBothSidesOfAForwardBranchInOneBlock() {
        check([
            jit("add x3, x3, #1; cbz x0, 1f; mov x1, #5; 1:", x0: 0, x3: 1).expect(x3: 2),
            jit("add x3, x3, #1; cbz x0, 1f; mov x1, #5; 1:", x0: 1, x3: 1).expect(x1: 5, x3: 2),
            jit("cmp x1, #3; b.eq 1f; mov x2, #7; 1:", x1: 3).expect(nzcv: 0b0110),
            jit("cmp x1, #3; b.eq 1f; mov x2, #7; 1:", x1: 4).expect(x2: 7, nzcv: 0b0010),
            jit("tbnz x0, #40, 1f; add x0, x0, #1; 1:", x0: 0x100_0000_0000).expect(),
            jit("tbnz x0, #40, 1f; add x0, x0, #1; 1:", x0: 1).expect(x0: 2),
            // The flags set before a cbz side exit reach the taken side.
            jit("adds x2, x1, #1; cbz x0, 1f; mov x2, #0; 1:", x0: 0, x1: .value(~0)).expect(x2: 0, nzcv: 0b0110),
            // A V register written before the exit is in the state on the taken side.
            jit("fmov d0, x1; cbz x0, 1f; fmov d1, x1; 1:", x0: 0, x1: 0x3FF0_0000_0000_0000)
                .expect(v0: V128(lo: 0x3FF0_0000_0000_0000, hi: 0)),
            jit("fmov d0, x1; cbz x0, 1f; fmov d1, x1; 1:", x0: 1, x1: 0x3FF0_0000_0000_0000)
                .expect(v0: V128(lo: 0x3FF0_0000_0000_0000, hi: 0), v1: V128(lo: 0x3FF0_0000_0000_0000, hi: 0)),
            // Flags the fall-through overwrites are stored on the exit path: the taken side sees
            // the first compare's, the fall-through the second's.
            jit("cmp x1, #3; b.eq 1f; cmp x1, #9; 1:", x1: 3).expect(nzcv: 0b0110),
            jit("cmp x1, #3; b.eq 1f; cmp x1, #9; 1:", x1: 4).expect(nzcv: 0b1000),
            jit("cmp x1, #3; b.hi 1f; cmp x1, #1; b.ne 1f; add x2, x2, #1; 1:", x1: 5).expect(nzcv: 0b0010),
            jit("cmp x1, #3; b.hi 1f; cmp x1, #1; b.ne 1f; add x2, x2, #1; 1:", x1: 2).expect(nzcv: 0b0010),
            jit("cmp x1, #3; b.hi 1f; cmp x1, #1; b.ne 1f; add x2, x2, #1; 1:", x1: 1).expect(x2: 1, nzcv: 0b0110),
            // A register write overwritten after the exit must still be stored before it.
            jit("mov x4, #9; cbz x0, 1f; mov x4, #1; 1:", x0: 0).expect(x4: 9),
        ])
    }

    /// cbz to the ret, then a backward b.ne: the forward branch is a side exit, the
    /// backward one ends the block (a loop stays a block that branches to its own start).
    func testTheLifterGoesOnPastForwardBranchesOnly() {
        let words: [UInt32] = [
            0xB400_0060,    // cbz x0, +12
            0x9100_0421,    // add x1, x1, #1
            0x54FF_FFC1,    // b.ne -8 (to the start)
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(words) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 12)
            XCTAssertEqual(lifter.block.sideExitCount, 1)
            XCTAssertTrue(lifter.block.ops.contains { if case .sideExit(_, pc + 12, _) = $0 { return true } else { return false } })
            guard case .branch(_, let taken, let notTaken) = lifter.block.terminator else { return XCTFail("no branch") }
            XCTAssertEqual(taken, pc); XCTAssertEqual(notTaken, pc + 12)
            XCTAssertTrue(lifter.block.loopsToItsStart)
            // Without room for another instruction the branch ends the block as before.
            lifter.liftBlock(at: pc, maxInstructions: 1, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 4)
            XCTAssertEqual(lifter.block.sideExitCount, 0)
        }
    }

    /// The block ends where a side exit's target is reached by falling through (an if's join):
    /// that code becomes one block both sides chain to.
    func testABlockEndsAtTheJoinOfAnIf() {
        let words: [UInt32] = [
            0xB400_0040,    // cbz x0, +8
            0x9100_0421,    // add x1, x1, #1
            0x9100_0842,    // add x2, x2, #2 (the join)
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(words) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 8)
            guard case .jump(let next) = lifter.block.terminator else { return XCTFail("no jump") }
            XCTAssertEqual(next, pc + 8)
        }
    }

    /// After a side exit the block stops where it would fall into a block already translated
    /// (a jump to it, not a second copy of its code), unless the code ahead may branch back to
    /// the block's start: a loop whose test at the bottom was translated first stays one block.
    func testABlockStopsAtATranslatedBlockUnlessThatSplitsALoop() {
        let straight: [UInt32] = [
            0xB400_0080,    // cbz x0, +16
            0x9100_0421,    // add x1, x1, #1
            0x9100_0842,    // add x2, x2, #2 (translated already)
            0x9100_0C63,    // add x3, x3, #3
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(straight) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 16, "nothing translated: the unit goes on to the ret")
            let starts = GuestAddressTable()
            starts[pc + 8] = 0x1000
            lifter.translatedStarts = starts
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 8)
            guard case .jump(let next) = lifter.block.terminator else { return XCTFail("no jump") }
            XCTAssertEqual(next, pc + 8)
            // Before any side exit the block is a plain basic block: it does not stop there.
            lifter.liftBlock(at: pc + 4, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 20)
        }
        let loop: [UInt32] = [
            0xB400_0080,    // cbz x0, +16
            0x9100_0421,    // add x1, x1, #1
            0xF100_0442,    // subs x2, x2, #1 (translated already)
            0x54FF_FFA1,    // b.ne -12 (to the start)
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(loop) { lifter, pc in
            let starts = GuestAddressTable()
            starts[pc + 8] = 0x1000
            lifter.translatedStarts = starts
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertEqual(lifter.block.guestEnd, pc + 16)
            XCTAssertTrue(lifter.block.loopsToItsStart)
        }
    }

    /// A loop body that branches over a call (nbody's `b.pl 1f; bl sqrt; b 2f; 1: fsqrt`) is one
    /// unit that loops to its own start: it goes on at the branch's target and the call path is
    /// the side exit. When the target's path does not branch back, the branch is a side exit as
    /// usual and the unit ends at the call.
    func testALoopBranchingOverACallGoesOnAtTheTarget() {
        let loop: [UInt32] = [
            0x9100_0421,    // add x1, x1, #1
            0xB500_0060,    // cbnz x0, +12 (over the call)
            0x9400_0040,    // bl +0x100
            0x1400_0002,    // b +8 (to the subs)
            0x9100_0442,    // add x2, x2, #1
            0xF100_0463,    // subs x3, x3, #1
            0x54FF_FF41,    // b.ne -24 (to the start)
            0xD65F_03C0,    // ret
        ]
        withSideExitLifter(loop) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertTrue(lifter.block.loopsToItsStart)
            XCTAssertEqual(lifter.block.guestEnd, pc + 28)
            XCTAssertEqual(lifter.block.sideExitCount, 1)
            XCTAssertTrue(lifter.block.ops.contains { if case .sideExit(.zero, pc + 8, _) = $0 { return true } else { return false } })
            XCTAssertFalse(lifter.block.ops.contains { if case .setReg(GPR.linkRegister, _) = $0 { return true } else { return false } })
            // Ops keep their own instructions' offsets; the call path's are not in the unit.
            XCTAssertTrue(lifter.block.opInstruction.contains(4))
            XCTAssertFalse(lifter.block.opInstruction.contains(2) || lifter.block.opInstruction.contains(3))
        }
        var straight = loop
        straight[6] = 0xD65F_03C0  // ret instead of the branch back
        withSideExitLifter(straight) { lifter, pc in
            lifter.liftBlock(at: pc, maxInstructions: 64, fpcrMode: 0)
            XCTAssertTrue(lifter.block.ops.contains { if case .sideExit(.nonZero, pc + 16, _) = $0 { return true } else { return false } })
            guard case .call(_, let returnTo) = lifter.block.terminator else { return XCTFail("no call") }
            XCTAssertEqual(returnTo, pc + 12)
        }
    }

    /// Both paths of such a loop, run: the call path (even x0) leaves through the side exit and
    /// comes back through the call's return; the other stays in the loop.
    func testALoopBranchingOverACallRunsBothPaths() {
        let loop = "mov x2, #0; 1: add x2, x2, #1; tbnz x0, #0, 2f; bl 4f; b 3f; 2: add x5, x5, #1; "
            + "3: subs x0, x0, #1; b.ne 1b; mov x30, #0; b 5f; 4: add x3, x3, #1; ret; 5:"
        check([
            jit(loop, x0: 6).expect(x0: 0, x2: 6, x3: 3, x5: 3, nzcv: 0b0110),
            jit(loop, x0: 1).expect(x0: 0, x2: 1, x5: 1, nzcv: 0b0110),
        ])
    }

    /// Forwarding keeps a register write a side exit can observe; dead-flag elimination keeps
    /// the flags a side exit's successor may read, and drops them when it overwrites them.
    func testPassesTreatASideExitAsAnObservationPoint() {
        var b = IRBlock(guestPC: 0x1000)
        func op(_ o: IROp, _ i: UInt16) { b.ops.append(o); b.opInstruction.append(i) }
        op(.getReg(Value(0), GPR(1)), 0)
        op(.binary(.sub, Value(1), Value(0), Value(0), is64: true, flags: .set), 0)
        op(.setReg(GPR(2), Value(1)), 0)
        op(.sideExit(.zero(Value(0), is64: true), taken: 0x2000, flagsLive: true), 1)
        op(.setReg(GPR(2), Value(0)), 2)
        op(.binary(.sub, Value(2), Value(0), Value(0), is64: true, flags: .set), 2)
        b.valueCount = 3
        b.terminator = .branch(.flags(.eq), taken: 0x3000, notTaken: 0x100C)
        var dead = b
        Optimizer.optimize(&b)
        XCTAssertTrue(b.text.contains("%1 = sub.64 %0, %0 !flags"), b.text)
        XCTAssertTrue(b.text.contains("setReg x2, %1"), b.text)
        if case .sideExit(let c, let t, _) = dead.ops[3] { dead.ops[3] = .sideExit(c, taken: t, flagsLive: false) }
        Optimizer.optimize(&dead)
        XCTAssertTrue(dead.text.contains("%1 = sub.64 %0, %0\n"), dead.text)
        XCTAssertTrue(dead.text.contains("setReg x2, %1"), dead.text)
    }
}

/// Runs `body` with a side-exit lifter over `words` (their address is the guest pc).
private func withSideExitLifter(_ words: [UInt32], _ body: (Lifter, UInt64) -> Void) {
    words.withUnsafeBufferPointer { code in
        let pc = UInt64(UInt(bitPattern: code.baseAddress!))
        let lifter = Lifter(pc: pc, fpcrMode: 0)
        lifter.sideExits = true
        body(lifter, pc)
    }
}
