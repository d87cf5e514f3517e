// Named fields of the A64 instruction word, defined once and shared by every pattern
// (decodetree's %field). A64Table's patterns name these fields at their bit positions
// (the table parser checks each name sits where it is defined here), and the operand
// formats (Formats.swift) read them, so no lifter slices instruction bits by hand.

/// A guest general-purpose register number, 0...31. Whether 31 means SP or XZR depends on
/// the operand (the lifter's `x`/`xsp` make the choice explicit).
public struct GPR: Hashable, Sendable, CustomStringConvertible {
    public let number: UInt8
    public init(_ number: UInt8) { precondition(number < 32); self.number = number }
    public static let zrOrSP = GPR(31), linkRegister = GPR(30)
    public var isZROrSP: Bool { number == 31 }
    /// The next register of a pair (CASP, LDXP use Rt and Rt+1).
    public var next: GPR { GPR((number + 1) & 31) }
    public var description: String { number == 31 ? "x31" : "x\(number)" }
}

/// A guest SIMD&FP register number, 0...31.
public struct VReg: Hashable, Sendable, CustomStringConvertible {
    public let number: UInt8
    public init(_ number: UInt8) { precondition(number < 32); self.number = number }
    /// Vt+k, wrapping at 31 as the structure loads and stores do.
    public func advanced(by k: Int) -> VReg { VReg(UInt8((Int(number) + k) & 31)) }
    public var description: String { "v\(number)" }
}

/// One contiguous bit field of the instruction word.
public struct Field: Hashable, Sendable {
    public let name: String
    public let lo: Int
    public let width: Int

    init(_ name: String, _ lo: Int, _ width: Int) { self.name = name; self.lo = lo; self.width = width }

    var mask: UInt32 { UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(width)) - 1) << UInt32(lo) }
}

/// A raw A64 instruction word; fields are read only through `Field`s.
public struct InstructionWord: Sendable {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }

    @inline(__always) subscript(_ f: Field) -> UInt32 { (raw >> UInt32(f.lo)) & ((1 << UInt32(f.width)) - 1) }
    @inline(__always) func flag(_ f: Field) -> Bool { self[f] != 0 }
    @inline(__always) func gpr(_ f: Field) -> GPR { GPR(UInt8(self[f])) }
    @inline(__always) func vreg(_ f: Field) -> VReg { VReg(UInt8(self[f])) }
    /// The field as a two's-complement number.
    @inline(__always) func signed(_ f: Field) -> Int64 { signExtend(UInt64(self[f]), bits: f.width) }
}

extension Field {
    // Registers
    static let rd = Field("Rd", 0, 5), rt = Field("Rt", 0, 5), rn = Field("Rn", 5, 5)
    static let rm = Field("Rm", 16, 5), rs = Field("Rs", 16, 5), ra = Field("Ra", 10, 5), rt2 = Field("Rt2", 10, 5)
    // Size and form selectors
    static let sf = Field("sf", 31, 1), q = Field("Q", 30, 1), u = Field("U", 29, 1), op = Field("op", 29, 1)
    static let size = Field("size", 30, 2), esize = Field("esize", 22, 2), ftype = Field("ftype", 22, 2)
    static let n = Field("N", 22, 1), sh = Field("sh", 22, 1), hw = Field("hw", 21, 2), load = Field("L", 22, 1)
    static let simd = Field("V", 26, 1), ldstOpc = Field("opc", 22, 2)
    // Immediates
    static let imm26 = Field("imm26", 0, 26), imm19 = Field("imm19", 5, 19), imm16 = Field("imm16", 5, 16)
    static let imm14 = Field("imm14", 5, 14), imm12 = Field("imm12", 10, 12), imm9 = Field("imm9", 12, 9)
    static let imm7 = Field("imm7", 15, 7), imm5 = Field("imm5", 16, 5), imm6 = Field("imm6", 10, 6)
    static let immr = Field("immr", 16, 6), imms = Field("imms", 10, 6), immlo = Field("immlo", 29, 2)
    static let b5 = Field("b5", 31, 1), b40 = Field("b40", 19, 5)
    // Conditions and flags
    static let cond = Field("cond", 12, 4), bcond = Field("bcond", 0, 4), nzcv = Field("nzcv", 0, 4)
    static let rotation = Field("imm6r", 15, 6), flagMask = Field("mask", 0, 4), setfSize = Field("sz", 14, 1)
    // Register-operand modifiers
    static let shift = Field("shift", 22, 2), option = Field("option", 13, 3), imm3 = Field("imm3", 10, 3)
    static let scaled = Field("S", 12, 1), crcC = Field("C", 12, 1), crcSize = Field("crcsz", 10, 2)
    static let dp3Op = Field("op31", 21, 3)
    // Loads and stores
    static let pairMode = Field("pmode", 23, 2), indexMode = Field("mode", 10, 2)
    static let o0 = Field("o0", 15, 1), acquire = Field("A", 23, 1), release = Field("R", 22, 1)
    // System
    static let sysreg = Field("sysreg", 5, 15), crm = Field("CRm", 8, 4), op2 = Field("op2", 5, 3)
    // Scalar floating point
    static let rmode = Field("rmode", 19, 2), fpOpcode = Field("fpop", 16, 3), scale = Field("scale", 10, 6)
    static let fp1Opcode = Field("fp1op", 15, 6), fp2Opcode = Field("fp2op", 12, 4), fpCompareOp = Field("cmpop", 3, 2)
    static let o1 = Field("o1", 21, 1), fpImm8 = Field("fimm8", 13, 8), fccmpOp = Field("fccop", 4, 1)
    static let fpNZCV = Field("fnzcv", 0, 4)
    // Advanced SIMD
    static let opcode5 = Field("op5", 11, 5), opcode4 = Field("op4", 12, 4), miscOpcode = Field("op5m", 12, 5)
    static let permuteOpcode = Field("op3", 12, 3), immh = Field("immh", 19, 4), immb = Field("immb", 16, 3)
    static let immhb = Field("immhb", 16, 7), cmode = Field("cmode", 12, 4), abc = Field("abc", 16, 3)
    static let defgh = Field("defgh", 5, 5), imm4 = Field("imm4", 11, 4), tableLength = Field("len", 13, 2)
    static let tbx = Field("tbx", 12, 1), ldstSize = Field("lsize", 10, 2), ldstOpcode = Field("ldop", 12, 4)
    static let singleOpcode = Field("lsop", 13, 3), structR = Field("Rx", 21, 1)
    static let post = Field("P", 23, 1), indexL = Field("Lx", 21, 1), indexM = Field("M", 20, 1)
    static let rmLow = Field("Rm4", 16, 4), indexH = Field("H", 11, 1), sha3Opcode = Field("cop3", 12, 3)

    /// Every field a pattern may name; the table parser looks names up here.
    static let all: [Field] = [
        rd, rt, rn, rm, rs, ra, rt2, sf, q, u, op, size, esize, ftype, n, sh, hw, load, simd, ldstOpc,
        imm26, imm19, imm16, imm14, imm12, imm9, imm7, imm5, imm6, immr, imms, immlo, b5, b40,
        cond, bcond, nzcv, rotation, flagMask, setfSize, shift, option, imm3, scaled, crcC, crcSize, dp3Op,
        pairMode, indexMode, o0, acquire, release, sysreg, crm, op2,
        rmode, fpOpcode, scale, fp1Opcode, fp2Opcode, fpCompareOp, o1, fpImm8, fccmpOp, fpNZCV,
        opcode5, opcode4, miscOpcode, permuteOpcode, immh, immb, immhb, cmode, abc, defgh, imm4, tableLength,
        tbx, ldstSize, ldstOpcode, singleOpcode, structR, post, indexL, indexM, rmLow, indexH, sha3Opcode,
    ]
}
