// The instructions compat-run translates, one case per instruction (or per small,
// architecturally uniform group such as a SIMD encoding class whose members share one
// operand layout and are told apart by an opcode table). A64Table gives each its
// patterns; the lifter's dispatch switches over every case (no `default:`), so a new
// case cannot be forgotten; a test checks every case has a pattern.

public enum A64Instruction: UInt16, CaseIterable, Sendable {
    // Data processing -- immediate
    case adr, adrp
    case addImmediate, addsImmediate, subImmediate, subsImmediate
    case andImmediate, orrImmediate, eorImmediate, andsImmediate
    case movn, movz, movk
    case sbfm, bfm, ubfm, extr

    // Branches, exception generation, system
    case b, bl, bCond, cbz, cbnz, tbz, tbnz, br, blr, ret
    case svc, brk
    case hint, clrex, dsb, dmb, isb, sb
    case dcZVA, dcClean, icIVAU
    case mrs, msrRegister, cfinv, xaflag, axflag

    // Loads and stores
    case ldrLiteral, ldrswLiteral, prfmLiteral, ldrLiteralSIMD
    case stxr, stlxr, ldxr, ldaxr, stlr, ldar, stxp, stlxp, ldxp, ldaxp, cas, casp
    case stp, ldp, ldpsw, stpSIMD, ldpSIMD
    /// Single-register loads and stores of every addressing form (unscaled, post-index,
    /// unprivileged, pre-index, register offset, unsigned offset); `LoadStoreAccess` tells
    /// the register kind and size apart.
    case loadStoreUnscaled, loadStorePostIndex, loadStoreUnprivileged, loadStorePreIndex
    case loadStoreRegisterOffset, loadStoreUnsignedOffset
    case ldadd, ldclr, ldeor, ldset, ldsmax, ldsmin, ldumax, ldumin, swp, ldapr
    case stlur, ldapur, ldapurs
    case ld1st1Multiple, ldNstNMultiple, ld1st1MultiplePost, ldNstNMultiplePost
    case simdLoadStoreSingle, simdLoadStoreSinglePost

    // Data processing -- register
    case andShifted, bicShifted, orrShifted, ornShifted, eorShifted, eonShifted, andsShifted, bicsShifted
    case addShifted, addsShifted, subShifted, subsShifted
    case addExtended, addsExtended, subExtended, subsExtended
    case adc, adcs, sbc, sbcs
    case rmif, setf8, setf16
    case ccmnRegister, ccmnImmediate, ccmpRegister, ccmpImmediate
    case csel, csinc, csinv, csneg
    case madd, msub, smaddl, smsubl, umaddl, umsubl, smulh, umulh
    case udiv, sdiv, lslv, lsrv, asrv, rorv, crc32
    case rbit, rev16, rev32, rev, clz, cls

    // Scalar floating point
    case fpIntegerConversion, fpDataProcessing1, fpCompare, fmovImmediate, fccmp
    case fpDataProcessing2, fcsel, fpDataProcessing3, fpFixedConversion

    // Advanced SIMD
    case simdModifiedImmediate, simdShiftImmediate, simdCopy, simdAcrossLanes, simdTwoRegMisc
    case simdThreeSame, simdThreeDifferent, simdPermute, simdExtract, simdTableLookup
    case simdScalarPairwise, simdScalarCopy, simdScalarShiftImmediate, simdScalarTwoRegMisc
    case simdScalarThreeSame, simdScalarThreeDifferent, simdIndexedElement, simdScalarIndexedElement

    // Cryptographic extension
    case aes, sha3Register, sha2Register
}

extension A64Instruction {
    /// Branches and exception generation: the instructions that leave straight-line code.
    var isBranchOrException: Bool {
        self == .b || self == .bl || self == .bCond || self == .cbz || self == .cbnz || self == .tbz || self == .tbnz
            || self == .br || self == .blr || self == .ret || self == .svc || self == .brk
    }
}
