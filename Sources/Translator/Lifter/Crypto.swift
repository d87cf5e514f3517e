// The crypto extension's AES instructions, PMULL/PMULL2 .1Q and SHA-256: inline on hosts with
// AES-NI, PCLMULQDQ and the SHA extensions (Backend/EmitCrypto.swift), else the out-of-line
// semantics. (SHA-1 stays out of line: x86's SHA1RNDS4 splits its rounds differently.)

extension Lifter {
    /// AESE, AESD, AESMC, AESIMC by opcode 00100...00111.
    static let aesInline: [VecCryptoOp] = [.aese, .aesd, .aesmc, .aesimc]

    func aes(_ w: InstructionWord) {
        let opcode = Int(w[.miscOpcode]) - 0b00100
        guard HostCPU.usable.contains(.aes), Self.aesInline.indices.contains(opcode) else { return outOfLine(.cryptoAES, w) }
        emit(.vecCrypto(Self.aesInline[opcode], w.vreg(.rd).number, w.vreg(.rn).number, 0))
    }

    /// SHA256H, SHA256H2, SHA256SU1 by the three-register opcode (100...110).
    static let sha3Inline: [VecCryptoOp?] = [nil, nil, nil, nil, .sha256h, .sha256h2, .sha256su1, nil]

    func sha3Register(_ w: InstructionWord) {
        guard HostCPU.usable.contains(.sha), let op = Self.sha3Inline[Int(w[.sha3Opcode])] else { return outOfLine(.cryptoSHA3, w) }
        emit(.vecCrypto(op, w.vreg(.rd).number, w.vreg(.rn).number, w.vreg(.rm).number))
    }

    /// SHA256SU0 (two-register opcode 00010).
    func sha2Register(_ w: InstructionWord) {
        guard HostCPU.usable.contains(.sha), w[.miscOpcode] == 0b00010 else { return outOfLine(.cryptoSHA2, w) }
        emit(.vecCrypto(.sha256su0, w.vreg(.rd).number, w.vreg(.rn).number, 0))
    }

    /// PMULL/PMULL2 with 64-bit source lanes (size 11, U 0, opcode 1110); false for other forms.
    func polynomialMultiplyLong(_ f: VectorOperands, opcode: UInt32) -> Bool {
        guard f.size == 3, !f.u, opcode == 0b1110, HostCPU.usable.contains(.pclmul) else { return false }
        emit(.vecCrypto(f.q ? .pmull2 : .pmull, f.vd.number, f.vn.number, f.vm.number))
        return true
    }
}
