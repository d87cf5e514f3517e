// Operand formats (decodetree's argument sets): the typed operands of one encoding
// class, read from the instruction word through the shared `Field`s. Lifters receive
// these; none of them reads instruction bits itself.

/// Rd, Rn, Rm and the operation width.
struct ThreeRegisters {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR
    init(_ w: InstructionWord) { sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm) }
}

/// Rd, Rn and the operation width.
struct TwoRegisters {
    let sf: Bool, rd: GPR, rn: GPR
    init(_ w: InstructionWord) { sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn) }
}

/// ADR/ADRP: Rd and the signed immhi:immlo.
struct PCRelativeOperands {
    let rd: GPR, imm: Int64
    init(_ w: InstructionWord) { rd = w.gpr(.rd); imm = signExtend(UInt64(w[.imm19] << 2 | w[.immlo]), bits: 21) }
}

struct AddSubImmediateOperands {
    let sf: Bool, rd: GPR, rn: GPR, imm: UInt64
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn)
        imm = UInt64(w[.imm12]) << (w.flag(.sh) ? 12 : 0)
    }
}

/// Logical immediates and bitfield moves: N:immr:imms.
struct BitmaskOperands {
    let sf: Bool, rd: GPR, rn: GPR, n: Bool, immr: UInt32, imms: UInt32
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); n = w.flag(.n); immr = w[.immr]; imms = w[.imms]
    }
}

struct MoveWideOperands {
    let sf: Bool, rd: GPR, shift: UInt64, imm16: UInt64
    init(_ w: InstructionWord) { sf = w.flag(.sf); rd = w.gpr(.rd); shift = UInt64(w[.hw]) * 16; imm16 = UInt64(w[.imm16]) }
}

struct ExtractOperands {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR, lsb: UInt64
    init(_ w: InstructionWord) { sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); lsb = UInt64(w[.imms]) }
}

/// B, BL: the byte offset of the target.
struct BranchImmediateOperands {
    let offset: Int64
    init(_ w: InstructionWord) { offset = w.signed(.imm26) << 2 }
}

struct ConditionalBranchOperands {
    let offset: Int64, cond: Cond
    init(_ w: InstructionWord) { offset = w.signed(.imm19) << 2; cond = Cond(rawValue: UInt8(w[.bcond]))! }
}

struct CompareBranchOperands {
    let sf: Bool, rt: GPR, offset: Int64
    init(_ w: InstructionWord) { sf = w.flag(.sf); rt = w.gpr(.rt); offset = w.signed(.imm19) << 2 }
}

struct TestBranchOperands {
    let rt: GPR, bit: UInt8, offset: Int64
    init(_ w: InstructionWord) { rt = w.gpr(.rt); bit = UInt8(w[.b5] << 5 | w[.b40]); offset = w.signed(.imm14) << 2 }
}

/// BR, BLR, RET: the target register Rn.
struct BranchRegisterOperands {
    let rn: GPR
    init(_ w: InstructionWord) { rn = w.gpr(.rn) }
}

/// The system instructions taking one register operand Rt (DC, IC).
struct SystemOperand {
    let rt: GPR
    init(_ w: InstructionWord) { rt = w.gpr(.rt) }
}

/// MRS/MSR: Rt and the system register's op0:op1:CRn:CRm:op2 (op0 is 1x for MRS/MSR).
struct SystemRegisterOperands {
    let rt: GPR, register: UInt32
    init(_ w: InstructionWord) { rt = w.gpr(.rt); register = 1 << 15 | w[.sysreg] }
}

/// DSB/DMB: the CRm option (0b11xx: both reads and writes, i.e. a full barrier).
struct BarrierOperands {
    let option: UInt32
    init(_ w: InstructionWord) { option = w[.crm] }
}

struct LoadLiteralOperands {
    let rt: GPR, vt: VReg, offset: Int64, opc: UInt32
    init(_ w: InstructionWord) { rt = w.gpr(.rt); vt = w.vreg(.rt); offset = w.signed(.imm19) << 2; opc = w[.size] }
}

/// Exclusive, ordered, compare-and-swap and atomic memory operations.
struct MemoryOrderedOperands {
    /// Access size in bytes (the size field), and bit 30 for the pair forms.
    let bytes: Int, pairIs64: Bool
    let rs: GPR, rt: GPR, rt2: GPR, rn: GPR
    init(_ w: InstructionWord) {
        bytes = 1 << Int(w[.size]); pairIs64 = w[.size] & 1 != 0
        rs = w.gpr(.rs); rt = w.gpr(.rt); rt2 = w.gpr(.rt2); rn = w.gpr(.rn)
    }
}

/// LDP/STP and the SIMD&FP forms.
struct PairOperands {
    enum Mode: UInt32 { case noAllocate, postIndex, offset, preIndex }
    let opc: UInt32, mode: Mode, rt: GPR, rt2: GPR, vt: VReg, vt2: VReg, rn: GPR, imm7: Int32
    init(_ w: InstructionWord) {
        opc = w[.size]; mode = Mode(rawValue: w[.pairMode])!
        rt = w.gpr(.rt); rt2 = w.gpr(.rt2); vt = w.vreg(.rt); vt2 = w.vreg(.rt2); rn = w.gpr(.rn)
        imm7 = Int32(w.signed(.imm7))
    }
}

/// The single-register load/store classes.
struct SingleRegisterOperands {
    let size: UInt32, simd: Bool, opc: UInt32, rt: GPR, vt: VReg, rn: GPR
    /// Unscaled and indexed forms: the signed byte offset; unsigned offset: imm12.
    let imm9: Int32, imm12: Int32
    /// Register offset: Rm, extend option and whether the offset is scaled by the size.
    let rm: GPR, option: UInt32, scaled: Bool
    init(_ w: InstructionWord) {
        size = w[.size]; simd = w.flag(.simd); opc = w[.ldstOpc]; rt = w.gpr(.rt); vt = w.vreg(.rt); rn = w.gpr(.rn)
        imm9 = Int32(w.signed(.imm9)); imm12 = Int32(w[.imm12])
        rm = w.gpr(.rm); option = w[.option]; scaled = w.flag(.scaled)
    }
}

/// LDAPUR/STLUR family: size, opc and the signed offset.
struct UnscaledOrderedOperands {
    let size: UInt32, opc: UInt32, rt: GPR, rn: GPR, imm9: Int64
    init(_ w: InstructionWord) { size = w[.size]; opc = w[.ldstOpc]; rt = w.gpr(.rt); rn = w.gpr(.rn); imm9 = w.signed(.imm9) }
}

/// LD1/ST1 (multiple structures), with the post-index register.
struct StructureOperands {
    let q: Bool, load: Bool, opcode: UInt32, vt: VReg, rn: GPR, rm: GPR
    init(_ w: InstructionWord) {
        q = w.flag(.q); load = w.flag(.load); opcode = w[.ldstOpcode]; vt = w.vreg(.rt); rn = w.gpr(.rn); rm = w.gpr(.rm)
    }
}

/// Shifted-register operands (logical, add/sub).
struct ShiftedRegisterOperands {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR, shift: UInt32, amount: UInt64
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); shift = w[.shift]; amount = UInt64(w[.imm6])
    }
}

struct ExtendedRegisterOperands {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR, option: UInt32, amount: UInt64
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); option = w[.option]; amount = UInt64(w[.imm3])
    }
}

struct RotateIntoFlagsOperands {
    let rn: GPR, rotation: UInt64, mask: UInt64
    init(_ w: InstructionWord) { rn = w.gpr(.rn); rotation = UInt64(w[.rotation]); mask = UInt64(w[.flagMask]) }
}

/// CCMN/CCMP: the second operand is Rm or imm5 (the same bits).
struct ConditionalCompareOperands {
    let sf: Bool, rn: GPR, rm: GPR, imm5: UInt64, cond: Cond, nzcv: UInt8
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rn = w.gpr(.rn); rm = w.gpr(.rm); imm5 = UInt64(w[.imm5])
        cond = Cond(rawValue: UInt8(w[.cond]))!; nzcv = UInt8(w[.nzcv])
    }
}

struct ConditionalSelectOperands {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR, cond: Cond
    init(_ w: InstructionWord) {
        sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); cond = Cond(rawValue: UInt8(w[.cond]))!
    }
}

struct MultiplyAddOperands {
    let sf: Bool, rd: GPR, rn: GPR, rm: GPR, ra: GPR
    init(_ w: InstructionWord) { sf = w.flag(.sf); rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); ra = w.gpr(.ra) }
}

/// CRC32{B,H,W,X} and CRC32C*: the polynomial and the access size in bytes.
struct CRC32Operands {
    let rd: GPR, rn: GPR, rm: GPR, castagnoli: Bool, bytes: Int
    init(_ w: InstructionWord) {
        rd = w.gpr(.rd); rn = w.gpr(.rn); rm = w.gpr(.rm); castagnoli = w.flag(.crcC); bytes = 1 << Int(w[.crcSize])
    }
}

/// Scalar FP: the registers, ftype and the class's opcode fields.
struct FloatOperands {
    let ftype: UInt32, vd: VReg, vn: VReg, vm: VReg, va: VReg
    init(_ w: InstructionWord) { ftype = w[.ftype]; vd = w.vreg(.rd); vn = w.vreg(.rn); vm = w.vreg(.rm); va = w.vreg(.ra) }
    /// ftype 00 = single, 01 = double; nil for half precision (no FEAT_FP16 arithmetic) and 10.
    var double: Bool? { ftype < 2 ? ftype == 1 : nil }
}

/// Advanced SIMD: Q, U, the element size and registers shared by the vector classes.
struct VectorOperands {
    let q: Bool, u: Bool, size: Int, vd: VReg, vn: VReg, vm: VReg
    init(_ w: InstructionWord) {
        q = w.flag(.q); u = w.flag(.u); size = Int(w[.esize]); vd = w.vreg(.rd); vn = w.vreg(.rn); vm = w.vreg(.rm)
    }
    var esize: Int { 1 << size }
}
