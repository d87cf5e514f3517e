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
    /// The number as an index (0...31) into per-register tables.
    public var index: Int { Int(number) }
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

/// One contiguous bit field of the instruction word. A plain value (no name stored) so the
/// definitions below are compile-time constants; `Field.all` carries the names.
public struct Field: Hashable, Sendable {
    public let lo: Int
    public let width: Int

    init(_ lo: Int, _ width: Int) { self.lo = lo; self.width = width }

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
    static let rd = Field(0, 5), rt = Field(0, 5), rn = Field(5, 5)
    static let rm = Field(16, 5), rs = Field(16, 5), ra = Field(10, 5), rt2 = Field(10, 5)
    // Size and form selectors
    static let sf = Field(31, 1), q = Field(30, 1), u = Field(29, 1), op = Field(29, 1)
    static let size = Field(30, 2), esize = Field(22, 2), ftype = Field(22, 2)
    static let n = Field(22, 1), sh = Field(22, 1), hw = Field(21, 2), load = Field(22, 1)
    static let simd = Field(26, 1), ldstOpc = Field(22, 2)
    // Immediates
    static let imm26 = Field(0, 26), imm19 = Field(5, 19), imm16 = Field(5, 16)
    static let imm14 = Field(5, 14), imm12 = Field(10, 12), imm9 = Field(12, 9)
    static let imm7 = Field(15, 7), imm5 = Field(16, 5), imm6 = Field(10, 6)
    static let immr = Field(16, 6), imms = Field(10, 6), immlo = Field(29, 2)
    static let b5 = Field(31, 1), b40 = Field(19, 5)
    // Conditions and flags
    static let cond = Field(12, 4), bcond = Field(0, 4), nzcv = Field(0, 4)
    static let rotation = Field(15, 6), flagMask = Field(0, 4), setfSize = Field(14, 1)
    // Register-operand modifiers
    static let shift = Field(22, 2), option = Field(13, 3), imm3 = Field(10, 3)
    static let scaled = Field(12, 1), crcC = Field(12, 1), crcSize = Field(10, 2)
    static let dp3Op = Field(21, 3)
    // Loads and stores
    static let pairMode = Field(23, 2), indexMode = Field(10, 2)
    static let o0 = Field(15, 1), acquire = Field(23, 1), release = Field(22, 1)
    // System
    static let sysreg = Field(5, 15), crm = Field(8, 4), op2 = Field(5, 3)
    // Scalar floating point
    static let rmode = Field(19, 2), fpOpcode = Field(16, 3), scale = Field(10, 6)
    static let fp1Opcode = Field(15, 6), fp2Opcode = Field(12, 4), fpCompareOp = Field(3, 2)
    static let o1 = Field(21, 1), fpImm8 = Field(13, 8), fccmpOp = Field(4, 1)
    static let fpNZCV = Field(0, 4)
    // Advanced SIMD
    static let opcode5 = Field(11, 5), opcode4 = Field(12, 4), miscOpcode = Field(12, 5)
    static let permuteOpcode = Field(12, 3), immh = Field(19, 4), immb = Field(16, 3)
    static let immhb = Field(16, 7), cmode = Field(12, 4), abc = Field(16, 3)
    static let defgh = Field(5, 5), imm4 = Field(11, 4), tableLength = Field(13, 2)
    static let tbx = Field(12, 1), ldstSize = Field(10, 2), ldstOpcode = Field(12, 4)
    static let singleOpcode = Field(13, 3), structR = Field(21, 1)
    static let post = Field(23, 1), indexL = Field(21, 1), indexM = Field(20, 1)
    static let rmLow = Field(16, 4), indexH = Field(11, 1), sha3Opcode = Field(12, 3)
    // Operands the out-of-line semantics decode at translation (Semantics/)
    static let structS = Field(12, 1), sizeHigh = Field(23, 1), sz = Field(22, 1), opcode3 = Field(11, 3)
    static let fpOpcodeHigh = Field(14, 2), fpConvertTo = Field(15, 2), fp1OpcodeHigh = Field(17, 4)

    /// The field a pattern names with the UTF-8 `name`, when it is defined to end at bit
    /// `end` (exclusive) -- where the table parser has reached. Compares positions first,
    /// so only a few names are compared.
    static func named(_ name: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Field? {
        for entry in all where entry.field.lo + entry.field.width == end && entry.name.utf8.elementsEqual(name) {
            return entry.field
        }
        return nil
    }

    /// Every field a pattern may name, by the name patterns use.
    static let all: [(name: String, field: Field)] = [
        ("Rd", rd), ("Rt", rt), ("Rn", rn), ("Rm", rm), ("Rs", rs), ("Ra", ra), ("Rt2", rt2), ("sf", sf), ("Q", q),
        ("U", u), ("op", op), ("size", size), ("esize", esize), ("ftype", ftype), ("N", n), ("sh", sh), ("hw", hw),
        ("L", load), ("V", simd), ("opc", ldstOpc), ("imm26", imm26), ("imm19", imm19), ("imm16", imm16),
        ("imm14", imm14), ("imm12", imm12), ("imm9", imm9), ("imm7", imm7), ("imm5", imm5), ("imm6", imm6),
        ("immr", immr), ("imms", imms), ("immlo", immlo), ("b5", b5), ("b40", b40), ("cond", cond), ("bcond", bcond),
        ("nzcv", nzcv), ("imm6r", rotation), ("mask", flagMask), ("sz", setfSize), ("shift", shift),
        ("option", option), ("imm3", imm3), ("S", scaled), ("C", crcC), ("crcsz", crcSize), ("op31", dp3Op),
        ("pmode", pairMode), ("mode", indexMode), ("o0", o0), ("A", acquire), ("R", release), ("sysreg", sysreg),
        ("CRm", crm), ("op2", op2), ("rmode", rmode), ("fpop", fpOpcode), ("scale", scale), ("fp1op", fp1Opcode),
        ("fp2op", fp2Opcode), ("cmpop", fpCompareOp), ("o1", o1), ("fimm8", fpImm8), ("fccop", fccmpOp),
        ("fnzcv", fpNZCV), ("op5", opcode5), ("op4", opcode4), ("op5m", miscOpcode), ("op3", permuteOpcode),
        ("immh", immh), ("immb", immb), ("immhb", immhb), ("cmode", cmode), ("abc", abc), ("defgh", defgh),
        ("imm4", imm4), ("len", tableLength), ("tbx", tbx), ("lsize", ldstSize), ("ldop", ldstOpcode),
        ("lsop", singleOpcode), ("Rx", structR), ("P", post), ("Lx", indexL), ("M", indexM), ("Rm4", rmLow),
        ("H", indexH), ("cop3", sha3Opcode),
    ]
}
