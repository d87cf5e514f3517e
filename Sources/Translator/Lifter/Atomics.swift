// A64 "Loads and Stores" added by FEAT_LSE, FEAT_LRCPC and FEAT_LRCPC2: atomic memory
// operations (LDADD ... LDUMIN, SWP and their ST* aliases), compare-and-swap (CAS, CASP),
// LDAPR and the unscaled LDAPUR/STLUR forms. Every ordering variant (plain, A, L, AL)
// lowers to the same host code: x86's locked instructions are full barriers and its plain
// loads and stores already have acquire/release order. All of them must be aligned (no
// FEAT_LSE2): a misaligned address raises SIGBUS, as on the reference.

extension Lifter {
    /// Atomic memory operations: LDADD ... LDUMIN, SWP (and the ST* aliases, Rt = XZR).
    func atomicMemory(_ f: MemoryOrderedOperands, _ op: AtomicOp) {
        let addr = xsp(f.rn), src = x(f.rs)
        emit(.checkAlignment(addr: addr, disp: 0, size: f.bytes))
        let d = newValue()
        emit(.atomicRMW(op, d, addr: addr, src: src, size: f.bytes))
        setX(f.rt, d)
    }

    /// LDAPR: an RCpc acquire load is a plain load under x86-TSO.
    func loadAcquirePC(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn)
        emit(.checkAlignment(addr: addr, disp: 0, size: f.bytes))
        let d = newValue()
        emit(.load(d, addr: addr, disp: 0, size: f.bytes, signed: false, is64: true))
        setX(f.rt, d)
    }

    /// CAS, CASA, CASL, CASAL and the B/H forms.
    func compareAndSwap(_ f: MemoryOrderedOperands) {
        let addr = xsp(f.rn), expected = x(f.rs), new = x(f.rt)
        emit(.checkAlignment(addr: addr, disp: 0, size: f.bytes))
        let d = newValue()
        emit(.compareAndSwap(d, addr: addr, expected: expected, new: new, size: f.bytes))
        setX(f.rs, d)
    }

    /// CASP and its ordering variants (Rs, Rt even): the first register of each pair is the
    /// one at the lower address.
    func compareAndSwapPair(_ f: MemoryOrderedOperands) {
        let rs = f.rs, rt = f.rt
        let addr = xsp(f.rn)
        emit(.checkAlignment(addr: addr, disp: 0, size: f.pairIs64 ? 16 : 8))
        if f.pairIs64 {
            let d = newValue()
            emit(.compareAndSwapPair(d, addr: addr, expectedLo: x(rs), expectedHi: x(rs.next), newLo: x(rt), newHi: x(rt.next)))
            let hi = newValue()
            emit(.loadState(hi, offset: AtomicScratch.pairHigh, size: 8))
            setX(rs, d)
            setX(rs.next, hi)
        } else {
            // Two words are one doubleword compare-and-swap.
            func joined(_ lo: GPR) -> Value {
                binary(.or, extend(x(lo), bits: 32, signed: false), binary(.shl, x(lo.next), imm: 32, is64: true), is64: true)
            }
            let expected = joined(rs), new = joined(rt)
            let d = newValue()
            emit(.compareAndSwap(d, addr: addr, expected: expected, new: new, size: 8))
            setX(rs, extend(d, bits: 32, signed: false))
            setX(rs.next, binary(.lshr, d, imm: 32, is64: true))
        }
    }

    /// FEAT_LRCPC2: STLUR{B,H}, LDAPUR{B,H}, LDAPURS{B,H,W}.
    func loadAcquireStoreReleaseUnscaled(_ id: A64Instruction, _ f: UnscaledOrderedOperands) {
        let size = 1 << Int(f.size), imm = f.imm9
        let base = xsp(f.rn)
        emit(.checkAlignment(addr: base, disp: Int32(imm), size: size))
        switch id {
        case .stlur:  // a store-release, ordered before later load-acquires (xchg)
            let addr = imm == 0 ? base : binary(.add, base, imm: UInt64(bitPattern: imm), is64: true)
            emit(.storeRelease(x(f.rt), addr: addr, size: size))
        case .ldapur:
            let d = newValue()
            emit(.load(d, addr: base, disp: Int32(imm), size: size, signed: false, is64: true))
            setX(f.rt, d)
        default:  // LDAPURS*: opc 2 extends to 64 bits (B, H, W), opc 3 to 32 (B, H)
            let d = newValue()
            emit(.load(d, addr: base, disp: Int32(imm), size: size, signed: true, is64: f.opc == 2))
            setX(f.rt, d)
        }
    }
}
