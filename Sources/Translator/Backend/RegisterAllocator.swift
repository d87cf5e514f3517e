// Local register allocation for one block, done while emitting: values get host
// registers at definition, are spilled to state slots when registers run out
// (furthest last use first), and die after their last use. Constants are never
// allocated: they become immediates or are materialized on use.

struct RegisterAllocator {
    /// rax, rcx, rdx are the emitter's scratch; r15 holds the state; rsp is the host stack.
    static let allocatable: [Reg] = [.rbx, .rbp, .r12, .r13, .r14, .rsi, .rdi, .r8, .r9, .r10, .r11]
    static let callerSaved: [Reg] = [.rsi, .rdi, .r8, .r9, .r10, .r11]

    /// Per-value tables: at least `valueCount` long (longer when reused from a bigger block).
    private var tables = ValueTables.empty
    var reg: UnsafeMutablePointer<Reg?> { tables.reg }
    var slot: UnsafeMutablePointer<Int32?> { tables.slot }
    var constant: UnsafeMutablePointer<UInt64?> { tables.constant }
    var lastUse: UnsafeMutablePointer<Int> { tables.lastUse }
    /// owner[host register number]: the value the register holds.
    var owner: UnsafeMutablePointer<Value?> { tables.owner }
    /// Spill slots not in use, a bit per slot (CPUStateLayout.spillSlots <= 32): the lowest
    /// free slot is taken first, and a new block starts with one store, not a refilled list.
    var freeSlots: UInt32 = 0
    /// Registers (bit per Reg) that must not be evicted while the current op is emitted.
    var pinned: UInt16 = 0
    /// Registers (bit per Reg) holding constants materialized for the current op only.
    var temps: UInt16 = 0
    /// Registers (bit per Reg) the allocator must never hand out (promoted guest registers).
    var reserved: UInt16 = 0
    var outOfSlots = false

    init(valueCount: Int) { reset(valueCount: valueCount) }

    /// An allocator with empty tables (allocates nothing; `reset` before use).
    init() {}

    /// Starts a new block of `valueCount` values, keeping the tables' storage (the engine
    /// reuses one allocator: no allocation per block once the tables are big enough).
    mutating func reset(valueCount: Int) {
        if tables.capacity < max(valueCount, 1) { grow(to: valueCount) }
        // One pass over the four per-value tables (they are short: a block has tens of values).
        let reg = self.reg, slot = self.slot, constant = self.constant, lastUse = self.lastUse
        for i in 0..<valueCount { reg[i] = nil; slot[i] = nil; constant[i] = nil; lastUse[i] = -1 }
        owner.update(repeating: nil, count: ValueTables.hostRegisters)
        freeSlots = CPUStateLayout.spillSlots >= 32 ? .max : (1 << UInt32(CPUStateLayout.spillSlots)) - 1
        pinned = 0
        temps = 0
        reserved = 0
        outOfSlots = false
    }

    /// Lengthens the per-value tables (rare: they keep the largest block's size). New storage,
    /// never the old one grown in place: the empty tables are shared.
    @inline(never) private mutating func grow(to count: Int) {
        tables = ValueTables(capacity: max(count, 2 * tables.capacity, 64))
    }

    static func slotMem(_ s: Int32) -> Mem { Mem(.r15, CPUStateLayout.spill + s * 8) }

    /// A free register, evicting the unpinned value with the furthest last use if needed.
    mutating func freeRegister(_ asm: inout X64Assembler) -> Reg {
        for r in Self.allocatable where owner[Int(r.rawValue)] == nil && !isPinned(r) { return r }
        var victim: Reg? = nil, furthest = -1
        for r in Self.allocatable where !isPinned(r) {
            if let v = owner[Int(r.rawValue)], lastUse[v.index] > furthest { furthest = lastUse[v.index]; victim = r }
        }
        guard let r = victim else { fatalError("register allocator: every register pinned") }
        spill(r, &asm)
        return r
    }

    /// Moves the value in `r` to its spill slot (once: SSA values never change).
    mutating func spill(_ r: Reg, _ asm: inout X64Assembler) {
        guard let v = owner[Int(r.rawValue)] else { return }
        if slot[v.index] == nil {
            guard freeSlots != 0 else { outOfSlots = true; owner[Int(r.rawValue)] = nil; reg[v.index] = nil; return }
            let s = Int32(freeSlots.trailingZeroBitCount)
            freeSlots &= freeSlots - 1
            slot[v.index] = s
            asm.store(Self.slotMem(s), r, size: 8)
        }
        owner[Int(r.rawValue)] = nil
        reg[v.index] = nil
    }

    /// A register holding `v` for the current op.
    mutating func use(_ v: Value, _ asm: inout X64Assembler) -> Reg {
        if let r = reg[v.index] { pin(r); return r }
        let r = freeRegister(&asm)
        if let c = constant[v.index] {
            asm.movImm(r, c)
            temps |= 1 << UInt16(r.rawValue)   // a materialized constant lives only for this op
        } else if let s = slot[v.index] {
            asm.load(r, Self.slotMem(s), size: 8)
            owner[Int(r.rawValue)] = v; reg[v.index] = r
        } else {
            fatalError("register allocator: value v\(v) used before definition")
        }
        pin(r)
        return r
    }

    @inline(__always) func isPinned(_ r: Reg) -> Bool { (pinned | reserved) & (1 << UInt16(r.rawValue)) != 0 }
    mutating func reserve(_ r: Reg) { reserved |= 1 << UInt16(r.rawValue) }
    @inline(__always) mutating func pin(_ r: Reg) { pinned |= 1 << UInt16(r.rawValue) }

    /// Loads `v` into a specific register (helper-call arguments), without allocating it.
    func load(_ v: Value, into r: Reg, _ asm: inout X64Assembler) {
        if let c = constant[v.index] { asm.movImm(r, c) } else if let h = reg[v.index] { if h != r { asm.mov(r, h) } } else if let s = slot[v.index] {
            asm.load(r, Self.slotMem(s), size: 8)
        }
    }

    /// A register for the result `v` of the current op.
    mutating func def(_ v: Value, _ asm: inout X64Assembler) -> Reg {
        let r = freeRegister(&asm)
        owner[Int(r.rawValue)] = v; reg[v.index] = r
        pin(r)
        return r
    }

    /// A register for `v`, taking over `a`'s when `a` dies at op `index` (so a two-operand
    /// x86 instruction needs no copy). `reused` tells whether the register already holds `a`.
    mutating func defReusing(_ v: Value, _ a: Value, at index: Int, _ asm: inout X64Assembler) -> (reg: Reg, reused: Bool) {
        if lastUse[a.index] == index, let r = reg[a.index], owner[Int(r.rawValue)] == a {
            owner[Int(r.rawValue)] = v; reg[v.index] = r; reg[a.index] = nil
            return (r, true)
        }
        return (def(v, &asm), false)
    }

    /// Ends an op: frees values whose last use was op `index`, and this op's temporaries.
    mutating func finish(op: IROp, index: Int) {
        op.forEachUse { v in if lastUse[v.index] <= index { release(v) } }
        if let d = op.def, lastUse[d.index] < 0 { release(d) }
        temps = 0
        pinned = 0
    }

    mutating func release(_ v: Value) {
        if let r = reg[v.index] {
            if owner[Int(r.rawValue)] == v { owner[Int(r.rawValue)] = nil }  // not for values read in place
            reg[v.index] = nil
        }
        if let s = slot[v.index] { freeSlots |= 1 << UInt32(s); slot[v.index] = nil }
    }

    /// Before a host call: caller-saved registers lose their values to spill slots.
    mutating func evictCallerSaved(_ asm: inout X64Assembler) {
        for r in Self.callerSaved where owner[Int(r.rawValue)] != nil { spill(r, &asm) }
    }
}

/// The register allocator's per-value tables, indexed by value number, in storage of their own.
/// They are read and written several times per IR op; as Swift arrays inside the emitter's
/// struct every write paid a uniqueness check (copy-on-write) and a bounds check. Each
/// allocator owns its tables; the shared empty ones are never written (nothing to write).
final class ValueTables: @unchecked Sendable {
    /// Host register numbers (Reg's raw values) are below this.
    static let hostRegisters = 16
    /// Zero capacity, shared: the allocator before its first block (grow replaces it).
    static let empty = ValueTables(capacity: 0)

    let capacity: Int
    let reg: UnsafeMutablePointer<Reg?>
    let slot: UnsafeMutablePointer<Int32?>
    let constant: UnsafeMutablePointer<UInt64?>
    let lastUse: UnsafeMutablePointer<Int>
    let owner: UnsafeMutablePointer<Value?>

    init(capacity: Int) {
        self.capacity = capacity
        reg = .allocate(capacity: capacity); reg.initialize(repeating: nil, count: capacity)
        slot = .allocate(capacity: capacity); slot.initialize(repeating: nil, count: capacity)
        constant = .allocate(capacity: capacity); constant.initialize(repeating: nil, count: capacity)
        lastUse = .allocate(capacity: capacity); lastUse.initialize(repeating: -1, count: capacity)
        owner = .allocate(capacity: Self.hostRegisters); owner.initialize(repeating: nil, count: Self.hostRegisters)
    }

    deinit {
        reg.deallocate(); slot.deallocate(); constant.deallocate(); lastUse.deallocate(); owner.deallocate()
    }
}
