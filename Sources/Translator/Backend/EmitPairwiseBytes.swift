// UMAXP/UMINP/ADDP on 16 byte lanes: glibc's aarch64 strlen/memcmp/memchr reduce their
// compare masks with them every 16-32 bytes (issue 17). Each 16-bit word holds one pair;
// the pair's result is computed into one byte of the word with the other byte already
// zero, so PACKUSWB (no saturation below 256) gathers the results without a mask.

/// The operation of a byte-pairwise reduction.
enum PairwiseByteOp {
    case max, min, add
}

extension X64Emitter {
    /// `a` = n and `b` = m (unless `sameSource`): a = pairwise(n) : pairwise(m).
    mutating func pairwiseBytes(_ op: PairwiseByteOp, _ a: XMM, _ b: XMM, sameSource: Bool) {
        pairwiseBytesInWords(op, a)
        if !sameSource { pairwiseBytesInWords(op, b) }
        asm.packuswb(a, sameSource ? a : b)
    }

    /// Each word of r = its two bytes combined, zero-extended (xmm2 is scratch).
    private mutating func pairwiseBytesInWords(_ op: PairwiseByteOp, _ r: XMM) {
        let t = Self.x2
        asm.movaps(t, r)
        switch op {
        case .min:   // low byte min(lo, hi), high byte min(hi, 0) = 0
            asm.psrlw(t, 8); asm.pminub(r, t)
        case .max:   // high byte max(hi, lo), low byte lo; then move the high byte down
            asm.pshift(.shl, t, lanes: .b16, 8); asm.pmaxub(r, t); asm.psrlw(r, 8)
        case .add:   // high byte hi + lo (bytewise, no carry out), then down
            asm.pshift(.shl, t, lanes: .b16, 8); asm.paddb(r, t); asm.psrlw(r, 8)
        }
    }
}

extension X64Emitter {
    /// The common integer ops as VEX three-operand instructions from the operands' cache slots
    /// into the destination's: AND/ORR/EOR/ADD/SUB/CMEQ one instruction (CMEQ #0 two; 64-bit forms: through
    /// xmm0 and a MOVQ that clears the upper half), UMAXP/UMINP/ADDP on 16 bytes 5-7 (memcmp's and
    /// strlen's loops; no copies through xmm0). False when the op or the cache does not allow it
    /// (the caller's general path runs).
    mutating func emitVecBinaryInSlots(_ op: VecOp, _ d: UInt8, _ n: UInt8, _ m: UInt8, esize: Int, q: Bool) -> Bool {
        let simple = op == .and || op == .orr || op == .eor || op == .add || op == .sub || op == .cmeq || op == .cmeqZero
        let pairwise: PairwiseByteOp? = esize != 1 || !q ? nil : op == .umaxp ? .max : op == .uminp ? .min : op == .addp ? .add : nil
        guard simple || pairwise != nil, let (ns, _) = cacheLoad(n) else { return false }
        let ms: XMM
        if op == .cmeqZero { ms = Self.x1; asm.vpxor(ms, ms, ms) } else { ms = cacheLoad(m)!.slot }
        if let pairwise {
            let low = Self.x0, high = Self.x1
            pairwiseBytesInWords(pairwise, into: low, from: ns)
            if n != m { pairwiseBytesInWords(pairwise, into: high, from: ms) }
            guard let ds = cacheSlotForWrite(d) else { preconditionFailure("vector cache went off") }
            asm.vpackuswb(ds, low, n == m ? low : high)
            markDirty(ds, zeroAbove: 128)
            return true
        }
        guard let slot = cacheSlotForWrite(d) else { preconditionFailure("vector cache went off") }
        let lanes = Self.lanes(esize), r = q ? slot : Self.x0
        if op == .and { asm.vpand(r, ns, ms) } else if op == .orr { asm.vpor(r, ns, ms) } else if op == .eor {
            asm.vpxor(r, ns, ms)
        } else if op == .add { asm.vpadd(r, ns, ms, lanes: lanes) } else if op == .sub { asm.vpsub(r, ns, ms, lanes: lanes) } else {
            asm.vpcmpeq(r, ns, ms, lanes: lanes)
        }
        if !q { asm.movq(slot, r) }
        markDirty(slot, zeroAbove: q ? 128 : 64)
        return true
    }

    /// Each word of r = the two bytes of the same word of s combined, zero-extended (xmm2 is scratch).
    private mutating func pairwiseBytesInWords(_ op: PairwiseByteOp, into r: XMM, from s: XMM) {
        let t = Self.x2
        switch op {
        case .min: asm.vpshiftWords(left: false, t, s, 8); asm.vpminub(r, s, t)
        case .max: asm.vpshiftWords(left: true, t, s, 8); asm.vpmaxub(r, s, t); asm.vpshiftWords(left: false, r, r, 8)
        case .add: asm.vpshiftWords(left: true, t, s, 8); asm.vpadd(r, s, t, lanes: .b8); asm.vpshiftWords(left: false, r, r, 8)
        }
    }
}
