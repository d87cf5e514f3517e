// The crypto extension's AES, 64-bit PMULL and SHA-256 on AES-NI, PCLMULQDQ and the SHA
// extensions (the lifter emits `vecCrypto` only where HostCPU has them). Arm's AES state is
// x86's byte for byte (byte i of the register is state[i mod 4][i / 4] in both), so only the
// round structure differs: Arm adds the round key first and keeps MixColumns apart, x86 adds
// it last. SHA-256: Arm keeps the state as {a,b,c,d} and {e,f,g,h} (lane 0 first) and runs
// four rounds per instruction, x86 as {A,B,E,F} and {C,D,G,H} (lane 3 first) and two.

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
        case .sha256su1:   // x86's second step on d + {n1, n2, n3, m0}
            loadVector(b, n); loadVector(c, m)
            asm.movaps(t, c); asm.palignr(t, b, 4)
            loadVector0(d); asm.padd(a, t, lanes: .b32)
            asm.sha256msg2(a, c)
        }
        storeWhole(d)
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
