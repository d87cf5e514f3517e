// The one place that knows each IR op's operands and effects: the values it reads and
// defines, whether it touches guest memory or NZCV. Every switch here is exhaustive
// (no `default:`), so a new op does not compile until it is described here; passes, the
// register allocator and the printer's operand lists learn an op's shape from these.

extension IROp {
    /// Calls `body` for each value this op reads, in operand order (no allocation: hot in
    /// the allocator and the passes).
    @inline(__always) func forEachUse(_ body: (Value) -> Void) {
        switch self {
        case .const, .getReg, .loadState, .clearExclusive, .fence, .readMXCSR, .getNZCV, .vecConst, .vecLogicalImmediate,
             .vecExtract, .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes,
             .vecShiftNarrowHalves, .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpSelect,
             .fpConvertPrecision, .vecToGPR, .fpToInt,
             .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup:
            return
        case .setReg(_, let v), .storeState(_, let v, _), .unary(_, _, let v, _), .extend(_, let v, _, _),
             .writeMXCSR(let v), .setNZCV(let v), .gprToVec(_, let v, _, _, _), .vecDup(_, let v, _, _),
             .intToFP(_, let v, _, _, _):
            body(v)
        case .load(_, let a, _, _, _, _), .loadExclusive(_, let a, _), .loadExclusivePair(_, let a),
             .checkAlignment(let a, _, _), .vecLoad(_, let a, _, _), .vecStore(_, let a, _, _),
             .vecStructures(_, _, let a, _, _, _):
            body(a)
        case .binary(_, _, let a, let b, _, _), .select(_, _, let a, let b, _), .condCompare(_, let a, let b, _, _, _),
             .addScaled(_, let a, let b, _, _):
            body(a); body(b)
        case .store(let v, let a, _, _), .storeRelease(let v, let a, _), .storeExclusive(_, let v, let a, _):
            body(v); body(a)
        case .storeExclusivePair(_, let lo, let hi, let a): body(lo); body(hi); body(a)
        case .atomicRMW(_, _, let a, let s, _): body(a); body(s)
        case .compareAndSwap(_, let a, let e, let n, _): body(a); body(e); body(n)
        case .compareAndSwapPair(_, let a, let el, let eh, let nl, let nh): body(a); body(el); body(eh); body(nl); body(nh)
        case .helper(_, let args, _): args.forEach(body)
        case .sideExit(let c, _, _): c.forEachUse(body)
        }
    }

    /// Values read by this op (allocates: for tools and tests; passes use forEachUse).
    var uses: [Value] {
        var r: [Value] = []
        forEachUse { r.append($0) }
        return r
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
        case .setReg, .storeState, .condCompare, .store, .storeRelease, .clearExclusive, .fence, .writeMXCSR,
             .checkAlignment, .setNZCV, .vecLoad, .vecStore, .gprToVec, .vecDup, .vecConst, .vecLogicalImmediate,
             .vecExtract, .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes,
             .vecShiftNarrowHalves, .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpSelect,
             .fpConvertPrecision, .intToFP, .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup,
             .vecStructures, .sideExit:
            return nil
        }
    }

    /// The same op with every used value passed through `f` (defined values unchanged).
    func mapUses(_ f: (Value) -> Value) -> IROp {
        switch self {
        case .const, .getReg, .loadState, .clearExclusive, .fence, .readMXCSR, .getNZCV, .vecConst, .vecLogicalImmediate,
             .vecExtract, .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes,
             .vecShiftNarrowHalves, .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpSelect,
             .fpConvertPrecision, .vecToGPR, .fpToInt,
             .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup:
            return self
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
        case .writeMXCSR(let v): return .writeMXCSR(f(v))
        case .checkAlignment(let a, let disp, let s): return .checkAlignment(addr: f(a), disp: disp, size: s)
        case .atomicRMW(let op, let d, let a, let s, let size): return .atomicRMW(op, d, addr: f(a), src: f(s), size: size)
        case .compareAndSwap(let d, let a, let e, let n, let s): return .compareAndSwap(d, addr: f(a), expected: f(e), new: f(n), size: s)
        case .compareAndSwapPair(let d, let a, let el, let eh, let nl, let nh):
            return .compareAndSwapPair(d, addr: f(a), expectedLo: f(el), expectedHi: f(eh), newLo: f(nl), newHi: f(nh))
        case .setNZCV(let v): return .setNZCV(f(v))
        case .vecLoad(let r, let a, let disp, let s): return .vecLoad(r, addr: f(a), disp: disp, size: s)
        case .vecStore(let r, let a, let disp, let s): return .vecStore(r, addr: f(a), disp: disp, size: s)
        case .vecStructures(let first, let count, let a, let e, let q, let load):
            return .vecStructures(first: first, count: count, addr: f(a), esize: e, q: q, load: load)
        case .gprToVec(let r, let v, let l, let s, let z): return .gprToVec(r, f(v), lane: l, size: s, zeroRest: z)
        case .vecDup(let r, let v, let s, let q): return .vecDup(r, f(v), size: s, q: q)
        case .intToFP(let r, let v, let d, let w, let s): return .intToFP(r, f(v), double: d, srcIs64: w, signed: s)
        case .helper(let k, let args, let r): return .helper(k, args: args.map(f), result: r)
        case .sideExit(let c, let t, let live): return .sideExit(c.mapUses(f), taken: t, flagsLive: live)
        }
    }

    /// Accesses guest memory from generated code (a host fault there becomes a guest signal).
    var mayFault: Bool {
        switch self {
        case .load, .store, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair,
             .atomicRMW, .compareAndSwap, .compareAndSwapPair, .checkAlignment, .vecLoad, .vecStore, .vecStructures:
            return true
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .clearExclusive, .fence, .readMXCSR, .writeMXCSR, .getNZCV, .setNZCV, .vecToGPR, .gprToVec,
             .vecDup, .vecConst, .vecLogicalImmediate, .vecExtract, .vecShiftImmediate, .vecWiden, .vecFloatBinary,
             .vecDupElement, .vecShuffleBytes, .vecShiftNarrowHalves, .vecBinary, .fpBinary, .fpUnary, .fpFused,
             .fpCompare, .fpSelect, .fpConvertPrecision, .intToFP, .fpToInt, .helper, .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup,
             .sideExit:
            return false
        }
    }

    /// Reads guest NZCV.
    var readsFlags: Bool {
        switch self {
        case .select, .condCompare, .fpSelect, .getNZCV: return true
        case .sideExit(let c, _, let live):  // its condition, or the successor it leaves to
            if case .flags = c { return true }
            return live
        case .binary(let op, _, _, _, _, _): return op.consumesCarry
        case .helper(let k, _, _): return k.readsFlags
        case .const, .getReg, .setReg, .loadState, .storeState, .unary, .addScaled, .extend, .load, .store,
             .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair, .clearExclusive,
             .fence, .readMXCSR, .writeMXCSR, .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair,
             .setNZCV, .vecLoad, .vecStore, .vecToGPR, .gprToVec, .vecDup, .vecConst, .vecLogicalImmediate, .vecExtract,
             .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes, .vecShiftNarrowHalves,
             .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpConvertPrecision, .intToFP, .fpToInt,
             .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup, .vecStructures:
            return false
        }
    }

    /// Writes guest NZCV.
    var writesFlags: Bool {
        switch self {
        case .binary(_, _, _, _, _, let f): return f == .set
        case .condCompare, .fpCompare, .setNZCV: return true
        case .helper(let k, _, _): return k.writesFlags
        case .const, .getReg, .setReg, .loadState, .storeState, .unary, .addScaled, .extend, .select, .load, .store,
             .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair, .clearExclusive,
             .fence, .readMXCSR, .writeMXCSR, .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair,
             .getNZCV, .vecLoad, .vecStore, .vecToGPR, .gprToVec, .vecDup, .vecConst, .vecLogicalImmediate, .vecExtract,
             .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes, .vecShiftNarrowHalves,
             .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpSelect, .fpConvertPrecision, .intToFP, .fpToInt,
             .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecTableLookup, .vecStructures, .sideExit:
            return false
        }
    }

    /// Leaves the block before its terminator on some path (a side exit): the guest state must
    /// be architectural there, as at a possible fault.
    var exitsEarly: Bool {
        if case .sideExit = self { return true }
        return false
    }

    /// A call into Swift that reads and writes the whole guest state through the state
    /// pointer: guest registers must be in the state around it.
    var callsHelper: Bool {
        if case .helper = self { return true }
        return false
    }
}

extension BinOp {
    /// ADC/SBC read the carry flag.
    var consumesCarry: Bool {
        switch self {
        case .adc, .sbc: return true
        case .add, .sub, .and, .or, .xor, .andNot, .orNot, .xorNot, .shl, .lshr, .ashr, .ror, .mul, .umulh, .smulh,
             .udiv, .sdiv:
            return false
        }
    }
}

extension HelperKind {
    var readsFlags: Bool {
        switch self {
        case .readNZCV: return true
        case .semantic(let operation): return operation.family == .fpCondCompare
        case .writeNZCV, .readCounter, .dcZVA, .crc32: return false
        }
    }
    var writesFlags: Bool {
        switch self {
        case .writeNZCV: return true
        case .semantic(let operation): return operation.family == .fpCondCompare
        case .readNZCV, .readCounter, .dcZVA, .crc32: return false
        }
    }
}

extension BranchCondition {
    /// Calls `body` with the value the condition tests (none for a flags condition).
    @inline(__always) func forEachUse(_ body: (Value) -> Void) {
        switch self {
        case .flags: return
        case .zero(let v, _), .nonZero(let v, _), .bitZero(let v, _), .bitSet(let v, _): body(v)
        }
    }

    func mapUses(_ f: (Value) -> Value) -> BranchCondition {
        switch self {
        case .flags: return self
        case .zero(let v, let w): return .zero(f(v), is64: w)
        case .nonZero(let v, let w): return .nonZero(f(v), is64: w)
        case .bitZero(let v, let bit): return .bitZero(f(v), bit: bit)
        case .bitSet(let v, let bit): return .bitSet(f(v), bit: bit)
        }
    }
}

extension Terminator {
    /// Calls `body` for each value the terminator reads.
    func forEachUse(_ body: (Value) -> Void) {
        switch self {
        case .jump, .exit, .call: return
        case .indirect(let v), .callIndirect(let v, _), .ret(let v): body(v)
        case .branch(let c, _, _):
            switch c {
            case .flags: return
            case .zero(let v, _), .nonZero(let v, _), .bitZero(let v, _), .bitSet(let v, _): body(v)
            }
        }
    }

    var uses: [Value] {
        var r: [Value] = []
        forEachUse { r.append($0) }
        return r
    }

    func mapUses(_ f: (Value) -> Value) -> Terminator {
        switch self {
        case .jump, .exit, .call: return self
        case .indirect(let v): return .indirect(f(v))
        case .callIndirect(let v, let r): return .callIndirect(f(v), returnTo: r)
        case .ret(let v): return .ret(f(v))
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
