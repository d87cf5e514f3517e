// Which SSA values each IR operation reads and defines: the one place passes and
// the register allocator learn an op's operands from.

extension IROp {
    /// Calls `body` for each value this op reads (no allocation: hot in the allocator).
    @inline(__always) func forEachUse(_ body: (Value) -> Void) {
        switch self {
        case .const, .getReg, .loadState, .clearExclusive, .fence, .readMXCSR: return
        case .setReg(_, let v), .storeState(_, let v, _), .unary(_, _, let v, _), .extend(_, let v, _, _): body(v)
        case .binary(_, _, let a, let b, _, _), .select(_, _, let a, let b, _): body(a); body(b)
        case .load(_, let a, _, _, _, _): body(a)
        case .store(let v, let a, _, _): body(v); body(a)
        default: for v in uses { body(v) }
        }
    }

    /// Values read by this op.
    var uses: [Value] {
        switch self {
        case .const, .getReg, .loadState, .clearExclusive, .fence, .readMXCSR, .getNZCV, .vecConst, .vecBinary, .fpBinary, .fpUnary,
             .fpFused, .fpCompare, .fpSelect, .fpConvertPrecision, .vecToGPR, .fpToInt, .vecShiftNarrowHalves, .vecLogicalImmediate, .vecExtract,
             .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes:
            return []
        case .setReg(_, let v), .storeState(_, let v, _), .unary(_, _, let v, _), .extend(_, let v, _, _),
             .loadExclusive(_, let v, _), .vecLoad(_, let v, _, _), .vecStore(_, let v, _, _), .gprToVec(_, let v, _, _, _),
             .vecDup(_, let v, _, _), .intToFP(_, let v, _, _, _), .setNZCV(let v), .writeMXCSR(let v):
            return [v]
        case .load(_, let a, _, _, _, _), .checkAlignment(let a, _, _): return [a]
        case .binary(_, _, let a, let b, _, _), .select(_, _, let a, let b, _), .condCompare(_, let a, let b, _, _, _),
             .addScaled(_, let a, let b, _, _):
            return [a, b]
        case .store(let v, let a, _, _), .storeRelease(let v, let a, _): return [v, a]
        case .storeExclusive(_, let v, let a, _): return [v, a]
        case .loadExclusivePair(_, let a): return [a]
        case .storeExclusivePair(_, let lo, let hi, let a): return [lo, hi, a]
        case .atomicRMW(_, _, let a, let s, _): return [a, s]
        case .compareAndSwap(_, let a, let e, let n, _): return [a, e, n]
        case .compareAndSwapPair(_, let a, let el, let eh, let nl, let nh): return [a, el, eh, nl, nh]
        case .helper(_, let args, _): return args.values
        }
    }

    /// The value this op defines, if any.
    var def: Value? {
        switch self {
        case .const(let d, _), .getReg(let d, _), .loadState(let d, _, _), .binary(_, let d, _, _, _, _),
             .unary(_, let d, _, _), .extend(let d, _, _, _), .select(_, let d, _, _, _), .load(let d, _, _, _, _, _),
             .loadExclusive(let d, _, _), .storeExclusive(let d, _, _, _), .vecToGPR(let d, _, _, _, _),
             .fpToInt(let d, _, _, _, _), .loadExclusivePair(let d, _), .storeExclusivePair(let d, _, _, _),
             .addScaled(let d, _, _, _, _), .atomicRMW(_, let d, _, _, _), .compareAndSwap(let d, _, _, _, _),
             .compareAndSwapPair(let d, _, _, _, _, _), .getNZCV(let d), .readMXCSR(let d):
            return d
        case .helper(_, _, let r): return r
        default: return nil
        }
    }

    /// Accesses guest memory from generated code (a host fault there becomes a guest signal).
    var mayFault: Bool {
        switch self {
        case .load, .store, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair,
             .atomicRMW, .compareAndSwap, .compareAndSwapPair, .checkAlignment, .vecLoad, .vecStore:
            return true
        default: return false
        }
    }

    /// Reads guest NZCV.
    var readsFlags: Bool {
        switch self {
        case .select, .condCompare, .fpSelect, .getNZCV: return true
        case .binary(let op, _, _, _, _, _): return op == .adc || op == .sbc
        case .helper(let k, _, _):
            if case .readNZCV = k { return true }
            if case .instruction(let f, _) = k { return f == .fpCondCompare }
            return false
        default: return false
        }
    }

    /// Writes guest NZCV.
    var writesFlags: Bool {
        switch self {
        case .binary(_, _, _, _, _, let f): return f == .set
        case .condCompare, .fpCompare, .setNZCV: return true
        case .helper(let k, _, _):
            if case .writeNZCV = k { return true }
            if case .instruction(let f, _) = k { return f == .fpCondCompare }
            return false
        default: return false
        }
    }
}

extension Terminator {
    var uses: [Value] {
        switch self {
        case .jump, .exit: return []
        case .indirect(let v), .callIndirect(let v, _), .ret(let v): return [v]
        case .call: return []
        case .branch(let c, _, _):
            switch c {
            case .flags: return []
            case .zero(let v, _), .nonZero(let v, _), .bitZero(let v, _), .bitSet(let v, _): return [v]
            }
        }
    }
}
