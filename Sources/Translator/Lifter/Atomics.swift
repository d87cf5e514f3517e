// A64 "Loads and Stores" added by FEAT_LSE, FEAT_LRCPC and FEAT_LRCPC2: atomic memory
// operations (LDADD ... LDUMIN, SWP and their ST* aliases), compare-and-swap (CAS, CASP),
// LDAPR and the unscaled LDAPUR/STLUR forms. Every ordering variant (plain, A, L, AL)
// lowers to the same host code: x86's locked instructions are full barriers and its plain
// loads and stores already have acquire/release order. All of them must be aligned (no
// FEAT_LSE2): a misaligned address raises SIGBUS, as on the reference.

extension Lifter {
    /// The o3:opc field of the atomic memory operations class, for o3 = 0.
    private static let atomicOps: [AtomicOp] = [.add, .clr, .eor, .set, .smax, .smin, .umax, .umin]

    /// Atomic memory operations (size 111 V=0 00 A R 1 Rs o3 opc 00 Rn Rt): LDADD ... LDUMIN,
    /// SWP and LDAPR; the other o3:opc values are unallocated here (FEAT_LS64 and later).
    func atomicMemory(_ i: UInt32) {
        let size = 1 << Int(i.bits(31, 30)), o3 = i.bit(15), opc = Int(i.bits(14, 12))
        let acquire = i.bit(23), release = i.bit(22)
        let op: AtomicOp
        if !o3 {
            op = Self.atomicOps[opc]
        } else if opc == 0 {
            op = .swp
        } else if opc == 4 && acquire && !release && i.rm == 31 {
            // LDAPR: an RCpc acquire load is a plain load under x86-TSO.
            let addr = xsp(i.rn)
            emit(.checkAlignment(addr: addr, disp: 0, size: size))
            let d = newValue()
            emit(.load(d, addr: addr, disp: 0, size: size, signed: false, is64: true))
            return setX(i.rd, d)
        } else {
            return undefined()
        }
        let addr = xsp(i.rn), src = x(i.rm)
        emit(.checkAlignment(addr: addr, disp: 0, size: size))
        let d = newValue()
        emit(.atomicRMW(op, d, addr: addr, src: src, size: size))
        setX(i.rd, d)   // Rt = XZR: the ST* aliases
    }

    /// CAS, CASA, CASL, CASAL and the B/H forms (size 0010001 L 1 Rs o0 11111 Rn Rt).
    func compareAndSwap(_ i: UInt32) {
        guard i.ra == 31 else { return undefined() }    // Rt2 must be 11111
        let size = 1 << Int(i.bits(31, 30))
        let addr = xsp(i.rn), expected = x(i.rm), new = x(i.rd)
        emit(.checkAlignment(addr: addr, disp: 0, size: size))
        let d = newValue()
        emit(.compareAndSwap(d, addr: addr, expected: expected, new: new, size: size))
        setX(i.rm, d)
    }

    /// CASP and its ordering variants (0 sz 0010000 L 1 Rs o0 11111 Rn Rt): Rs, Rt even; the
    /// first register of each pair is the one at the lower address.
    func compareAndSwapPair(_ i: UInt32) {
        let rs = i.rm, rt = i.rd
        guard i.ra == 31, rs & 1 == 0, rt & 1 == 0 else { return undefined() }
        let addr = xsp(i.rn)
        emit(.checkAlignment(addr: addr, disp: 0, size: i.bit(30) ? 16 : 8))
        if i.bit(30) {
            let d = newValue()
            emit(.compareAndSwapPair(d, addr: addr, expectedLo: x(rs), expectedHi: x(rs + 1), newLo: x(rt), newHi: x(rt + 1)))
            let hi = newValue()
            emit(.loadState(hi, offset: AtomicScratch.pairHigh, size: 8))
            setX(rs, d)
            setX(rs + 1, hi)
        } else {
            // Two words are one doubleword compare-and-swap.
            func joined(_ lo: UInt8, _ hi: UInt8) -> Value {
                binary(.or, extend(x(lo), bits: 32, signed: false), binary(.shl, x(hi), imm: 32, is64: true), is64: true)
            }
            let expected = joined(rs, rs + 1), new = joined(rt, rt + 1)
            let d = newValue()
            emit(.compareAndSwap(d, addr: addr, expected: expected, new: new, size: 8))
            setX(rs, extend(d, bits: 32, signed: false))
            setX(rs + 1, binary(.lshr, d, imm: 32, is64: true))
        }
    }

    /// LDAPR/STLR (unscaled immediate), FEAT_LRCPC2 (size 011001 opc 0 imm9 00 Rn Rt):
    /// STLUR{B,H}, LDAPUR{B,H}, LDAPURS{B,H,W}.
    func loadAcquireStoreReleaseUnscaled(_ i: UInt32) {
        let sizeField = i.bits(31, 30), opc = i.bits(23, 22)
        let size = 1 << Int(sizeField)
        let imm = signExtend(UInt64(i.bits(20, 12)), bits: 9)
        let base = xsp(i.rn)
        if opc < 2 || sizeField < (opc == 2 ? 3 : 2) { emit(.checkAlignment(addr: base, disp: Int32(imm), size: size)) }
        switch opc {
        case 0:  // STLUR: a store-release, ordered before later load-acquires (xchg)
            let addr = imm == 0 ? base : binary(.add, base, imm: UInt64(bitPattern: imm), is64: true)
            emit(.storeRelease(x(i.rd), addr: addr, size: size))
        case 1:
            let d = newValue()
            emit(.load(d, addr: base, disp: Int32(imm), size: size, signed: false, is64: true))
            setX(i.rd, d)
        default:  // LDAPURS*: opc 2 extends to 64 bits (B, H, W), opc 3 to 32 (B, H)
            guard sizeField < (opc == 2 ? 3 : 2) else { return undefined() }
            let d = newValue()
            emit(.load(d, addr: base, disp: Int32(imm), size: size, signed: true, is64: opc == 2))
            setX(i.rd, d)
        }
    }
}
