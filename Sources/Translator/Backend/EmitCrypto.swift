// The crypto extension's AES, 64-bit PMULL, SHA-1 and SHA-256 on AES-NI, PCLMULQDQ and the
// SHA extensions (the lifter emits `vecCrypto` only where HostCPU has them). Arm's AES state is
// x86's byte for byte (byte i of the register is state[i mod 4][i / 4] in both), so only the
// round structure differs: Arm adds the round key first and keeps MixColumns apart, x86 adds
// it last. SHA-256: Arm keeps the state as {a,b,c,d} and {e,f,g,h} (lane 0 first) and runs
// four rounds per instruction, x86 as {A,B,E,F} and {C,D,G,H} (lane 3 first) and two. SHA-1:
// x86 holds {A,B,C,D} and its words lane 3 first, so both sides are lane-reversed.

extension X64Emitter {
    mutating func emitVecCrypto(_ op: VecCryptoOp, _ d: UInt8, _ n: UInt8, _ m: UInt8) {
        let a = Self.x0, b = Self.x1, c = Self.x2, t = Self.x3
        switch op {
        case .aese, .aesd:   // SubBytes(ShiftRows(d ^ n)): x86's last round with a zero key
            loadVector0(d); loadVector(b, n); asm.pxor(a, b)
            asm.pxor(c, c)
            if op == .aese { asm.aesenclast(a, c) } else { asm.aesdeclast(a, c) }
        case .aesmc:   // MixColumns alone: undo a last decryption round's steps, then encrypt one
            loadVector0(n); asm.pxor(c, c)
            asm.aesdeclast(a, c); asm.aesenc(a, c)
        case .aesimc:
            loadVector0(n); asm.aesimc(a, a)
        case .pmull, .pmull2:
            loadVector0(n); loadVector(b, m)
            asm.pclmulqdq(a, b, op == .pmull ? 0x00 : 0x11)
        case .sha256h, .sha256h2:   // {a,b,c,d} is V[d] for SHA256H, V[n] for SHA256H2
            sha256FourRounds(abcd: op == .sha256h ? d : n, efgh: op == .sha256h ? n : d, words: m, upper: op == .sha256h2)
        case .sha256su0:
            loadVector0(d); loadVector(b, n); asm.sha256msg1(a, b)
        case .sha1c, .sha1p, .sha1m:
            sha1FourRounds(op, abcd: d, e: n, words: m)
        case .sha1h:   // ROL(n[0], 30), the rest cleared
            loadVector0(n); asm.movaps(b, a)
            asm.pshift(.shl, a, lanes: .b32, 30); asm.pshift(.shr, b, lanes: .b32, 2); asm.por(a, b)
            asm.pslldq(a, 12); asm.psrldq(a, 12)
            return storeWhole(d, zeroAbove: 32)
        case .sha1su0:   // {d2, d3, n0, n1} ^ d ^ m
            loadVector(b, n); loadVector0(d)
            asm.palignr(b, a, 8); asm.pxor(a, b)
            loadVector(b, m); asm.pxor(a, b)
        case .sha1su1:   // x86's second step, lanes reversed on both sides
            loadVector(b, n); asm.pshufd(b, b, Self.reverseLanes)
            loadVector0(d); asm.pshufd(a, a, Self.reverseLanes)
            asm.sha1msg2(a, b); asm.pshufd(a, a, Self.reverseLanes)
        case .sha256su1:   // x86's second step on d + {n1, n2, n3, m0}
            loadVector(b, n); loadVector(c, m)
            asm.movaps(t, c); asm.palignr(t, b, 4)
            loadVector0(d); asm.padd(a, t, lanes: .b32)
            asm.sha256msg2(a, c)
        }
        storeWhole(d)
    }

    static let reverseLanes: UInt8 = 0x1B

    /// SHA1C/P/M: one SHA1RNDS4 on the lanes reversed. x86 adds the round constant itself and
    /// Arm's words already hold it, so it is subtracted first (its parity rounds' constant
    /// serves both of Arm's parity stages); E joins the first word.
    private mutating func sha1FourRounds(_ op: VecCryptoOp, abcd: UInt8, e: UInt8, words: UInt8) {
        let (function, constant): (UInt8, UInt32) = op == .sha1c ? (0, 0x5A82_7999) : op == .sha1p ? (1, 0x6ED9_EBA1) : (2, 0x8F1B_BCDC)
        let state = Self.x1, w = Self.x2, t = Self.x3
        loadVector(state, abcd); asm.pshufd(state, state, Self.reverseLanes)
        loadVector(w, words)
        splat(t, UInt64(constant) << 32 | UInt64(constant)); asm.psub(w, t, lanes: .b32)
        loadVector(t, e); asm.pslldq(t, 12); asm.psrldq(t, 12); asm.padd(w, t, lanes: .b32)
        asm.pshufd(w, w, Self.reverseLanes)
        asm.sha1rnds4(state, w, function)
        asm.pshufd(Self.x0, state, Self.reverseLanes)
    }

    /// Four SHA-256 rounds as two SHA256RNDS2: the new {a,b,c,d} (or, `upper`, {e,f,g,h}) in xmm0.
    private mutating func sha256FourRounds(abcd: UInt8, efgh: UInt8, words: UInt8, upper: Bool) {
        let x = Self.x1, y = Self.x2, abef = Self.x3, cdgh = Self.x4
        let swapPairs: UInt8 = 0xB1   // lanes 1, 0, 3, 2
        loadVector(x, abcd); loadVector(y, efgh)
        asm.movaps(abef, y); asm.punpck(abef, x, lanes: .b64, high: false); asm.pshufd(abef, abef, swapPairs)
        asm.movaps(cdgh, y); asm.punpck(cdgh, x, lanes: .b64, high: true); asm.pshufd(cdgh, cdgh, swapPairs)
        loadVector0(words)
        asm.sha256rnds2(cdgh, abef)              // cdgh: {A,B,E,F} after two rounds
        asm.pshufd(Self.x0, Self.x0, 0x0E)      // words 2 and 3 down
        asm.sha256rnds2(abef, cdgh)              // abef: after four; cdgh: their {C,D,G,H}
        asm.punpck(abef, cdgh, lanes: .b64, high: !upper)
        asm.pshufd(Self.x0, abef, swapPairs)
    }
}
