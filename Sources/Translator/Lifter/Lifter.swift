// Builds the IR for one guest basic block, one instruction at a time.
// Instruction families live in extensions named after the Arm ARM sections.

public final class Lifter {
    var block: IRBlock
    /// The current block's ops until `finish` moves them to `block.ops`.
    private let lifted = LiftedOps()
    /// Address of the instruction being lifted.
    var pc: UInt64 = 0
    /// Set when the current instruction ended the block.
    var ended = false
    /// Whether a forward conditional branch may continue the block as a side exit (the engine
    /// sets it; a lifter on its own ends blocks at every branch, as the pass tests expect).
    var sideExits = false
    /// At most this many side exits per block. Code reached both through a block's fall-through
    /// and by a jump from elsewhere is translated twice; longer units duplicate more. On the
    /// python import workload: 0 -> 39.6k blocks / 160k instructions translated, 1 -> 28.7k /
    /// 178k, 2 -> 25.6k / 184k, unlimited -> 22.7k / 199k.
    static let maxSideExits = 2   // IRBlock.liftedSideExits holds this many
    /// Start pcs of the blocks already translated (the engine's block map; nil: none). A block
    /// that has taken a side exit stops where it would fall into one of them and jumps there,
    /// instead of translating that code a second time as its own tail.
    var translatedStarts: GuestAddressTable?
    /// The first address the current block may not lift (its instruction limit).
    private var limitPC: UInt64 = 0
    /// The nearest taken target of the block's side exits: where both sides of an `if` meet.
    /// The block ends there (a jump to it), so the join's code is one block both sides chain
    /// to, not a copy in this block and another in the block the side exit leads to.
    private var joinPC: UInt64 = .max
    /// FPCR's DN/FZ/RMode bits the block is translated for (blocks are specialised on them:
    /// inline host FP assumes 0, other modes use the out-of-line ARM semantics).
    private(set) var fpcrMode: UInt32

    init(pc: UInt64, fpcrMode: UInt32) { block = IRBlock(guestPC: pc); self.fpcrMode = fpcrMode }

    /// The FPCR bits translation depends on: DN (25), FZ (24), RMode (23:22).
    static let fpcrModeMask: UInt32 = 0x03C0_0000

    // MARK: building blocks

    func newValue() -> Value { defer { block.valueCount += 1 }; return Value(block.valueCount) }
    /// Inlined (two to three ops per guest instruction): the op goes straight from the caller's
    /// registers to the buffer, without a call that saves and restores six registers.
    @inline(__always) func emit(_ op: IROp) {
        lifted.append(op, instruction: UInt16(truncatingIfNeeded: (pc &- block.guestPC) >> 2))
    }

    /// Emits a `sideExit` op and notes where it is (`IRBlock.liftedSideExits`).
    private func emitSideExit(_ op: IROp) {
        block.liftedSideExits[block.sideExitCount] = Int32(lifted.count)   // ops are flushed at the end
        block.sideExitCount += 1
        emit(op)
    }

    func const(_ v: UInt64) -> Value { let d = newValue(); emit(.const(d, v)); return d }

    /// Xn with register 31 as XZR.
    func x(_ r: GPR) -> Value {
        if r.isZROrSP { return const(0) }
        let d = newValue(); emit(.getReg(d, r)); return d
    }
    /// Xn with register 31 as SP.
    func xsp(_ r: GPR) -> Value { let d = newValue(); emit(.getReg(d, r)); return d }

    /// Writes Xd (31 = XZR, discarded). 32-bit results are already zero-extended by construction.
    func setX(_ r: GPR, _ v: Value) { if !r.isZROrSP { emit(.setReg(r, v)) } }
    func setXSP(_ r: GPR, _ v: Value) { emit(.setReg(r, v)) }

    func binary(_ op: BinOp, _ a: Value, _ b: Value, is64: Bool, flags: Bool = false) -> Value {
        let d = newValue(); emit(.binary(op, d, a, b, is64: is64, flags: flags ? .set : .none)); return d
    }
    func binary(_ op: BinOp, _ a: Value, imm: UInt64, is64: Bool, flags: Bool = false) -> Value {
        binary(op, a, const(imm), is64: is64, flags: flags)
    }
    func unary(_ op: UnOp, _ a: Value, is64: Bool) -> Value {
        let d = newValue(); emit(.unary(op, d, a, is64: is64)); return d
    }
    func extend(_ v: Value, bits: UInt8, signed: Bool) -> Value {
        let d = newValue(); emit(.extend(d, v, bits: bits, signed: signed)); return d
    }
    /// Zero-extends a 32-bit computation result when the instruction is a W form.
    func truncate(_ v: Value, is64: Bool) -> Value { is64 ? v : extend(v, bits: 32, signed: false) }

    func end(_ t: Terminator) { block.terminator = t; ended = true }

    /// A conditional branch to `taken` (not taken: the next instruction). A forward one, with
    /// room for more instructions, is a side exit and the block goes on: blocks average four
    /// instructions, so the per-block costs of translation (and a chained jump per not-taken
    /// branch at run time) are paid less often. A backward one ends the block, so a loop stays
    /// a block that branches to its own start (LoopPromotion).
    func branchOrSideExit(_ c: BranchCondition, taken: UInt64) {
        if sideExits && taken > pc && pc &+ 4 < limitPC && block.sideExitCount < Self.maxSideExits {
            if taken < limitPC, let stay = c.inverted, callsBeforeBranching(from: pc &+ 4), closesLoop(from: taken) {
                // A loop body that branches over a call (nbody's `b.pl 1f; bl sqrt; b 2f; 1: fsqrt`):
                // the unit goes on at the taken target and the call path is the side exit, so
                // the loop is one unit that branches to its own start (promoted registers, the
                // vector cache kept from one half of the body to the other).
                emitSideExit(.sideExit(stay, taken: pc &+ 4, flagsLive: true))
                pc = taken &- 4     // liftNextInstruction moves on to `taken`
                return
            }
            emitSideExit(.sideExit(c, taken: taken, flagsLive: true))   // the engine may refine it
            joinPC = min(joinPC, taken)
        } else {
            end(.branch(c, taken: taken, notTaken: pc &+ 4))
        }
    }

    /// Ends the block with a guest SIGILL at this instruction.
    func undefined() { end(.exit(.undefined, pc: pc)) }

    // MARK: driving

    /// Lifts instructions from `pc` until a branch or `maxInstructions`.
    static func liftBlock(at start: UInt64, maxInstructions: Int, fpcrMode: UInt32 = 0) -> IRBlock {
        let l = Lifter(pc: start, fpcrMode: fpcrMode)
        l.liftBlock(at: start, maxInstructions: maxInstructions, fpcrMode: fpcrMode)
        return l.block
    }

    /// The same into this lifter's `block`, reusing its storage (the engine keeps a lifter,
    /// so lifting allocates nothing once the arrays have grown).
    func liftBlock(at start: UInt64, maxInstructions: Int, fpcrMode: UInt32) {
        begin(at: start, fpcrMode: fpcrMode)
        limitPC = start &+ 4 &* UInt64(maxInstructions)
        joinPC = .max
        for _ in 0..<maxInstructions {
            liftNextInstruction()
            if ended || pc == joinPC { break }
            if block.sideExitCount > 0, let starts = translatedStarts, starts[pc] != nil,
               !mayBranchBack(to: block.guestPC, from: pc) { break }
        }
        finish()
    }

    /// Whether the unit, lifted on from `from`, could end with a branch back to `start`: a
    /// decode-only look ahead that follows the lifter's rules (side exits, the join, the
    /// limit) over plain instructions and direct branches, and answers "may" at anything else.
    /// Stopping at a translated block there would split a loop whose test sits at its bottom
    /// (`b .Ltest; .Lbody: ...; .Ltest: cmp; b.lt .Lbody`, .Ltest translated first) into two
    /// blocks, losing the one-block loop's promoted registers; such a unit goes on as before.
    /// Reads only words the lifter itself would read if it went on.
    private func mayBranchBack(to start: UInt64, from: UInt64) -> Bool {
        FlagEntryLiveness.effects.withUnsafeBufferPointer { effects in
            var at = from, exits = block.sideExitCount, join = joinPC
            while at < limitPC && at != join {
                let word = UnsafePointer<UInt32>(bitPattern: UInt(at))!.pointee
                guard let id = A64Decoder.instruction(word) else { return false }    // ends: SIGILL
                let offset: Int64
                switch Self.directBranch(id, InstructionWord(word)) {
                case .always(let o)?: return at &+ UInt64(bitPattern: o) == start
                case .conditional(let o)?: offset = o
                case nil:
                    if id == .bl || id == .br || id == .blr || id == .ret { return false }
                    if effects[Int(id.rawValue)] == .unknown { return true }
                    at &+= 4; continue      // a plain instruction: the lifter goes on
                }
                let target = at &+ UInt64(bitPattern: offset)
                if target == start { return true }
                guard target > at && at &+ 4 < limitPC && exits < Self.maxSideExits else { return false }
                exits += 1; join = min(join, target)
                at &+= 4
            }
            return false
        }
    }

    /// A direct branch's target offset: B always branches, B.cond, CBZ/CBNZ and TBZ/TBNZ may;
    /// nil for any other instruction (the look-aheads' common decoding).
    private enum DirectBranch { case always(Int64), conditional(Int64) }

    private static func directBranch(_ id: A64Instruction, _ w: InstructionWord) -> DirectBranch? {
        switch id {
        case .b: .always(BranchImmediateOperands(w).offset)
        case .bCond: .conditional(ConditionalBranchOperands(w).offset)
        case .cbz, .cbnz: .conditional(CompareBranchOperands(w).offset)
        case .tbz, .tbnz: .conditional(TestBranchOperands(w).offset)
        default: nil
        }
    }

    /// Whether the code from `from` calls (BL/BLR) within a few instructions, before any other
    /// branch: the path of a conditional branch that leaves a loop body for a call.
    private func callsBeforeBranching(from: UInt64) -> Bool {
        var at = from
        while at < limitPC && at < from &+ 4 * 8 {
            guard let id = A64Decoder.instruction(UnsafePointer<UInt32>(bitPattern: UInt(at))!.pointee) else { return false }
            if id == .bl || id == .blr { return true }
            if id.isBranchOrException { return false }
            at &+= 4
        }
        return false
    }

    /// Whether the unit, lifted on from `from`, would end with a branch back to its own start:
    /// a decode-only look ahead over instructions and forward conditional branches (side exits,
    /// up to the limit) that answers "no" at any other branch. Only a heuristic: the lifter's
    /// own rules decide where the unit really ends.
    private func closesLoop(from: UInt64) -> Bool {
        let start = block.guestPC
        var at = from, exits = block.sideExitCount + 1
        while at < limitPC {
            let word = UnsafePointer<UInt32>(bitPattern: UInt(at))!.pointee
            guard let id = A64Decoder.instruction(word) else { return false }
            let offset: Int64
            switch Self.directBranch(id, InstructionWord(word)) {
            case .always(let o)?: return at &+ UInt64(bitPattern: o) == start
            case .conditional(let o)?: offset = o
            case nil:
                if id.isBranchOrException { return false }
                at &+= 4; continue
            }
            let target = at &+ UInt64(bitPattern: offset)
            if target == start { return true }
            guard target > at && exits < Self.maxSideExits else { return false }
            exits += 1; at &+= 4
        }
        return false
    }

    /// Starts an empty block at `start`.
    func begin(at start: UInt64, fpcrMode: UInt32) {
        block.reset(guestPC: start)
        lifted.removeAll()
        pc = start
        ended = false
        self.fpcrMode = fpcrMode
    }

    /// Lifts the instruction at `pc` and moves `pc` past it.
    @inline(__always) func liftNextInstruction() {
        let word = UnsafePointer<UInt32>(bitPattern: UInt(pc))!.pointee
        if let id = A64Decoder.instruction(word) { lift(id, InstructionWord(word)) } else { undefined() }
        pc &+= 4
    }

    /// Ends the block after the last instruction lifted (falling through to the next).
    func finish() {
        if !ended { end(.jump(pc)) }
        lifted.flush(into: &block)
        block.guestEnd = pc
    }
}
