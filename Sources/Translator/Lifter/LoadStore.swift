// A64 "Loads and Stores": literal, exclusive/ordered, pair, immediate (unscaled,
// pre/post-indexed, unsigned offset) and register-offset forms, for general and
// SIMD&FP registers. Guest addresses are host addresses (identity mapping).

extension Lifter {
    /// One access: the register kind and size.
    struct Access {
        var size: Int          // bytes
        var isLoad: Bool
        var signed = false
        var to64 = true        // sign-extension target for LDRS*
        var vector = false
        var prefetch = false

        /// The single-register classes' size:V:opc (the table allocates only valid ones).
        init(_ f: SingleRegisterOperands) {
            let bytes = 1 << Int(f.size)
            if f.simd {
                self.init(size: f.opc >= 2 ? 16 : bytes, isLoad: f.opc & 1 == 1, vector: true)
                return
            }
            switch f.opc {
            case 0: self.init(size: bytes, isLoad: false)
            case 1: self.init(size: bytes, isLoad: true)
            case 2 where f.size == 3: self.init(size: 8, isLoad: true, prefetch: true)
            case 2: self.init(size: bytes, isLoad: true, signed: true, to64: true)
            default: self.init(size: bytes, isLoad: true, signed: true, to64: false)
            }
        }

        init(size: Int, isLoad: Bool, signed: Bool = false, to64: Bool = true, vector: Bool = false, prefetch: Bool = false) {
            self.size = size; self.isLoad = isLoad; self.signed = signed; self.to64 = to64; self.vector = vector
            self.prefetch = prefetch
        }
    }

    /// Performs the access of register number `rt` (general or SIMD&FP) at addr+disp.
    func perform(_ a: Access, rt: GPR, addr: Value, disp: Int32) {
        if a.prefetch { return }
        if a.vector {
            let v = rt.number
            emit(a.isLoad ? .vecLoad(v, addr: addr, disp: disp, size: a.size) : .vecStore(v, addr: addr, disp: disp, size: a.size))
        } else if a.isLoad {
            let d = newValue()
            emit(.load(d, addr: addr, disp: disp, size: a.size, signed: a.signed, is64: a.to64))
            setX(rt, d)
        } else {
            emit(.store(x(rt), addr: addr, disp: disp, size: a.size))
        }
    }

    func loadLiteral(_ id: A64Instruction, _ f: LoadLiteralOperands) {
        let base = const(pc &+ UInt64(bitPattern: f.offset))
        switch id {
        case .ldrLiteralSIMD: emit(.vecLoad(f.vt.number, addr: base, disp: 0, size: 4 << Int(f.opc)))
        case .ldrswLiteral: perform(Access(size: 4, isLoad: true, signed: true), rt: f.rt, addr: base, disp: 0)
        case .prfmLiteral: break
        default: perform(Access(size: f.opc == 0 ? 4 : 8, isLoad: true), rt: f.rt, addr: base, disp: 0)
        }
    }

    func loadStoreUnsignedOffset(_ f: SingleRegisterOperands) {
        let a = Access(f)
        perform(a, rt: f.rt, addr: xsp(f.rn), disp: f.imm12 * Int32(a.size))
    }

    enum WriteBack { case pre, post }

    /// Unscaled (LDUR), unprivileged (LDTR), post-index and pre-index forms.
    func loadStoreImmediate(_ f: SingleRegisterOperands, writeBack: WriteBack?) {
        let a = Access(f), imm = f.imm9
        let base = xsp(f.rn)
        switch writeBack {
        case nil: perform(a, rt: f.rt, addr: base, disp: imm)
        case .post:
            perform(a, rt: f.rt, addr: base, disp: 0)
            setXSP(f.rn, binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true))
        case .pre:
            let addr = binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true)
            perform(a, rt: f.rt, addr: addr, disp: 0)
            setXSP(f.rn, addr)
        }
    }

    func loadStoreRegisterOffset(_ f: SingleRegisterOperands) {
        let a = Access(f)
        let shift: UInt64 = f.scaled ? UInt64(a.size.trailingZeroBitCount) : 0
        let offset = extended(x(f.rm), option: f.option, shift: shift, is64: true)
        perform(a, rt: f.rt, addr: binary(.add, xsp(f.rn), offset, is64: true), disp: 0)
    }

    func loadStorePair(_ id: A64Instruction, _ f: PairOperands) {
        let a: Access
        switch id {
        case .stpSIMD, .ldpSIMD: a = Access(size: 4 << Int(f.opc), isLoad: id == .ldpSIMD, vector: true)
        case .ldpsw:
            // Rt = Rt2, or a written-back base that is also loaded, is CONSTRAINED UNPREDICTABLE;
            // UNDEFINED is a permitted choice, and the one binutils makes for LDPSW.
            let writeBack = f.mode == .postIndex || f.mode == .preIndex
            if f.rt == f.rt2 || (writeBack && !f.rn.isZROrSP && (f.rn == f.rt || f.rn == f.rt2)) { return undefined() }
            a = Access(size: 4, isLoad: true, signed: true)
        default: a = Access(size: f.opc == 0 ? 4 : 8, isLoad: id == .ldp)
        }
        let imm = f.imm7 * Int32(a.size)
        let base = xsp(f.rn)
        let addr = f.mode == .preIndex ? binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true) : base
        let disp = f.mode == .offset || f.mode == .noAllocate ? imm : 0
        perform(a, rt: f.rt, addr: addr, disp: disp)
        perform(a, rt: f.rt2, addr: addr, disp: disp + Int32(a.size))
        switch f.mode {
        case .postIndex: setXSP(f.rn, binary(.add, base, imm: UInt64(bitPattern: Int64(imm)), is64: true))
        case .preIndex: setXSP(f.rn, addr)
        case .offset, .noAllocate: break
        }
    }

    func loadExclusive(_ f: MemoryOrderedOperands) {
        let d = newValue(); emit(.loadExclusive(d, addr: xsp(f.rn), size: f.bytes)); setX(f.rt, d)
    }

    func storeExclusive(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn)
        let status = newValue()
        emit(.storeExclusive(status, value: x(f.rt), addr: addr, size: f.bytes))
        setX(f.rs, status)
    }

    /// LDAR: x86 loads are already acquire.
    func loadAcquire(_ f: MemoryOrderedOperands) {
        let d = newValue(); emit(.load(d, addr: xsp(f.rn), disp: 0, size: f.bytes, signed: false, is64: true)); setX(f.rt, d)
    }

    /// STLR: xchg keeps it ordered before later loads too.
    func storeRelease(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn)
        emit(.storeRelease(x(f.rt), addr: addr, size: f.bytes))
    }

    /// LDXP/LDAXP: a 32-bit pair is one 64-bit exclusive, a 64-bit pair a 16-byte one.
    func loadExclusivePair(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn)
        if f.pairIs64 {
            let lo = newValue(); emit(.loadExclusivePair(lo, addr: addr))
            let hi = newValue(); emit(.loadState(hi, offset: CPUStateLayout.exclusiveValueHi, size: 8))
            setX(f.rt, lo); setX(f.rt2, hi)
        } else {
            let v = newValue(); emit(.loadExclusive(v, addr: addr, size: 8))
            setX(f.rt, extend(v, bits: 32, signed: false))
            setX(f.rt2, binary(.lshr, v, imm: 32, is64: true))
        }
    }

    func storeExclusivePair(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn)
        let status = newValue()
        if f.pairIs64 {
            emit(.storeExclusivePair(status, lo: x(f.rt), hi: x(f.rt2), addr: addr))
        } else {
            let joined = binary(.or, extend(x(f.rt), bits: 32, signed: false), binary(.shl, x(f.rt2), imm: 32, is64: true), is64: true)
            emit(.storeExclusive(status, value: joined, addr: addr, size: 8))
        }
        setX(f.rs, status)
    }
}

extension Lifter {
    /// LD1/ST1 (multiple structures) of 1-4 consecutive registers are plain vector
    /// loads/stores (the interleaving LD2-LD4 run out of line).
    func simdLoadStoreMultiple(_ f: StructureOperands, post: Bool) {
        let count: Int
        switch f.opcode {
        case 0b0111: count = 1
        case 0b1010: count = 2
        case 0b0110: count = 3
        default: count = 4  // 0b0010
        }
        let size = f.q ? 16 : 8
        let base = xsp(f.rn)
        for k in 0..<count {
            let t = f.vt.advanced(by: k).number, disp = Int32(k * size)
            emit(f.load ? .vecLoad(t, addr: base, disp: disp, size: size) : .vecStore(t, addr: base, disp: disp, size: size))
        }
        if post {
            let step = f.rm.isZROrSP ? const(UInt64(count * size)) : x(f.rm)
            setXSP(f.rn, binary(.add, base, step, is64: true))
        }
    }
}

extension Lifter {
    /// Out-of-line helpers run Swift code that cannot stop at a faulting guest access, so the
    /// pages an access touches are probed inline first: a fault is then raised by generated
    /// code at this instruction, with its exact pc, registers and address (as for any inline
    /// access). `bytes` is at most 64, so the access spans at most two pages: the first byte
    /// and the first byte of the last page are enough. Stores probe with an atomic add of 0,
    /// which faults on pages that are not writable and changes nothing.
    func probe(_ base: Value, bytes: Int, forStore: Bool) {
        func touch(_ addr: Value) {
            if forStore {
                let old = newValue()
                emit(.atomicRMW(.add, old, addr: addr, src: const(0), size: 1))
            } else {
                let byte = newValue()
                emit(.load(byte, addr: addr, disp: 0, size: 1, signed: false, is64: true))
            }
        }
        touch(base)
        guard bytes > 1 else { return }
        // The first byte of the last page when the access crosses into it, else the base again;
        // without flags (the guest's NZCV may live in them): keep = 0xFFF exactly when both
        // ends are on one page.
        let last = binary(.add, base, imm: UInt64(bytes - 1), is64: true)
        let lastPage = binary(.and, last, imm: ~UInt64(0xFFF), is64: true)
        let pagesApart = binary(.lshr, binary(.xor, base, last, is64: true), imm: 12, is64: true)
        let onePage = binary(.lshr, binary(.sub, pagesApart, imm: 1, is64: true), imm: 63, is64: true)
        let keep = binary(.and, unary(.neg, onePage, is64: true), imm: 0xFFF, is64: true)
        touch(binary(.or, lastPage, binary(.and, base, keep, is64: true), is64: true))
    }

    /// LD2-LD4/ST2-ST4 and the single-structure forms, run out of line after the probe.
    func structureAccessOutOfLine(_ family: OutOfLine, _ w: InstructionWord) {
        guard let operation = OutOfLineSemantics.operation(family, w) else { return undefined() }
        probe(xsp(w.gpr(.rn)), bytes: SIMDLoadStore.accessBytes(operation), forStore: !w.flag(.load))
        emit(.helper(.semantic(operation), args: [], result: nil))
    }

    /// DC ZVA zeroes the 64-byte block holding the address (one page).
    func zeroCacheBlock(_ f: SystemOperand) {
        let addr = x(f.rt)
        probe(binary(.and, addr, imm: ~UInt64(63), is64: true), bytes: 1, forStore: true)
        emit(.helper(.dcZVA, args: [addr], result: nil))
    }
}
