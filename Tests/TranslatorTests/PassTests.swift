// Each IR pass on a small hand-built block, compared as printed IR (IRBlock.text): the
// expected text is the specification of what the pass does.
import XCTest
@testable import Translator

/// Builds a block op by op; `insn` advances to the next guest instruction.
private struct BlockBuilder {
    var block = IRBlock(guestPC: 0x1000)
    var instruction: UInt16 = 0
    mutating func insn() { instruction += 1 }
    mutating func value() -> Value { defer { block.valueCount += 1 }; return Value(block.valueCount) }
    mutating func op(_ op: IROp) { block.ops.append(op); block.opInstruction.append(instruction) }
    mutating func const(_ c: UInt64) -> Value { let d = value(); op(.const(d, c)); return d }
    mutating func get(_ r: UInt8) -> Value { let d = value(); op(.getReg(d, GPR(r))); return d }
    mutating func binary(_ o: BinOp, _ a: Value, _ b: Value, flags: Bool = false) -> Value {
        let d = value(); op(.binary(o, d, a, b, is64: true, flags: flags ? .set : .none)); return d
    }
}

final class PassTests: XCTestCase {
    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func testRegisterForwarding() {
        var b = BlockBuilder()
        let x1 = b.get(1), one = b.const(1)
        b.op(.setReg(GPR(0), b.binary(.add, x1, one)))          // add x0, x1, #1
        b.insn()
        let x0 = b.get(0), x1again = b.get(1)
        let diff = b.binary(.sub, x0, x1again)
        b.op(.setReg(GPR(0), diff))                              // sub x0, x0, x1
        b.insn()
        let addr = b.get(2)
        b.op(.store(diff, addr: addr, disp: 8, size: 8))    // str x0, [x2, #8]
        b.op(.setReg(GPR(3), diff))
        b.op(.setReg(GPR(3), one))                               // overwritten: dropped
        b.block.terminator = .branch(.nonZero(b.get(0), is64: true), taken: 0x2000, notTaken: 0x1010)
        RegisterForwarding.run(&b.block)
        XCTAssertEqual(lines(b.block.text), [
            ";; 0x1000",
            "  %0 = getReg x1",
            "  %1 = const 0x1",
            "  %2 = add.64 %0, %1",
            ";; 0x1004",
            "  %5 = sub.64 %2, %0",        // x0 and x1 forwarded; the first x0 write is dead
            "  setReg x0, %5",             // kept: the store below may fault and show it
            ";; 0x1008",
            "  %6 = getReg x2",
            "  store.8 [%6 + 0x8], %5",
            "  setReg x3, %1",
            "  br.nonzero.64 %5, 0x2000, else 0x1010",
        ])
    }

    func testConstantFolding() {
        var b = BlockBuilder()
        let lo = b.const(0xB9D9), mask = b.const(0xFFFF_FFFF_0000_FFFF), hi = b.const(0xFFF0_0000)
        let masked = b.value(); b.op(.binary(.and, masked, lo, mask, is64: false, flags: .none))
        let w3 = b.value(); b.op(.binary(.or, w3, masked, hi, is64: false, flags: .none))
        b.op(.setReg(GPR(3), w3))                               // movz w3, #0xb9d9; movk w3, #0xfff0, lsl #16
        b.insn()
        let x1 = b.get(1)
        b.op(.setReg(GPR(0), b.binary(.add, x1, w3)))           // an operand is not constant: kept
        b.op(.setReg(GPR(2), b.binary(.sub, w3, lo, flags: true)))  // sets flags: kept
        let big = b.binary(.shl, hi, b.const(36))               // 64-bit: bits shifted out are lost
        b.op(.setReg(GPR(4), big))
        b.block.terminator = .jump(0x1008)
        ConstantFolding.run(&b.block)
        XCTAssertEqual(lines(b.block.text), [
            ";; 0x1000",
            "  %0 = const 0xb9d9",
            "  %1 = const 0xffffffff0000ffff",
            "  %2 = const 0xfff00000",
            "  %3 = const 0xb9d9",
            "  %4 = const 0xfff0b9d9",
            "  setReg x3, %4",
            ";; 0x1004",
            "  %5 = getReg x1",
            "  %6 = add.64 %5, %4",
            "  setReg x0, %6",
            "  %7 = sub.64 %4, %0 !flags",
            "  setReg x2, %7",
            "  %8 = const 0x24",
            "  %9 = const 0xff00000000000000",
            "  setReg x4, %9",
            "  br 0x1008",
        ])
        XCTAssertEqual(ConstantFolding.fold(.lshr, 0xFFFF_FFFF_FFFF_FFFF, 4, is64: false), 0x0FFF_FFFF)
        XCTAssertEqual(ConstantFolding.fold(.shl, 1, 33, is64: false), 2)     // count modulo 32
        XCTAssertEqual(ConstantFolding.fold(.sub, 5, 7, is64: false), 0xFFFF_FFFE)
        XCTAssertNil(ConstantFolding.fold(.udiv, 5, 0, is64: true))
    }

    func testRegisterForwardingStopsAtHelpers() {
        var b = BlockBuilder()
        let x1 = b.get(1)
        b.op(.setReg(GPR(0), x1))
        b.op(.helper(.readCounter, args: [], result: nil))
        b.op(.setReg(GPR(4), b.get(1)))                         // the helper may have changed x1
        b.block.terminator = .jump(0x1004)
        RegisterForwarding.run(&b.block)
        XCTAssertEqual(lines(b.block.text), [
            ";; 0x1000", "  %0 = getReg x1", "  setReg x0, %0", "  helper readCounter",
            "  %1 = getReg x1", "  setReg x4, %1", "  br 0x1004",
        ])
    }

    func testDeadFlagElimination() {
        var b = BlockBuilder()
        let x1 = b.get(1), x2 = b.get(2)
        _ = b.binary(.sub, x1, x2, flags: true)             // cmp: overwritten before any read
        b.insn()
        _ = b.binary(.and, x1, x2, flags: true)             // tst: read by the branch
        b.block.terminator = .branch(.flags(.eq), taken: 0x2000, notTaken: 0x1008)
        DeadFlagElimination.run(&b.block)
        XCTAssertEqual(lines(b.block.text), [
            ";; 0x1000", "  %0 = getReg x1", "  %1 = getReg x2", "  %2 = sub.64 %0, %1",
            ";; 0x1004", "  %3 = and.64 %0, %1 !flags", "  br.cond eq, 0x2000, else 0x1008",
        ])
    }

    func testDeadFlagEliminationKeepsFlagsSomeoneReads() {
        var b = BlockBuilder()
        let x1 = b.get(1)
        _ = b.binary(.sub, x1, x1, flags: true)             // read by the select
        let sel = b.value()
        b.op(.select(.ne, sel, x1, x1, is64: true))
        _ = b.binary(.add, x1, x1, flags: true)             // successors overwrite the flags
        b.block.terminator = .jump(0x1004)
        b.block.flagsLiveOut = false
        DeadFlagElimination.run(&b.block)
        XCTAssertEqual(lines(b.block.text), [
            ";; 0x1000", "  %0 = getReg x1", "  %1 = sub.64 %0, %0 !flags", "  %2 = select.64 ne, %0, %0",
            "  %3 = add.64 %0, %0", "  br 0x1004", "  ; flags dead after the block",
        ])
    }

    func testLoopPromotionPlan() {
        var b = BlockBuilder()
        let x0 = b.get(0), one = b.const(1)
        let next = b.binary(.sub, x0, one, flags: true)     // subs x0, x0, #1
        b.op(.setReg(GPR(0), next))
        b.insn()
        let x5 = b.get(5)                                   // read, never written: promoted after x0
        b.op(.setReg(GPR(6), x5))                           // written, never read: promoted too
        b.block.terminator = .branch(.flags(.ne), taken: 0x1000, notTaken: 0x1008)
        let lastUse = [2, 2, 3, 4, 4, -1, -1]
        let plan = try! XCTUnwrap(LoopPromotion.plan(b.block, lastUse: lastUse))
        XCTAssertEqual(plan.registers.map { "x\($0.guest) -> \($0.host)" }, ["x0 -> rbx", "x5 -> rbp", "x6 -> r12"],
                       "the loop-carried register first, then the others while host registers are spare")
        let ops = b.block.ops.indices
        XCTAssertEqual(ops.filter { plan.aliasable.contains($0) }, [0, 4],
                       "x0's read can use rbx in place (its last use precedes the write)")
        XCTAssertEqual(ops.compactMap { i in plan.inPlace[i].map { "\(i): \($0)" } }, ["2: rbx"],
                       "subs x0, x0, #1 can be computed in rbx itself")
        XCTAssertFalse(plan.aliasable.contains(ops.count))
        XCTAssertNil(plan.inPlace[ops.count])

        // Ten values live at once leave no spare host registers: only x0 is promoted.
        var busy = b
        let held = (10...19).map { busy.get(UInt8($0)) }
        for (i, v) in held.enumerated() { busy.op(.setReg(GPR(UInt8(20 + i)), v)) }
        var busyLastUse = [Int](repeating: -1, count: Int(busy.block.valueCount))
        for (i, op) in busy.block.ops.enumerated() { op.forEachUse { busyLastUse[$0.index] = i } }
        XCTAssertEqual(LoopPromotion.peakTemporaries(busy.block, lastUse: busyLastUse), 10)
        let busyPlan = try! XCTUnwrap(LoopPromotion.plan(busy.block, lastUse: busyLastUse))
        XCTAssertEqual(busyPlan.registers.map { "x\($0.guest)" }, ["x0"])

        b.block.terminator = .jump(0x2000)
        XCTAssertNil(LoopPromotion.plan(b.block, lastUse: lastUse), "not a loop")
        b.block.terminator = .jump(0x1000)
        b.op(.helper(.readCounter, args: [], result: nil))
        XCTAssertNil(LoopPromotion.plan(b.block, lastUse: lastUse + [-1]), "helpers read registers in the state")
    }

    /// `add x0, x0, x1` (an addScaled) in a loop is computed in x0's host register itself.
    func testLoopPromotionComputesAnAddScaledInPlace() {
        var b = BlockBuilder()
        let x0 = b.get(0), x1 = b.get(1), sum = b.value()
        b.op(.addScaled(sum, x0, x1, shift: 0, is64: true))
        b.op(.setReg(GPR(0), sum))
        b.block.terminator = .branch(.nonZero(sum, is64: true), taken: 0x1000, notTaken: 0x1004)
        let plan = try! XCTUnwrap(LoopPromotion.plan(b.block, lastUse: [2, 2, 4]))
        XCTAssertNotNil(plan.hostOf[0])
        XCTAssertEqual(plan.inPlace[2], plan.hostOf[0])
    }

    /// One scratch serves plan after plan (as in the emitter): a smaller block's plan sees none of
    /// the bigger block's roles, and each plan equals one made with a scratch of its own.
    func testLoopPromotionReusesItsScratch() {
        func lastUses(_ block: IRBlock) -> [Int] {
            var lastUse = [Int](repeating: -1, count: Int(block.valueCount))
            for (i, op) in block.ops.enumerated() { op.forEachUse { lastUse[$0.index] = i } }
            block.terminator.forEachUse { lastUse[$0.index] = block.ops.count }
            return lastUse
        }
        func summary(_ p: LoopPromotion?, _ block: IRBlock) -> String {
            guard let p else { return "none" }
            let regs = p.registers.map { "x\($0.guest)=\($0.host)" }
            let aliased = (0...block.ops.count).filter { p.aliasable.contains($0) }
            let inPlace = (0...block.ops.count).compactMap { i in p.inPlace[i].map { "\(i):\($0)" } }
            return "\(regs) aliasable \(aliased) inPlace \(inPlace)"
        }
        // Big: x1...x6 each incremented in place (six carried registers, five promoted).
        var big = BlockBuilder()
        let one = big.const(1)
        for r in UInt8(1)...6 {
            let sum = big.binary(.add, big.get(r), one)
            big.op(.setReg(GPR(r), sum))
        }
        big.block.terminator = .jump(0x1000)
        // Small: x9 = x9 - x8 (x9 read in place, x8 read only).
        var small = BlockBuilder()
        let diff = small.binary(.sub, small.get(9), small.get(8))
        small.op(.setReg(GPR(9), diff))
        small.block.terminator = .branch(.nonZero(diff, is64: true), taken: 0x1000, notTaken: 0x1004)

        let scratch = LoopPlanScratch()
        for block in [big.block, small.block, big.block] {
            let lastUse = lastUses(block)
            let reused = lastUse.withUnsafeBufferPointer { LoopPromotion.plan(block, lastUse: $0, scratch: scratch) }
            XCTAssertEqual(summary(reused, block), summary(LoopPromotion.plan(block, lastUse: lastUse), block))
        }
        let lastUse = lastUses(small.block)
        let plan = lastUse.withUnsafeBufferPointer { LoopPromotion.plan(small.block, lastUse: $0, scratch: scratch) }
        XCTAssertEqual(summary(plan, small.block), "[\"x9=rbx\", \"x8=rbp\"] aliasable [0, 1] inPlace [\"2:rbx\"]")
        let bigLastUse = lastUses(big.block)
        let bigPlan = bigLastUse.withUnsafeBufferPointer { LoopPromotion.plan(big.block, lastUse: $0, scratch: scratch) }
        XCTAssertEqual(bigPlan?.registers.map { Int($0.guest) }, [1, 2, 3, 4, 5], "equal counts: lower numbers first")
    }

    /// The full pipeline as the engine runs it.
    func testPipeline() {
        var b = BlockBuilder()
        let x1 = b.get(1)
        _ = b.binary(.sub, x1, x1, flags: true)
        b.op(.setReg(GPR(0), x1))
        b.insn()
        b.op(.setReg(GPR(0), b.binary(.add, b.get(0), b.get(1), flags: true)))
        b.block.terminator = .jump(0x1008)
        b.block.flagsLiveOut = false
        let out = Optimizer.run(b.block)
        XCTAssertEqual(lines(out.text), [
            ";; 0x1000", "  %0 = getReg x1", "  %1 = sub.64 %0, %0",
            ";; 0x1004", "  %4 = add.64 %0, %0", "  setReg x0, %4", "  br 0x1008", "  ; flags dead after the block",
        ])
    }
}

/// The decode-only entry scan (FlagEntryLiveness) and its instruction tables.
final class FlagEntryLivenessTests: XCTestCase {
    /// Scans `words` placed in memory (one readable page range around them).
    private func dead(_ words: [UInt32]) -> Bool {
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 4096)
        defer { code.deallocate() }
        code.initialize(repeating: 0xD503_201F, count: 4096)     // nop
        let start = code + 2048 - words.count / 2                // well inside the allocation
        for (i, w) in words.enumerated() { start[i] = w }
        let pc = UInt64(UInt(bitPattern: start))
        return FlagEntryLiveness.flagsDead(at: pc, readablePages: (pc >> 12) - 1...(pc >> 12) + 1)
    }

    func testScan() {
        let add = 0x9100_0400 as UInt32, subs = 0xF100_0421 as UInt32     // add x0, x0, #1; subs x1, x1, #1
        let csel = 0x9A82_1020 as UInt32, bne = 0x5400_0041 as UInt32     // csel x0, x1, x2, ne; b.ne .+8
        let ldr = 0xF940_0020 as UInt32                                    // ldr x0, [x1]
        XCTAssertTrue(dead([subs]))
        XCTAssertTrue(dead([add, ldr, subs]))
        XCTAssertFalse(dead([csel, subs]), "read before the write")
        XCTAssertFalse(dead([add, bne]), "a conditional branch reads the flags")
        XCTAssertFalse(dead([0xD53B_4200, subs]), "mrs x0, nzcv is not in the tables: live")
        XCTAssertFalse(dead(Array(repeating: add, count: 8) + [subs]), "only \(FlagEntryLiveness.window) instructions are looked at")
    }

    /// A lifted block answers from all its instructions, past the scan's window.
    func testEntryOfALiftedBlock() {
        let add = 0x9100_0400 as UInt32, subs = 0xF100_0421 as UInt32     // add x0, x0, #1; subs x1, x1, #1
        let csel = 0x9A82_1020 as UInt32                                   // csel x0, x1, x2, ne
        func lifted(_ words: [UInt32]) -> IRBlock {
            let code = UnsafeMutablePointer<UInt32>.allocate(capacity: words.count + 1)
            defer { code.deallocate() }
            for (i, w) in words.enumerated() { code[i] = w }
            code[words.count] = 0xD400_0001     // svc #0
            return Lifter.liftBlock(at: UInt64(UInt(bitPattern: code)), maxInstructions: 32)
        }
        XCTAssertTrue(FlagEntryLiveness.flagsDead(atEntryOf: lifted(Array(repeating: add, count: 12) + [subs])))
        XCTAssertFalse(FlagEntryLiveness.flagsDead(atEntryOf: lifted(Array(repeating: add, count: 12) + [csel, subs])))
        XCTAssertFalse(FlagEntryLiveness.flagsDead(atEntryOf: lifted(Array(repeating: add, count: 12))), "no flag access: live")
    }

    /// The tables agree with the lifter: random words of each listed instruction lift to IR
    /// that writes NZCV first (writers) or never touches it and calls no helper (untouched).
    func testTablesAgreeWithTheLifter() {
        var rng = SystemRandomNumberGenerator()
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)
        defer { code.deallocate() }
        let pc = UInt64(UInt(bitPattern: code))
        var checked = Set<A64Instruction>()
        for pattern in A64Decoder.patterns {
            let isWriter = FlagEntryLiveness.writers.contains(pattern.id)
            guard isWriter || FlagEntryLiveness.untouched.contains(pattern.id) else { continue }
            for _ in 0..<300 {
                let word = pattern.value | (UInt32.random(in: 0...UInt32.max, using: &rng) & ~pattern.mask)
                guard A64Decoder.instruction(word) == pattern.id else { continue }
                code[0] = word; code[1] = 0xD400_0001     // svc #0
                let block = Lifter.liftBlock(at: pc, maxInstructions: 1)
                if case .exit(.undefined, _) = block.terminator { continue }
                checked.insert(pattern.id)
                let first = block.ops.first { $0.readsFlags || $0.writesFlags || $0.callsHelper }
                if isWriter {
                    XCTAssert(first.map { $0.writesFlags && !$0.readsFlags && !$0.callsHelper } ?? false,
                              "\(pattern.id) \(String(word, radix: 16)): does not write NZCV first")
                } else {
                    XCTAssertNil(first, "\(pattern.id) \(String(word, radix: 16)): touches NZCV or calls a helper")
                }
            }
        }
        XCTAssertEqual(checked, FlagEntryLiveness.writers.union(FlagEntryLiveness.untouched))
    }
}

/// Operand declarations (IR/IRUses.swift) and the printer agree on every op they are shown.
final class IROperandTests: XCTestCase {
    /// Blocks are arrays of IROp copied by every pass: keep the op as small as it was
    /// (the largest payloads are 25 bytes: helper calls, vecShuffleBytes).
    func testOpStaysSmall() {
        XCTAssertLessThanOrEqual(MemoryLayout<IROp>.stride, 32)
        XCTAssertEqual(MemoryLayout<HelperArgs>.size, 8)
    }

    func testUsesDefsAndMapping() {
        let v = (0..<8).map { Value(Int32($0)) }
        let samples: [(IROp, uses: [Value], def: Value?, text: String)] = [
            (.writeMXCSR(v[1]), [v[1]], nil, "writeMXCSR %1"),
            (.storeExclusivePair(v[0], lo: v[1], hi: v[2], addr: v[3]), [v[1], v[2], v[3]], v[0], "%0 = storeExclusivePair [%3], %1, %2"),
            (.compareAndSwapPair(v[0], addr: v[1], expectedLo: v[2], expectedHi: v[3], newLo: v[4], newHi: v[5]),
             [v[1], v[2], v[3], v[4], v[5]], v[0], "%0 = casp [%1], %2:%3, %4:%5"),
            (.load(v[2], addr: v[1], disp: -16, size: 4, signed: true, is64: false), [v[1]], v[2], "%2 = load.s4.32 [%1 - 0x10]"),
            (.helper(.readCounter, args: [v[1], v[2]], result: v[3]), [v[1], v[2]], v[3], "%3 = helper readCounter(%1, %2)"),
            (.helper(.writeNZCV, args: [v[1]], result: nil), [v[1]], nil, "helper writeNZCV(%1)"),
            (.vecToGPR(v[4], 3, lane: 1, size: 4, signed: false), [], v[4], "%4 = vecToGPR.u4 v3[1]"),
            (.fpCompare(1, nil, double: true, signaling: true), [], nil, "fcmpe.f64 v1, #0.0 !flags"),
            (.intToFP(2, v[6], double: false, srcIs64: true, signed: true), [v[6]], nil, "scvtf.64.f32 v2, %6"),
        ]
        for (op, uses, def, text) in samples {
            XCTAssertEqual(op.uses, uses, text)
            XCTAssertEqual(op.def, def, text)
            XCTAssertEqual(op.description, text)
            let shifted = op.mapUses { Value($0.id + 10) }
            XCTAssertEqual(shifted.uses, uses.map { Value($0.id + 10) }, text)
            XCTAssertEqual(shifted.def, def, "mapUses leaves the definition alone: \(text)")
        }
    }
}
