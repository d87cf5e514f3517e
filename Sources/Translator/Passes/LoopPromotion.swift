// Single-block loops (a block branching back to its own start) keep the guest
// registers they use in host registers for the whole loop: loaded once before the
// loop head, written back on every exit edge. Loop-carried values then never make
// a store-to-load round trip through the state block per iteration.

/// A guest register a loop keeps in a host register (a struct, not a tuple: tuple
/// arrays need runtime metadata lookups on the translation path).
struct PromotedRegister: Sendable {
    var guest: UInt8
    var host: Reg
}

/// Which guest registers a block keeps in which host registers.
struct LoopPromotion {
    /// Callee-saved, so helper calls keep them; a fault saves them in this order into the fault
    /// area (CR_FAULT_PROMOTED in CSupport.h, filled by signals.c and emitCheckAlignment).
    static let hostRegisters: [Reg] = [.rbx, .rbp, .r12, .r13, .r14]

    var registers: [PromotedRegister] = []
    /// Op indices of getReg ops whose value can live in the guest register's host register
    /// itself (no write to that guest register before the value's last use).
    var aliasable: Set<Int> = []
    /// Ops whose result the next op writes to a promoted register and nothing else uses, by op
    /// index, with that register's host: loads, and ALU ops whose first operand was read from
    /// the same register in place. The backend puts the result there directly, with no copies.
    var inPlace: [Int: Reg] = [:]
    /// Host register of each guest register 0...31, if promoted.
    var hostOf: [Reg?] = Array(repeating: nil, count: 32)

    /// A plan for `block`, or nil when it is not a self-loop, calls helpers (which read
    /// and write guest registers in the state) or does a 16-byte compare-and-swap.
    /// `lastUse`: op index of each value's last use.
    static func plan(_ block: IRBlock, lastUse: [Int]) -> LoopPromotion? {
        guard block.loopsToItsStart else { return nil }
        // Loop-carried registers (read before written, and written) gain most: a
        // store-to-load round trip per iteration. The others cost one plain load or store.
        var count = [Int](repeating: 0, count: 32)
        var readFirst = [Bool](repeating: false, count: 32), written = [Bool](repeating: false, count: 32)
        for op in block.ops {
            if case .getReg(_, let r) = op {
                count[r.index] += 1
                if !written[r.index] { readFirst[r.index] = true }
            } else if case .setReg(let r, _) = op {
                count[r.index] += 1; written[r.index] = true
            } else if op.callsHelper || op.usesCmpxchg16b {
                return nil     // helpers read guest registers in the state; cmpxchg16b needs rbx
            }
        }
        var chosen = Array((0..<32).filter { readFirst[$0] && written[$0] }.sorted { count[$0] > count[$1] }
            .prefix(hostRegisters.count))
        guard !chosen.isEmpty else { return nil }
        // Host registers the loop's temporaries leave free also take the registers it only reads
        // (a load per iteration) or writes before reading (a store per iteration; a fault reads
        // promoted registers from the fault area, so no store is needed before memory ops).
        let spare = min(hostRegisters.count - chosen.count,
                        RegisterAllocator.allocatable.count - chosen.count - peakTemporaries(block, lastUse: lastUse))
        if spare > 0 {
            chosen += (0..<32).filter { count[$0] > 0 && !(readFirst[$0] && written[$0]) }
                .sorted { count[$0] > count[$1] }.prefix(spare)
        }
        var p = LoopPromotion()
        for (r, h) in zip(chosen, hostRegisters) {
            p.registers.append(PromotedRegister(guest: UInt8(r), host: h))
            p.hostOf[r] = h
        }
        var nextWrite = [Int](repeating: Int.max, count: 32)
        var laterWrite = [Int](repeating: Int.max, count: block.ops.count)   // of a setReg's register
        for i in block.ops.indices.reversed() {
            if case .setReg(let r, _) = block.ops[i] {
                laterWrite[i] = nextWrite[r.index]
                nextWrite[r.index] = i
            } else if case .getReg(let d, let r) = block.ops[i], p.hostOf[r.index] != nil, lastUse[d.index] <= nextWrite[r.index] {
                p.aliasable.insert(i)
            }
        }
        // x = x OP y (incl. post-index writeback): `getReg` read in place, the op, `setReg` next.
        var aliasOf = [UInt8?](repeating: nil, count: Int(block.valueCount))
        for i in p.aliasable { if case .getReg(let d, let r) = block.ops[i] { aliasOf[d.index] = UInt8(r.index) } }
        // A load's destination may be the register too: a fault leaves it unwritten. The value
        // may be used later while the register keeps it: before the op ahead of its next write
        // (which may itself write the host register in place).
        for i in block.ops.indices.dropLast() {
            guard case .setReg(let r, let v) = block.ops[i + 1], let host = p.hostOf[r.index],
                  laterWrite[i + 1] == Int.max || lastUse[v.index] < laterWrite[i + 1] - 1 else { continue }
            if case .binary(_, let d, let a, _, _, _) = block.ops[i], d == v, aliasOf[a.index] == UInt8(r.index), lastUse[a.index] == i {
                p.inPlace[i] = host
            } else if case .addScaled(let d, let a, _, _, true) = block.ops[i], d == v, aliasOf[a.index] == UInt8(r.index),
                      lastUse[a.index] == i {
                p.inPlace[i] = host     // `add x0, x0, x1`: lea rbx, [rbx + rbp]
            } else if case .load(let d, _, _, _, _, _) = block.ops[i], d == v {
                p.inPlace[i] = host
            }
        }
        return p
    }

    /// The most values live at once (constants excluded: they become immediates).
    static func peakTemporaries(_ block: IRBlock, lastUse: [Int]) -> Int {
        var live = 0, peak = 0
        var endingAt = [Int](repeating: 0, count: block.ops.count + 1)
        for (i, op) in block.ops.enumerated() {
            live -= endingAt[i]
            if case .const = op { continue }
            if let d = op.def, d.index < lastUse.count, lastUse[d.index] > i {
                live += 1; peak = max(peak, live)
                endingAt[min(lastUse[d.index], block.ops.count)] += 1
            }
        }
        return peak
    }
}

extension IRBlock {
    /// Whether the block branches back to its own start (a single-block loop).
    var loopsToItsStart: Bool {
        switch terminator {
        case .jump(let t): return t == guestPC
        case .branch(_, let t, let n): return t == guestPC || n == guestPC
        case .indirect, .call, .callIndirect, .ret, .exit: return false
        }
    }
}

extension IROp {
    /// STXP/CASP become lock cmpxchg16b, which needs rbx (one of the promotion registers).
    var usesCmpxchg16b: Bool {
        if case .storeExclusivePair = self { return true }
        if case .compareAndSwapPair = self { return true }
        return false
    }
}
