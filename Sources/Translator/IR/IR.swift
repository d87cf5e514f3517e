// The translator's IR: one basic block of SSA values over guest state.
// Lifters produce it, passes rewrite it, the backend allocates and emits it.

/// An SSA value inside one block (printed `%N`): a type of its own, so a value can never
/// be passed where a displacement, offset or immediate is meant.
public struct Value: Hashable, Sendable, CustomStringConvertible {
    public let id: Int32
    public init(_ id: Int32) { self.id = id }
    /// Index into per-value tables (allocation state, renames).
    @inline(__always) public var index: Int { Int(id) }
    public var description: String { "%\(id)" }
}

/// ARM condition codes, numbered as in the instruction encoding.
public enum Cond: UInt8, Sendable {
    case eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
}

public enum BinOp: String, Sendable {
    case add, sub, and, or, xor, andNot, orNot, xorNot
    case shl, lshr, ashr, ror
    case mul, umulh, smulh, udiv, sdiv
    case adc, sbc          // consume and (optionally) produce flags
}

public enum UnOp: String, Sendable {
    case not, neg, clz, cls, rbit, rev, rev16, rev32, popcount
}

/// What a flag-producing op computes NZCV from (all ops give N and Z from the result).
public enum FlagEffect: Sendable, Equatable { case none, set }

/// Vector operations with an inline host implementation (element size in bytes).
public enum VecOp: String, Sendable {
    case and, orr, eor, bic, orn, cmeq, cmeqZero, cmhs, add, sub, umax, umin, bsl, bit, bif
    /// Pairwise byte ops on the concatenation n:m (16B forms only).
    case umaxp, uminp, addp
    /// Compares (all ones where true), min/max, multiplies (MLA/MLS accumulate into V[d]),
    /// absolute differences and NOT (which reads only n) on any lane size SSE has.
    case cmgt, cmge, cmhi, cmtst, smax, smin, mul, mla, mls, sabd, uabd, not
    /// Permutes of n:m (ZIP/UZP/TRN 1 and 2).
    case zip1, zip2, uzp1, uzp2, trn1, trn2
    /// Unary (n only): ABS, NEG, the compares with zero, CNT, and FABS/FNEG (sign bits).
    case abs, neg, cmgtZero, cmgeZero, cmleZero, cmltZero, cnt, fabs, fneg
    /// SCVTF/UCVTF/FCVTZS (vector) on 32-bit lanes, default FPCR mode only.
    case scvtf, ucvtf, fcvtzs
    /// FSQRT and FRINTN/M/P/Z/X/I (vector, lanes of `esize` bytes), FCVTL/FCVTL2 (2S -> 2D),
    /// default FPCR mode only.
    case fsqrt, frintn, frintm, frintp, frintz, frintx, frinti, fcvtl, fcvtl2
    /// SQADD/UQADD/SQSUB/UQSUB on byte and halfword lanes (FPSR.QC set when a lane saturates).
    case sqadd, uqadd, sqsub, uqsub
}

/// The crypto-extension instructions with an inline host form: AESE/AESD (V[d] = round of
/// V[d] xor V[n]), AESMC/AESIMC (V[d] = f(V[n])), PMULL/PMULL2 .1Q (V[d] = the carry-less
/// product of V[n]'s and V[m]'s low, or high, doublewords), SHA256H/H2/SU0/SU1 and
/// SHA1C/P/M/H/SU0/SU1 (as Arm's).
public enum VecCryptoOp: String, Sendable {
    case aese, aesd, aesmc, aesimc, pmull, pmull2, sha256h, sha256h2, sha256su0, sha256su1
    case sha1c, sha1p, sha1m, sha1h, sha1su0, sha1su1
}

/// Long and wide three-different ops (C4.1.94): lanes of `esize` bytes from the low (or, the
/// "2" forms, high) half of n and m, widened to twice the size (the wide forms' n already is).
public enum VecWideOp: String, Sendable { case addl, subl, addw, subw, mull, mlal, mlsl }

/// Across-lanes reductions to lane 0 (ADDV, SMAXV, SMINV, UMAXV, UMINV).
public enum VecReduceOp: String, Sendable { case addv, smaxv, sminv, umaxv, uminv }

/// A V register the lifter may use for a value between two IR ops of one instruction (the
/// state's scratch vector: by-element forms broadcast their element into it).
public enum VectorScratch {
    public static let register: UInt8 = 32
}

public enum VecShift: String, Sendable { case shl, ushr, sshr }

/// LSE read-modify-write operations (LDADD ... LDUMIN, SWP); the min/max forms compare at
/// the access size, signed or unsigned.
public enum AtomicOp: String, Sendable { case add, clr, eor, set, smax, smin, umax, umin, swp }

/// Where `compareAndSwapPair` leaves the old high doubleword for the following `loadState`.
public enum AtomicScratch {
    public static let pairHigh: Int32 = CPUStateLayout.vScratch + 8
}

public enum FPOp: String, Sendable {
    case add, sub, mul, div, max, min, maxnm, minnm, nmul
    /// FADDP (vector): sums of adjacent lanes of the concatenation m:n.
    case addp
    /// FCMEQ, FCMGE, FCMGT (vector): all ones where n = m, n >= m, n > m.
    case cmeq, cmge, cmgt
}
public enum FPUnaryOp: String, Sendable { case mov, abs, neg, sqrt, rintN, rintP, rintM, rintZ, rintX, rintA, rintI }

/// Work done out of line by a Swift helper (rare or complex instructions).
public enum HelperKind: Sendable {
    /// A whole guest instruction done out of line by a family helper that reads and writes
    /// the state block (rare FP/SIMD forms), with its operation decoded at translation
    /// (Semantics/SemanticOperation.swift).
    case semantic(SemanticOperation)
    case readNZCV, writeNZCV
    /// CNTVCT_EL0: a monotonic count at CNTFRQ_EL0 (1 GHz: nanoseconds).
    case readCounter
    case dcZVA
    case crc32(CRC32Kind)
}

/// Families of instructions with an out-of-line implementation.
public enum OutOfLine: UInt8, Sendable {
    case simdThreeSame, simdTwoRegMisc, simdAcrossLanes, simdCopy, simdModifiedImmediate
    case simdShiftImmediate, simdThreeDifferent, simdPermute, simdExtract, simdTableLookup
    case simdLoadStoreMultiple, simdLoadStoreSingle, simdScalarPairwise, simdScalarThreeSame, simdScalarTwoRegMisc
    case simdScalarShiftImmediate, simdScalarCopy
    case fpIntConvert, fpFixedConvert, fpCondCompare, fpRound, fpMinMax
    case simdIndexedElement, simdScalarIndexedElement
    case fpDataProcessing1, fpDataProcessing2, fpDataProcessing3, fpCompare
    case cryptoAES, cryptoSHA3, cryptoSHA2
    case simdScalarThreeDifferent
    /// Halves of the families above that run a different routine; a family's decoder
    /// (Semantics/OutOfLineSemantics.swift) picks them at translation.
    case simdFloatThreeSame, simdScalarFloatThreeSame, simdFloatTwoRegMisc, simdScalarFloatTwoRegMisc
    case simdFloatAcrossLanes, simdFixedConvert, simdScalarFixedConvert, fpHalfConvert, simdHalfConvert
}

public enum IROp: Sendable {
    case const(Value, UInt64)
    /// Guest X register 0...30, or 31 meaning SP (XZR is a constant, never a register).
    case getReg(Value, GPR)
    case setReg(GPR, Value)
    case loadState(Value, offset: Int32, size: Int)
    case storeState(offset: Int32, Value, size: Int)
    case binary(BinOp, Value, Value, Value, is64: Bool, flags: FlagEffect)
    case unary(UnOp, Value, Value, is64: Bool)
    /// dst = a + (b << shift), shift 0...3 (one LEA, flags untouched).
    case addScaled(Value, Value, Value, shift: UInt8, is64: Bool)
    /// dst = low `bits` of src, sign- or zero-extended to 64 bits.
    case extend(Value, Value, bits: UInt8, signed: Bool)
    /// dst = cond ? a : b (reads flags).
    case select(Cond, Value, Value, Value, is64: Bool)
    /// Flags = cond ? flags(a - b) (or a + b) : nzcv immediate. Reads and writes flags.
    case condCompare(Cond, Value, Value, is64: Bool, add: Bool, nzcv: UInt8)
    /// Flags from a compare/test of a value: `and` semantics (TST/ANDS) when a & b.
    case load(Value, addr: Value, disp: Int32, size: Int, signed: Bool, is64: Bool)
    case store(Value, addr: Value, disp: Int32, size: Int)
    case storeRelease(Value, addr: Value, size: Int)
    case loadExclusive(Value, addr: Value, size: Int)
    /// status = 0 if the store happened, 1 otherwise.
    case storeExclusive(Value, value: Value, addr: Value, size: Int)
    /// LDXP of two X registers: dst = low half; both halves go to the monitor (exclusiveValue/Hi).
    case loadExclusivePair(Value, addr: Value)
    /// STXP of two X registers via a 16-byte compare-and-swap; status as for storeExclusive.
    case storeExclusivePair(Value, lo: Value, hi: Value, addr: Value)
    case clearExclusive
    case fence
    /// The host's MXCSR (sticky flags of the inline FP code since they were last cleared).
    case readMXCSR(Value)
    /// Loads MXCSR (to clear its sticky flags).
    case writeMXCSR(Value)
    /// A guest SIGBUS (BUS_ADRALN) at this instruction unless addr + disp is a multiple of
    /// `size`: atomic and ordered accesses must be aligned (FEAT_LSE2 is not implemented).
    case checkAlignment(addr: Value, disp: Int32, size: Int)
    /// LDADD...LDUMIN/SWP (FEAT_LSE): atomically memory = op(old, src) on `size` bytes;
    /// dst = old, zero-extended.
    case atomicRMW(AtomicOp, Value, addr: Value, src: Value, size: Int)
    /// CAS: atomically dst = old (zero-extended); memory = new when old == expected (at `size`).
    case compareAndSwap(Value, addr: Value, expected: Value, new: Value, size: Int)
    /// CASP of two X registers (16 bytes, low doubleword first): dst = old low doubleword;
    /// the old high doubleword goes to the state at `AtomicScratch.pairHigh`.
    case compareAndSwapPair(Value, addr: Value, expectedLo: Value, expectedHi: Value, newLo: Value, newHi: Value)
    /// dst = guest NZCV in ARM format (bits 31..28, the rest zero).
    case getNZCV(Value)
    /// Guest NZCV = bits 31..28 of the value.
    case setNZCV(Value)
    // FP/SIMD: operands are guest V register numbers, data stays in the state block.
    case vecLoad(UInt8, addr: Value, disp: Int32, size: Int)
    case vecStore(UInt8, addr: Value, disp: Int32, size: Int)
    /// dst = element `lane` of V[n] (size bytes), zero-extended (or sign-extended).
    case vecToGPR(Value, UInt8, lane: UInt8, size: Int, signed: Bool)
    /// V[d].lane = src; zeroRest clears the other bits of the 128-bit register.
    case gprToVec(UInt8, Value, lane: UInt8, size: Int, zeroRest: Bool)
    /// V[d] = broadcast of the low `size` bytes of src; q=false clears the upper half.
    case vecDup(UInt8, Value, size: Int, q: Bool)
    case vecConst(UInt8, lo: UInt64, hi: UInt64)
    /// ORR/BIC (vector, immediate): V[d] = V[d] | imm, or V[d] & ~imm; q=false clears the upper half.
    case vecLogicalImmediate(UInt8, imm: UInt64, orr: Bool, q: Bool)
    /// EXT: bytes imm... of the concatenation m:n.
    case vecExtract(UInt8, UInt8, UInt8, imm: UInt8, q: Bool)
    /// SHL/USHR/SSHR by an immediate on 16/32/64-bit lanes.
    case vecShiftImmediate(VecShift, UInt8, UInt8, esize: Int, shift: UInt8, q: Bool)
    /// UXTL/SXTL/USHLL/SSHLL(2): widen the low (or, for `upper`, high) half's lanes of `esize`
    /// bytes to twice the size, then shift left.
    case vecWiden(UInt8, UInt8, esize: Int, signed: Bool, upper: Bool, shift: UInt8)
    /// FADD/FSUB/FMUL/FDIV (vector) on 2S/4S/2D.
    case vecFloatBinary(FPOp, UInt8, UInt8, UInt8, double: Bool, q: Bool)
    /// DUP Vd.T, Vn.Ts[lane].
    case vecDupElement(UInt8, UInt8, lane: UInt8, size: Int, q: Bool)
    /// V[d] byte i = V[n] byte index[i] (a PSHUFB with a constant index vector).
    case vecShuffleBytes(UInt8, UInt8, lo: UInt64, hi: UInt64, q: Bool)
    /// SHRN Vd.8B, Vn.8H, #shift (upper half of Vd cleared).
    case vecShiftNarrowHalves(UInt8, UInt8, shift: UInt8)
    case vecBinary(VecOp, UInt8, UInt8, UInt8, esize: Int, q: Bool)
    case fpBinary(FPOp, UInt8, UInt8, UInt8, double: Bool)
    case fpUnary(FPUnaryOp, UInt8, UInt8, double: Bool)
    /// d = a*b + c with optional negations (FMADD/FMSUB/FNMADD/FNMSUB).
    case fpFused(UInt8, UInt8, UInt8, UInt8, double: Bool, negProduct: Bool, negAddend: Bool)
    /// Flags = compare(V[n], V[m] or +0.0).
    /// FCMP (n, m or nil for #0.0); `signaling` (FCMPE): any NaN is an invalid operation.
    case fpCompare(UInt8, UInt8?, double: Bool, signaling: Bool)
    /// V[d] = cond ? V[n] : V[m]
    case fpSelect(Cond, UInt8, UInt8, UInt8, double: Bool)
    /// V[d] = convert(V[n]) between single and double.
    case fpConvertPrecision(UInt8, UInt8, toDouble: Bool)
    /// V[d] = (float/double) src integer.
    case intToFP(UInt8, Value, double: Bool, srcIs64: Bool, signed: Bool)
    /// dst = integer(V[n]) with ARM saturation, rounding toward zero.
    case fpToInt(Value, UInt8, double: Bool, dstIs64: Bool, signed: Bool)
    /// A helper call: reads and writes guest state through the state pointer.
    case helper(HelperKind, args: HelperArgs, result: Value?)
    /// FMLA/FMLS (vector) on 2S/4S/2D: V[d] = V[d] + (±V[n]) * V[m], fused, ARM NaN rules.
    case vecFloatFused(UInt8, UInt8, UInt8, double: Bool, q: Bool, negProduct: Bool)
    /// The long/wide three-different ops (lanes of `esize` bytes widened; `upper`: the "2" forms).
    case vecWideBinary(VecWideOp, UInt8, UInt8, UInt8, esize: Int, signed: Bool, upper: Bool)
    /// XTN/SHRN(2): lanes of 2*esize bytes shifted right by `shift`, truncated to esize bytes,
    /// into the low half of V[d] (upper half cleared) or, `upper`, its high half (low kept).
    case vecNarrow(UInt8, UInt8, esize: Int, shift: UInt8, upper: Bool)
    /// ADDV/SMAXV/...: the reduction of V[n]'s lanes in lane 0 of V[d], the rest cleared.
    case vecReduce(VecReduceOp, UInt8, UInt8, esize: Int, q: Bool)
    /// AES rounds and 64x64-bit polynomial multiplies on whole registers (inline only on
    /// hosts with AES-NI and PCLMULQDQ: HostCPU).
    case vecCrypto(VecCryptoOp, UInt8, UInt8, UInt8)
    /// TBL/TBX: bytes of the `count` table registers from `first` (wrapping at 31) chosen by
    /// V[m]'s bytes; an index out of range gives 0 (TBL) or keeps V[d]'s byte (TBX, `keep`).
    case vecTableLookup(UInt8, first: UInt8, count: UInt8, UInt8, q: Bool, keep: Bool)
    /// LD2-LD4 / ST2-ST4 (multiple structures): `count` registers from `first` (wrapping at
    /// 31) to or from count * (8 or 16) bytes at addr, elements of `esize` bytes interleaved.
    case vecStructures(first: UInt8, count: UInt8, addr: Value, esize: Int, q: Bool, load: Bool)
    /// A forward conditional branch inside a translation unit (issue 17): when the condition
    /// holds the guest goes to `taken` and leaves the unit there (a chained exit); otherwise it
    /// falls through to the next instruction, still in this unit. The guest registers and V
    /// registers are in the state at the exit, as at a fault. `flagsLive`: whether `taken` may
    /// read NZCV (false when it overwrites them first: the exit then need not store them).
    case sideExit(BranchCondition, taken: UInt64, flagsLive: Bool)
}

/// Up to two helper arguments, stored inline so IROp stays a trivial (copyable
/// without reference counting) value. Absent ones are id -1 inside (not optionals: they
/// would make the `helper` case the largest payload and every IROp 8 bytes bigger).
public struct HelperArgs: Sendable, ExpressibleByArrayLiteral {
    private var firstID: Int32 = -1, secondID: Int32 = -1
    public init(arrayLiteral elements: Value...) {
        precondition(elements.count <= 2, "helpers take at most two IR arguments")
        if elements.count > 0 { firstID = elements[0].id }
        if elements.count > 1 { secondID = elements[1].id }
    }
    public var first: Value? { firstID >= 0 ? Value(firstID) : nil }
    public var second: Value? { secondID >= 0 ? Value(secondID) : nil }
    public var values: [Value] { [first, second].compactMap { $0 } }
    @inline(__always) func forEach(_ body: (Value) -> Void) {
        if firstID >= 0 { body(Value(firstID)) }
        if secondID >= 0 { body(Value(secondID)) }
    }
    func map(_ f: (Value) -> Value) -> HelperArgs {
        var r = self
        if firstID >= 0 { r.firstID = f(Value(firstID)).id }
        if secondID >= 0 { r.secondID = f(Value(secondID)).id }
        return r
    }
}

public enum BranchCondition: Sendable {
    case flags(Cond)
    case zero(Value, is64: Bool)
    case nonZero(Value, is64: Bool)
    case bitZero(Value, bit: UInt8)
    case bitSet(Value, bit: UInt8)

    /// The condition under which the branch is not taken (nil for `al`/`nv`, which always are).
    var inverted: BranchCondition? {
        switch self {
        case .flags(let c): return c == .al || c == .nv ? nil : .flags(Cond(rawValue: c.rawValue ^ 1)!)   // Arm: bit 0 negates
        case .zero(let v, let w): return .nonZero(v, is64: w)
        case .nonZero(let v, let w): return .zero(v, is64: w)
        case .bitZero(let v, let bit): return .bitSet(v, bit: bit)
        case .bitSet(let v, let bit): return .bitZero(v, bit: bit)
        }
    }
}

/// Why generated code returned to the dispatcher (value in eax).
public enum ExitCode: UInt32, Sendable {
    case chain = 1          // direct branch to an untranslated target; chainSite says where to patch
    case lookup = 2         // indirect branch missed the jump cache
    case syscall = 3        // SVC; pc = next instruction
    case undefined = 4      // undecodable/unimplemented instruction at pc
    case breakpoint = 5     // BRK at pc
    case interrupt = 6      // interruptRequest was set; pc = start of the block not yet run
    case fault = 7          // a guest memory access faulted; details in the state's fault area
    case invalidateCode = 8 // IC IVAU of the address in exitInfo; pc = next instruction
    case chainPastPoll = 9  // as chain, to a target after the exiting block: the link may skip its poll
}

public enum Terminator: Sendable {
    case jump(UInt64)
    case branch(BranchCondition, taken: UInt64, notTaken: UInt64)
    /// Indirect branch to a computed address (BR).
    case indirect(Value)
    /// BL: x30 is already set; `returnTo` is the instruction after the call.
    case call(UInt64, returnTo: UInt64)
    /// BLR.
    case callIndirect(Value, returnTo: UInt64)
    /// RET (to the address in a register; predicted by the host's return stack).
    case ret(Value)
    case exit(ExitCode, pc: UInt64)
}

public struct IRBlock: Sendable {
    public var guestPC: UInt64
    public var guestEnd: UInt64 = 0
    public var ops: [IROp] = []
    /// For each op, the offset in instructions of the guest instruction it came from
    /// (fault reporting needs the exact guest pc of a memory access).
    public var opInstruction: [UInt16] = []
    public var terminator: Terminator = .exit(.undefined, pc: 0)
    public var valueCount: Int32 = 0
    /// Whether guest NZCV can be read after the block (false when every successor
    /// overwrites the flags before reading them).
    public var flagsLiveOut = true
    /// Per edge of a conditional branch: whether that successor may read the flags.
    public var flagsLiveTaken = true, flagsLiveNotTaken = true
    /// How many `sideExit` ops the block has (forward conditional branches it continues past).
    public var sideExitCount = 0
    /// The op indices of the first `sideExitCount` `sideExit` ops as the lifter put them
    /// (`Lifter.maxSideExits` at most): the engine's flag liveness refines them before any pass
    /// moves ops, without scanning every op.
    public var liftedSideExits: InlineArray<2, Int32> = [0, 0]
    public init(guestPC: UInt64) { self.guestPC = guestPC }

    /// Empties the block for the next translation at `pc`, keeping its arrays' storage.
    mutating func reset(guestPC pc: UInt64) {
        guestPC = pc
        guestEnd = 0
        ops.empty()
        opInstruction.empty()
        terminator = .exit(.undefined, pc: 0)
        valueCount = 0
        flagsLiveOut = true
        flagsLiveTaken = true; flagsLiveNotTaken = true
        sideExitCount = 0
    }
}
