// The crypto extension's AES instructions, PMULL/PMULL2 .1Q, SHA-1 and SHA-256: inline on hosts
// with AES-NI, PCLMULQDQ and the SHA extensions (Backend/EmitCrypto.swift), else the
// out-of-line semantics.

extension Lifter {
    /// AESE, AESD, AESMC, AESIMC by opcode 00100...00111.
    static let aesInline: [VecCryptoOp] = [.aese, .aesd, .aesmc, .aesimc]

    func aes(_ w: InstructionWord) {
        let opcode = Int(w[.miscOpcode]) - 0b00100
        guard HostCPU.usable.contains(.aes), Self.aesInline.indices.contains(opcode) else { return outOfLine(.cryptoAES, w) }
        emit(.vecCrypto(Self.aesInline[opcode], w.vreg(.rd).number, w.vreg(.rn).number, 0))
    }

    /// SHA1C/P/M/SU0, SHA256H/H2/SU1 by the three-register opcode (000...110).
    static let sha3Inline: [VecCryptoOp?] = [.sha1c, .sha1p, .sha1m, .sha1su0, .sha256h, .sha256h2, .sha256su1, nil]
    /// SHA1H, SHA1SU1, SHA256SU0 by the two-register opcode (00000...00010).
    static let sha2Inline: [VecCryptoOp] = [.sha1h, .sha1su1, .sha256su0]

    func sha3Register(_ w: InstructionWord) {
        guard HostCPU.usable.contains(.sha), let op = Self.sha3Inline[Int(w[.sha3Opcode])] else { return outOfLine(.cryptoSHA3, w) }
        emit(.vecCrypto(op, w.vreg(.rd).number, w.vreg(.rn).number, w.vreg(.rm).number))
    }

    func sha2Register(_ w: InstructionWord) {
        let opcode = Int(w[.miscOpcode])
        guard HostCPU.usable.contains(.sha), Self.sha2Inline.indices.contains(opcode) else { return outOfLine(.cryptoSHA2, w) }
        emit(.vecCrypto(Self.sha2Inline[opcode], w.vreg(.rd).number, w.vreg(.rn).number, 0))
    }

    /// PMULL/PMULL2 with 64-bit source lanes (size 11, U 0, opcode 1110); false for other forms.
    func polynomialMultiplyLong(_ f: VectorOperands, opcode: UInt32) -> Bool {
        guard f.size == 3, !f.u, opcode == 0b1110, HostCPU.usable.contains(.pclmul) else { return false }
        emit(.vecCrypto(f.q ? .pmull2 : .pmull, f.vd.number, f.vn.number, f.vm.number))
        return true
    }
}
