// Guest register get/set forwarding inside a block: a read of a register whose
// value the block already has (read or written earlier) reuses that SSA value, and
// a register write that is overwritten before anything could observe it is dropped.
// Helper calls observe and may change the whole state, so they end both windows.

enum RegisterForwarding {
    static func run(_ b: inout IRBlock) {
        var known: [Value?] = Array(repeating: nil, count: 32)
        var pendingStore: [Int?] = Array(repeating: nil, count: 32)
        // rename[v] >= 0: uses of v read that value instead (arrays, not hashing: translation is hot).
        var rename = [Value](repeating: -1, count: Int(b.valueCount))
        var renamed = false
        var out: [IROp] = [], outInstruction: [UInt16] = []
        out.reserveCapacity(b.ops.count)
        outInstruction.reserveCapacity(b.ops.count)
        var dead = [Bool]()
        for (index, op) in b.ops.enumerated() {
            let op = renamed ? op.mapUses { rename[Int($0)] >= 0 ? rename[Int($0)] : $0 } : op
            switch op {
            case .getReg(let d, let r):
                if let v = known[Int(r)] { rename[Int(d)] = v; renamed = true; continue }
                known[Int(r)] = d
            case .setReg(let r, let v):
                if let prev = pendingStore[Int(r)] {
                    if dead.isEmpty { dead = [Bool](repeating: false, count: b.ops.count) }
                    dead[prev] = true
                }
                known[Int(r)] = v
                pendingStore[Int(r)] = out.count
            case .helper:
                known = Array(repeating: nil, count: 32)
                pendingStore = Array(repeating: nil, count: 32)
            default:
                // A fault here shows the guest registers in the state: earlier writes must stay.
                if op.mayFault { pendingStore = Array(repeating: nil, count: 32) }
            }
            out.append(op)
            outInstruction.append(b.opInstruction[index])
        }
        if !dead.isEmpty {
            let keep = out.indices.filter { !dead[$0] }
            out = keep.map { out[$0] }
            outInstruction = keep.map { outInstruction[$0] }
        }
        b.ops = out
        b.opInstruction = outInstruction
        if renamed { b.terminator = b.terminator.mapUses { rename[Int($0)] >= 0 ? rename[Int($0)] : $0 } }
    }
}

extension IROp {
    /// The same op with every used value passed through `f`.
    func mapUses(_ f: (Value) -> Value) -> IROp {
        switch self {
        case .setReg(let r, let v): return .setReg(r, f(v))
        case .storeState(let o, let v, let s): return .storeState(offset: o, f(v), size: s)
        case .binary(let op, let d, let a, let b, let w, let fl): return .binary(op, d, f(a), f(b), is64: w, flags: fl)
        case .unary(let op, let d, let a, let w): return .unary(op, d, f(a), is64: w)
        case .addScaled(let d, let a, let b, let sh, let w): return .addScaled(d, f(a), f(b), shift: sh, is64: w)
        case .extend(let d, let v, let bits, let s): return .extend(d, f(v), bits: bits, signed: s)
        case .select(let c, let d, let a, let b, let w): return .select(c, d, f(a), f(b), is64: w)
        case .condCompare(let c, let a, let b, let w, let add, let n): return .condCompare(c, f(a), f(b), is64: w, add: add, nzcv: n)
        case .load(let d, let a, let disp, let s, let sg, let w): return .load(d, addr: f(a), disp: disp, size: s, signed: sg, is64: w)
        case .store(let v, let a, let disp, let s): return .store(f(v), addr: f(a), disp: disp, size: s)
        case .storeRelease(let v, let a, let s): return .storeRelease(f(v), addr: f(a), size: s)
        case .loadExclusive(let d, let a, let s): return .loadExclusive(d, addr: f(a), size: s)
        case .storeExclusive(let d, let v, let a, let s): return .storeExclusive(d, value: f(v), addr: f(a), size: s)
        case .loadExclusivePair(let d, let a): return .loadExclusivePair(d, addr: f(a))
        case .storeExclusivePair(let d, let lo, let hi, let a): return .storeExclusivePair(d, lo: f(lo), hi: f(hi), addr: f(a))
        case .checkAlignment(let a, let disp, let s): return .checkAlignment(addr: f(a), disp: disp, size: s)
        case .atomicRMW(let op, let d, let a, let s, let size): return .atomicRMW(op, d, addr: f(a), src: f(s), size: size)
        case .compareAndSwap(let d, let a, let e, let n, let s): return .compareAndSwap(d, addr: f(a), expected: f(e), new: f(n), size: s)
        case .compareAndSwapPair(let d, let a, let el, let eh, let nl, let nh):
            return .compareAndSwapPair(d, addr: f(a), expectedLo: f(el), expectedHi: f(eh), newLo: f(nl), newHi: f(nh))
        case .setNZCV(let v): return .setNZCV(f(v))
        case .vecLoad(let r, let a, let disp, let s): return .vecLoad(r, addr: f(a), disp: disp, size: s)
        case .vecStore(let r, let a, let disp, let s): return .vecStore(r, addr: f(a), disp: disp, size: s)
        case .gprToVec(let r, let v, let l, let s, let z): return .gprToVec(r, f(v), lane: l, size: s, zeroRest: z)
        case .vecDup(let r, let v, let s, let q): return .vecDup(r, f(v), size: s, q: q)
        case .intToFP(let r, let v, let d, let w, let s): return .intToFP(r, f(v), double: d, srcIs64: w, signed: s)
        case .helper(let k, let args, let r): return .helper(k, args: args.map(f), result: r)
        default: return self
        }
    }
}

extension Terminator {
    func mapUses(_ f: (Value) -> Value) -> Terminator {
        switch self {
        case .jump, .exit: return self
        case .indirect(let v): return .indirect(f(v))
        case .callIndirect(let v, let r): return .callIndirect(f(v), returnTo: r)
        case .ret(let v): return .ret(f(v))
        case .call: return self
        case .branch(let c, let t, let n):
            switch c {
            case .flags: return self
            case .zero(let v, let w): return .branch(.zero(f(v), is64: w), taken: t, notTaken: n)
            case .nonZero(let v, let w): return .branch(.nonZero(f(v), is64: w), taken: t, notTaken: n)
            case .bitZero(let v, let bit): return .branch(.bitZero(f(v), bit: bit), taken: t, notTaken: n)
            case .bitSet(let v, let bit): return .branch(.bitSet(f(v), bit: bit), taken: t, notTaken: n)
            }
        }
    }
}
