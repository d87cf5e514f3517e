// A64 "Loads and Stores": literal, exclusive/ordered, pair, immediate (unscaled,
// pre/post-indexed, unsigned offset) and register-offset forms, for general and
// SIMD&FP registers. Guest addresses are host addresses (identity mapping).

extension Lifter {
    /// One access: the register kind and size decoded from size:V:opc.
    struct Access {
        var size: Int          // bytes
        var isLoad: Bool
        var signed = false
        var to64 = true        // sign-extension target for LDRS*
        var vector = false
        var prefetch = false
    }

    /// Decodes size/V/opc of the single-register load/store classes.
    func access(_ i: UInt32) -> Access? {
        let size = Int(i.bits(31, 30)), opc = i.bits(23, 22)
        if i.bit(26) {
            if size == 0 && opc >= 2 { return Access(size: 16, isLoad: opc == 3, vector: true) }
            if opc >= 2 { return nil }
            return Access(size: 1 << size, isLoad: opc == 1, vector: true)
        }
        switch opc {
        case 0: return Access(size: 1 << size, isLoad: false)
        case 1: return Access(size: 1 << size, isLoad: true)
        case 2:
            if size == 3 { return Access(size: 8, isLoad: true, prefetch: true) }
            return Access(size: 1 << size, isLoad: true, signed: true, to64: true)
        default:
            if size >= 2 { return nil }
            return Access(size: 1 << size, isLoad: true, signed: true, to64: false)
        }
    }

    /// Performs the access of register `rt` at addr+disp.
    func perform(_ a: Access, rt: UInt8, addr: Value, disp: Int32) {
        if a.prefetch { return }
        if a.vector {
            emit(a.isLoad ? .vecLoad(rt, addr: addr, disp: disp, size: a.size) : .vecStore(rt, addr: addr, disp: disp, size: a.size))
        } else if a.isLoad {
            let d = newValue()
            emit(.load(d, addr: addr, disp: disp, size: a.size, signed: a.signed, is64: a.to64))
            setX(rt, d)
        } else {
            emit(.store(x(rt), addr: addr, disp: disp, size: a.size))
        }
    }

    func loadLiteral(_ i: UInt32) {
        let addr = pc &+ UInt64(bitPattern: signExtend(UInt64(i.bits(23, 5)) << 2, bits: 21))
        let opc = i.bits(31, 30)
        let base = const(addr)
        if i.bit(26) {
            guard opc != 3 else { return undefined() }
            emit(.vecLoad(i.rd, addr: base, disp: 0, size: 4 << Int(opc)))
        } else {
            switch opc {
            case 0, 1: perform(Access(size: opc == 0 ? 4 : 8, isLoad: true), rt: i.rd, addr: base, disp: 0)
            case 2: perform(Access(size: 4, isLoad: true, signed: true), rt: i.rd, addr: base, disp: 0)
            default: break  // PRFM literal
            }
        }
    }

    func loadStoreUnsignedOffset(_ i: UInt32) {
        guard let a = access(i) else { return undefined() }
        let disp = Int32(i.bits(21, 10)) * Int32(a.size)
        perform(a, rt: i.rd, addr: xsp(i.rn), disp: disp)
    }

    /// Unscaled (LDUR), post-index, unprivileged (LDTR) and pre-index forms.
    func loadStoreImm9(_ i: UInt32) {
        guard let a = access(i) else { return undefined() }
        let imm = Int32(signExtend(UInt64(i.bits(20, 12)), bits: 9))
        let mode = i.bits(11, 10)
        let base = xsp(i.rn)
        switch mode {
        case 0, 2: perform(a, rt: i.rd, addr: base, disp: imm)
        case 1:  // post-index
            perform(a, rt: i.rd, addr: base, disp: 0)
            setXSP(i.rn, binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true))
        default:  // pre-index
            let addr = binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true)
            perform(a, rt: i.rd, addr: addr, disp: 0)
            setXSP(i.rn, addr)
        }
    }

    func loadStoreRegisterOffset(_ i: UInt32) {
        guard let a = access(i) else { return undefined() }
        let option = i.bits(15, 13)
        guard option & 2 != 0 else { return undefined() }
        let shift: UInt64 = i.bit(12) ? UInt64(a.size.trailingZeroBitCount) : 0
        let offset = extended(x(i.rm), option: option, shift: shift, is64: true)
        perform(a, rt: i.rd, addr: binary(.add, xsp(i.rn), offset, is64: true), disp: 0)
    }

    func loadStorePair(_ i: UInt32) {
        let opc = i.bits(31, 30), vector = i.bit(26), isLoad = i.bit(22), mode = i.bits(24, 23)
        var a: Access
        if vector {
            guard opc != 3 else { return undefined() }
            a = Access(size: 4 << Int(opc), isLoad: isLoad, vector: true)
        } else {
            switch opc {
            case 0: a = Access(size: 4, isLoad: isLoad)
            case 1: guard isLoad else { return undefined() }; a = Access(size: 4, isLoad: true, signed: true)  // LDPSW
            case 2: a = Access(size: 8, isLoad: isLoad)
            default: return undefined()
            }
        }
        let imm = Int32(signExtend(UInt64(i.bits(21, 15)), bits: 7)) * Int32(a.size)
        let rt = i.rd, rt2 = i.ra
        let base = xsp(i.rn)
        let addr = mode == 3 ? binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true) : base
        let disp = mode == 2 || mode == 0 ? imm : 0
        perform(a, rt: rt, addr: addr, disp: disp)
        perform(a, rt: rt2, addr: addr, disp: disp + Int32(a.size))
        if mode == 1 {
            setXSP(i.rn, binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true))
        } else if mode == 3 {
            setXSP(i.rn, addr)
        }
    }

    /// LDXR/STXR, LDAXR/STLXR, LDAR/STLR and their byte/half forms; the pair forms and
    /// compare-and-swap (CAS, CASP) share this encoding class.
    func loadStoreExclusive(_ i: UInt32) {
        let size = 1 << Int(i.bits(31, 30))
        let o2 = i.bit(23), isLoad = i.bit(22), o1 = i.bit(21)
        let rs = i.rm, rt = i.rd
        if o1 {
            if o2 { return compareAndSwap(i) }
            return i.bit(31) ? loadStoreExclusivePair(i) : compareAndSwapPair(i)
        }
        let addr = xsp(i.rn)
        switch (o2, isLoad) {
        case (false, true):
            let d = newValue(); emit(.loadExclusive(d, addr: addr, size: size)); setX(rt, d)
        case (false, false):
            let status = newValue()
            emit(.storeExclusive(status, value: x(rt), addr: addr, size: size))
            setX(rs, status)
        case (true, true):   // LDAR/LDAPR: x86 loads are already acquire
            let d = newValue(); emit(.load(d, addr: addr, disp: 0, size: size, signed: false, is64: true)); setX(rt, d)
        case (true, false):  // STLR: xchg keeps it ordered before later loads too
            emit(.storeRelease(x(rt), addr: addr, size: size))
        }
    }
}

extension Lifter {
    /// LDXP/STXP (and the acquire/release forms): a 32-bit pair is one 64-bit exclusive,
    /// a 64-bit pair a 16-byte one.
    func loadStoreExclusivePair(_ i: UInt32) {
        let is64 = i.bit(30), isLoad = i.bit(22), rs = i.rm, rt = i.rd, rt2 = i.ra
        guard i.bit(31) else { return undefined() }
        let addr = xsp(i.rn)
        if is64 {
            if isLoad {
                let lo = newValue(); emit(.loadExclusivePair(lo, addr: addr))
                let hi = newValue(); emit(.loadState(hi, offset: CPUStateLayout.exclusiveValueHi, size: 8))
                setX(rt, lo); setX(rt2, hi)
            } else {
                let status = newValue()
                emit(.storeExclusivePair(status, lo: x(rt), hi: x(rt2), addr: addr))
                setX(rs, status)
            }
        } else if isLoad {
            let v = newValue(); emit(.loadExclusive(v, addr: addr, size: 8))
            setX(rt, extend(v, bits: 32, signed: false))
            setX(rt2, binary(.lshr, v, imm: 32, is64: true))
        } else {
            let joined = binary(.or, extend(x(rt), bits: 32, signed: false), binary(.shl, x(rt2), imm: 32, is64: true), is64: true)
            let status = newValue()
            emit(.storeExclusive(status, value: joined, addr: addr, size: 8))
            setX(rs, status)
        }
    }
}
