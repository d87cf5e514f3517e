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
