// The A64 encodings compat-run translates (Arm ARM, section C4.1), one row per
// instruction pattern. A pattern is a sequence of tokens, most significant bit first:
// runs of '0'/'1' are fixed bits, a field name (Fields.swift) is that field and must sit
// at the field's defined position, and 'x' is a variable bit that the instruction's
// format reads through a wider field. Every encoding no row matches is unallocated (or
// not implemented) and raises SIGILL. Rows may overlap only as intended specialisations
// listed in `specialisations`; the decoder then picks the more specific one.

enum A64Table {
    struct Row { let id: A64Instruction; let pattern: String }

    static let rows: [Row] = dataProcessingImmediate + branchesSystem + loadsStores + loadStoreSingleRegister
        + dataProcessingRegister + floatingPoint + advancedSIMD

    /// (more specific, more general) pairs whose patterns overlap on purpose.
    static let specialisations: [(A64Instruction, A64Instruction)] = [
    ]

    private static func R(_ id: A64Instruction, _ pattern: String) -> Row { Row(id: id, pattern: pattern) }

    static let dataProcessingImmediate: [Row] = [
        R(.adr, "0 immlo 10000 imm19 Rd"),
        R(.adrp, "1 immlo 10000 imm19 Rd"),
        R(.addImmediate, "sf 00 100010 sh imm12 Rn Rd"),
        R(.addsImmediate, "sf 01 100010 sh imm12 Rn Rd"),
        R(.subImmediate, "sf 10 100010 sh imm12 Rn Rd"),
        R(.subsImmediate, "sf 11 100010 sh imm12 Rn Rd"),
        // 32-bit forms have N = 0.
        R(.andImmediate, "0 00 100100 0 immr imms Rn Rd"), R(.andImmediate, "1 00 100100 N immr imms Rn Rd"),
        R(.orrImmediate, "0 01 100100 0 immr imms Rn Rd"), R(.orrImmediate, "1 01 100100 N immr imms Rn Rd"),
        R(.eorImmediate, "0 10 100100 0 immr imms Rn Rd"), R(.eorImmediate, "1 10 100100 N immr imms Rn Rd"),
        R(.andsImmediate, "0 11 100100 0 immr imms Rn Rd"), R(.andsImmediate, "1 11 100100 N immr imms Rn Rd"),
        // 32-bit forms have hw = 0x.
        R(.movn, "0 00 100101 0x imm16 Rd"), R(.movn, "1 00 100101 hw imm16 Rd"),
        R(.movz, "0 10 100101 0x imm16 Rd"), R(.movz, "1 10 100101 hw imm16 Rd"),
        R(.movk, "0 11 100101 0x imm16 Rd"), R(.movk, "1 11 100101 hw imm16 Rd"),
        // 32-bit forms: N = 0, immr and imms below 32; 64-bit forms: N = 1.
        R(.sbfm, "0 00 100110 0 0xxxxx 0xxxxx Rn Rd"), R(.sbfm, "1 00 100110 1 immr imms Rn Rd"),
        R(.bfm, "0 01 100110 0 0xxxxx 0xxxxx Rn Rd"), R(.bfm, "1 01 100110 1 immr imms Rn Rd"),
        R(.ubfm, "0 10 100110 0 0xxxxx 0xxxxx Rn Rd"), R(.ubfm, "1 10 100110 1 immr imms Rn Rd"),
        R(.extr, "0 00 100111 0 0 Rm 0xxxxx Rn Rd"), R(.extr, "1 00 100111 1 0 Rm imms Rn Rd"),
    ]

    static let branchesSystem: [Row] = [
        R(.b, "0 00101 imm26"),
        R(.bl, "1 00101 imm26"),
        R(.bCond, "0101010 0 imm19 0 bcond"),
        R(.cbz, "sf 011010 0 imm19 Rt"),
        R(.cbnz, "sf 011010 1 imm19 Rt"),
        R(.tbz, "b5 011011 0 b40 imm14 Rt"),
        R(.tbnz, "b5 011011 1 b40 imm14 Rt"),
        R(.br, "1101011 0 0 00 11111 0000 0 0 Rn 00000"),
        R(.blr, "1101011 0 0 01 11111 0000 0 0 Rn 00000"),
        R(.ret, "1101011 0 0 10 11111 0000 0 0 Rn 00000"),
        R(.svc, "11010100 000 imm16 000 01"),
        R(.brk, "11010100 001 imm16 000 00"),
        // NOP, YIELD, WFE, WFI, SEV(L), BTI, PAC*SP...: the whole hint space executes as NOP.
        R(.hint, "1101010100 0 00 011 0010 CRm op2 11111"),
        R(.clrex, "1101010100 0 00 011 0011 CRm 010 11111"),
        R(.dsb, "1101010100 0 00 011 0011 CRm 100 11111"),
        R(.dmb, "1101010100 0 00 011 0011 CRm 101 11111"),
        R(.isb, "1101010100 0 00 011 0011 CRm 110 11111"),
        R(.sb, "1101010100 0 00 011 0011 0000 111 11111"),
        R(.dcZVA, "1101010100 0 01 011 0111 0100 001 Rt"),
        R(.dcClean, "1101010100 0 01 011 0111 1010 001 Rt"),   // DC CVAC
        R(.dcClean, "1101010100 0 01 011 0111 1011 001 Rt"),   // DC CVAU
        R(.dcClean, "1101010100 0 01 011 0111 1100 001 Rt"),   // DC CVAP
        R(.dcClean, "1101010100 0 01 011 0111 1101 001 Rt"),   // DC CVADP
        R(.dcClean, "1101010100 0 01 011 0111 1110 001 Rt"),   // DC CIVAC
        R(.icIVAU, "1101010100 0 01 011 0111 0101 001 Rt"),
        R(.msrRegister, "1101010100 0 1 sysreg Rt"),
        R(.mrs, "1101010100 1 1 sysreg Rt"),
        R(.cfinv, "1101010100 0 00 000 0100 0000 000 11111"),
        R(.xaflag, "1101010100 0 00 000 0100 0000 001 11111"),
        R(.axflag, "1101010100 0 00 000 0100 0000 010 11111"),
    ]

    static let loadsStores: [Row] = [
        R(.ldrLiteral, "0x 011 0 00 imm19 Rt"),
        R(.ldrswLiteral, "10 011 0 00 imm19 Rt"),
        R(.prfmLiteral, "11 011 0 00 imm19 Rt"),
        R(.ldrLiteralSIMD, "0x 011 1 00 imm19 Rt"), R(.ldrLiteralSIMD, "10 011 1 00 imm19 Rt"),

        // Exclusive and ordered: fields the Arm ARM marks (1) are fixed to ones.
        R(.stxr, "size 001000 0 0 0 Rs 0 11111 Rn Rt"),
        R(.stlxr, "size 001000 0 0 0 Rs 1 11111 Rn Rt"),
        R(.ldxr, "size 001000 0 1 0 11111 0 11111 Rn Rt"),
        R(.ldaxr, "size 001000 0 1 0 11111 1 11111 Rn Rt"),
        R(.stlr, "size 001000 1 0 0 11111 1 11111 Rn Rt"),
        R(.ldar, "size 001000 1 1 0 11111 1 11111 Rn Rt"),
        R(.stxp, "1x 001000 0 0 1 Rs 0 Rt2 Rn Rt"),
        R(.stlxp, "1x 001000 0 0 1 Rs 1 Rt2 Rn Rt"),
        R(.ldxp, "1x 001000 0 1 1 11111 0 Rt2 Rn Rt"),
        R(.ldaxp, "1x 001000 0 1 1 11111 1 Rt2 Rn Rt"),
        R(.cas, "size 001000 1 L 1 Rs o0 11111 Rn Rt"),
        // CASP: Rs and Rt name even registers.
        R(.casp, "0x 001000 0 L 1 xxxx0 o0 11111 Rn xxxx0"),

        // Pairs: opc 00 = 32-bit, 10 = 64-bit; LDPSW has no non-temporal form.
        R(.stp, "x0 101 0 0 pmode 0 imm7 Rt2 Rn Rt"),
        R(.ldp, "x0 101 0 0 pmode 1 imm7 Rt2 Rn Rt"),
        R(.ldpsw, "01 101 0 0 01 1 imm7 Rt2 Rn Rt"), R(.ldpsw, "01 101 0 0 1x 1 imm7 Rt2 Rn Rt"),
        R(.stpSIMD, "0x 101 1 0 pmode 0 imm7 Rt2 Rn Rt"), R(.stpSIMD, "10 101 1 0 pmode 0 imm7 Rt2 Rn Rt"),
        R(.ldpSIMD, "0x 101 1 0 pmode 1 imm7 Rt2 Rn Rt"), R(.ldpSIMD, "10 101 1 0 pmode 1 imm7 Rt2 Rn Rt"),

        // FEAT_LSE atomic memory operations (o3:opc), FEAT_LRCPC LDAPR.
        R(.ldadd, "size 111 0 00 A R 1 Rs 0 000 00 Rn Rt"),
        R(.ldclr, "size 111 0 00 A R 1 Rs 0 001 00 Rn Rt"),
        R(.ldeor, "size 111 0 00 A R 1 Rs 0 010 00 Rn Rt"),
        R(.ldset, "size 111 0 00 A R 1 Rs 0 011 00 Rn Rt"),
        R(.ldsmax, "size 111 0 00 A R 1 Rs 0 100 00 Rn Rt"),
        R(.ldsmin, "size 111 0 00 A R 1 Rs 0 101 00 Rn Rt"),
        R(.ldumax, "size 111 0 00 A R 1 Rs 0 110 00 Rn Rt"),
        R(.ldumin, "size 111 0 00 A R 1 Rs 0 111 00 Rn Rt"),
        R(.swp, "size 111 0 00 A R 1 Rs 1 000 00 Rn Rt"),
        R(.ldapr, "size 111 0 00 1 0 1 11111 1 100 00 Rn Rt"),
        // FEAT_LRCPC2: LDAPURS{B,H} to 64 (opc 10) or 32 bits (opc 11), LDAPURSW.
        R(.stlur, "size 011001 00 0 imm9 00 Rn Rt"),
        R(.ldapur, "size 011001 01 0 imm9 00 Rn Rt"),
        R(.ldapurs, "0x 011001 1x 0 imm9 00 Rn Rt"), R(.ldapurs, "10 011001 10 0 imm9 00 Rn Rt"),

        // Advanced SIMD structures. Multiple: opcode 0010/0110/0111/1010 are LD1/ST1 of
        // 4/3/1/2 registers, 0000/0100/1000 the interleaving LD4/LD3/LD2 (and stores).
        R(.ld1st1Multiple, "0 Q 0011000 L 000000 0x10 lsize Rn Rt"),
        R(.ld1st1Multiple, "0 Q 0011000 L 000000 0111 lsize Rn Rt"),
        R(.ld1st1Multiple, "0 Q 0011000 L 000000 1010 lsize Rn Rt"),
        R(.ldNstNMultiple, "0 Q 0011000 L 000000 0x00 lsize Rn Rt"),
        R(.ldNstNMultiple, "0 Q 0011000 L 000000 1000 lsize Rn Rt"),
        R(.ld1st1MultiplePost, "0 Q 0011001 L 0 Rm 0x10 lsize Rn Rt"),
        R(.ld1st1MultiplePost, "0 Q 0011001 L 0 Rm 0111 lsize Rn Rt"),
        R(.ld1st1MultiplePost, "0 Q 0011001 L 0 Rm 1010 lsize Rn Rt"),
        R(.ldNstNMultiplePost, "0 Q 0011001 L 0 Rm 0x00 lsize Rn Rt"),
        R(.ldNstNMultiplePost, "0 Q 0011001 L 0 Rm 1000 lsize Rn Rt"),
        R(.simdLoadStoreSingle, "0 Q 0011010 L Rx 00000 lsop S lsize Rn Rt"),
        R(.simdLoadStoreSinglePost, "0 Q 0011011 L Rx Rm lsop S lsize Rn Rt"),
    ]

    /// The single-register classes, crossed with the size:V:opc combinations they allocate
    /// (`LoadStoreAccess.table`): unscaled, post-index, unprivileged, pre-index, register
    /// offset (option<1> = 1) and unsigned offset.
    static let loadStoreSingleRegister: [Row] = {
        let classes: [(A64Instruction, String, allowsSIMD: Bool, allowsPrefetch: Bool)] = [
            (.loadStoreUnscaled, "0 imm9 00 Rn Rt", true, true),
            (.loadStorePostIndex, "0 imm9 01 Rn Rt", true, false),
            (.loadStoreUnprivileged, "0 imm9 10 Rn Rt", false, false),
            (.loadStorePreIndex, "0 imm9 11 Rn Rt", true, false),
            (.loadStoreRegisterOffset, "1 Rm x1x S 10 Rn Rt", true, true),
        ]
        var rows: [Row] = []
        for access in LoadStoreAccess.table {
            let head = "\(access.size) 111 \(access.simd ? 1 : 0)"
            for c in classes where (c.allowsSIMD || !access.simd) && (c.allowsPrefetch || access.kind != .prefetch) {
                rows.append(R(c.0, "\(head) 00 \(access.opc) \(c.1)"))
            }
            rows.append(R(.loadStoreUnsignedOffset, "\(head) 01 \(access.opc) imm12 Rn Rt"))
        }
        return rows
    }()

    static let dataProcessingRegister: [Row] = {
        var rows: [Row] = []
        // Shifted-register logical and add/sub: 32-bit forms shift by less than 32; add/sub
        // has no ROR (shift = 11).
        let logical: [(A64Instruction, String)] = [
            (.andShifted, "00 01010 shift 0"), (.bicShifted, "00 01010 shift 1"), (.orrShifted, "01 01010 shift 0"),
            (.ornShifted, "01 01010 shift 1"), (.eorShifted, "10 01010 shift 0"), (.eonShifted, "10 01010 shift 1"),
            (.andsShifted, "11 01010 shift 0"), (.bicsShifted, "11 01010 shift 1"),
        ]
        for (id, head) in logical {
            rows.append(R(id, "0 \(head) Rm 0xxxxx Rn Rd"))
            rows.append(R(id, "1 \(head) Rm imm6 Rn Rd"))
        }
        let addSub: [(A64Instruction, String)] = [
            (.addShifted, "00 01011"), (.addsShifted, "01 01011"), (.subShifted, "10 01011"), (.subsShifted, "11 01011"),
        ]
        for (id, head) in addSub {
            for shift in ["00", "01", "10"] {
                rows.append(R(id, "0 \(head) \(shift) 0 Rm 0xxxxx Rn Rd"))
                rows.append(R(id, "1 \(head) \(shift) 0 Rm imm6 Rn Rd"))
            }
        }
        // Extended register: shift amounts 0...4.
        let extended: [(A64Instruction, String)] = [
            (.addExtended, "sf 00 01011 00 1"), (.addsExtended, "sf 01 01011 00 1"),
            (.subExtended, "sf 10 01011 00 1"), (.subsExtended, "sf 11 01011 00 1"),
        ]
        for (id, head) in extended {
            rows.append(R(id, "\(head) Rm option 0xx Rn Rd"))
            rows.append(R(id, "\(head) Rm option 100 Rn Rd"))
        }
        rows += [
            R(.adc, "sf 00 11010000 Rm 000000 Rn Rd"), R(.adcs, "sf 01 11010000 Rm 000000 Rn Rd"),
            R(.sbc, "sf 10 11010000 Rm 000000 Rn Rd"), R(.sbcs, "sf 11 11010000 Rm 000000 Rn Rd"),
            R(.rmif, "1 0 1 11010000 imm6r 00001 Rn 0 mask"),
            R(.setf8, "0 0 1 11010000 000000 0 0010 Rn 0 1101"),
            R(.setf16, "0 0 1 11010000 000000 1 0010 Rn 0 1101"),
            R(.ccmnRegister, "sf 0 1 11010010 Rm cond 0 0 Rn 0 nzcv"),
            R(.ccmnImmediate, "sf 0 1 11010010 imm5 cond 1 0 Rn 0 nzcv"),
            R(.ccmpRegister, "sf 1 1 11010010 Rm cond 0 0 Rn 0 nzcv"),
            R(.ccmpImmediate, "sf 1 1 11010010 imm5 cond 1 0 Rn 0 nzcv"),
            R(.csel, "sf 0 0 11010100 Rm cond 00 Rn Rd"), R(.csinc, "sf 0 0 11010100 Rm cond 01 Rn Rd"),
            R(.csinv, "sf 1 0 11010100 Rm cond 00 Rn Rd"), R(.csneg, "sf 1 0 11010100 Rm cond 01 Rn Rd"),
            R(.madd, "sf 00 11011 000 Rm 0 Ra Rn Rd"), R(.msub, "sf 00 11011 000 Rm 1 Ra Rn Rd"),
            R(.smaddl, "1 00 11011 001 Rm 0 Ra Rn Rd"), R(.smsubl, "1 00 11011 001 Rm 1 Ra Rn Rd"),
            R(.umaddl, "1 00 11011 101 Rm 0 Ra Rn Rd"), R(.umsubl, "1 00 11011 101 Rm 1 Ra Rn Rd"),
            R(.smulh, "1 00 11011 010 Rm 0 11111 Rn Rd"), R(.umulh, "1 00 11011 110 Rm 0 11111 Rn Rd"),
            R(.udiv, "sf 0 0 11010110 Rm 000010 Rn Rd"), R(.sdiv, "sf 0 0 11010110 Rm 000011 Rn Rd"),
            R(.lslv, "sf 0 0 11010110 Rm 001000 Rn Rd"), R(.lsrv, "sf 0 0 11010110 Rm 001001 Rn Rd"),
            R(.asrv, "sf 0 0 11010110 Rm 001010 Rn Rd"), R(.rorv, "sf 0 0 11010110 Rm 001011 Rn Rd"),
            // CRC32B/H/W (sf 0) and CRC32X (sf 1), C: bit 12.
            R(.crc32, "0 0 0 11010110 Rm 010 C 0x Rn Rd"), R(.crc32, "0 0 0 11010110 Rm 010 C 10 Rn Rd"),
            R(.crc32, "1 0 0 11010110 Rm 010 C 11 Rn Rd"),
            R(.rbit, "sf 1 0 11010110 00000 000000 Rn Rd"),
            R(.rev16, "sf 1 0 11010110 00000 000001 Rn Rd"),
            R(.rev, "0 1 0 11010110 00000 000010 Rn Rd"), R(.rev32, "1 1 0 11010110 00000 000010 Rn Rd"),
            R(.rev, "1 1 0 11010110 00000 000011 Rn Rd"),
            R(.clz, "sf 1 0 11010110 00000 000100 Rn Rd"),
            R(.cls, "sf 1 0 11010110 00000 000101 Rn Rd"),
        ]
        return rows
    }()

    /// Scalar FP encoding classes (ftype 11 is half precision; only FCVT handles it).
    static let floatingPoint: [Row] = [
        R(.fpIntegerConversion, "sf 0 0 11110 ftype 1 rmode fpop 000000 Rn Rd"),
        R(.fpDataProcessing1, "0 0 0 11110 ftype 1 fp1op 10000 Rn Rd"),
        R(.fpCompare, "0 0 0 11110 ftype 1 Rm 00 1000 Rn cmpop 000"),
        R(.fmovImmediate, "0 0 0 11110 ftype 1 fimm8 100 00000 Rd"),
        R(.fccmp, "0 0 0 11110 ftype 1 Rm cond 01 Rn fccop fnzcv"),
        R(.fpDataProcessing2, "0 0 0 11110 ftype 1 Rm fp2op 10 Rn Rd"),
        R(.fcsel, "0 0 0 11110 ftype 1 Rm cond 11 Rn Rd"),
        R(.fpDataProcessing3, "0 0 0 11111 ftype o1 Rm o0 Ra Rn Rd"),
        R(.fpFixedConversion, "sf 0 0 11110 ftype 0 rmode fpop scale Rn Rd"),
    ]

    /// Advanced SIMD and crypto encoding classes; each family's opcode table (the lifter's
    /// inline forms and Semantics/) allocates the members.
    static let advancedSIMD: [Row] = [
        R(.simdModifiedImmediate, "0 Q op 0111100000 abc cmode 0 1 defgh Rd"),  // o2 = 1 is FEAT_FP16
        // immh = 0000 is the modified-immediate class.
        R(.simdShiftImmediate, "0 Q U 011110 1xxx immb op5 1 Rn Rd"), R(.simdShiftImmediate, "0 Q U 011110 01xx immb op5 1 Rn Rd"),
        R(.simdShiftImmediate, "0 Q U 011110 001x immb op5 1 Rn Rd"), R(.simdShiftImmediate, "0 Q U 011110 0001 immb op5 1 Rn Rd"),
        R(.simdCopy, "0 Q op 01110000 imm5 0 imm4 1 Rn Rd"),
        R(.simdAcrossLanes, "0 Q U 01110 esize 11000 op5m 10 Rn Rd"),
        R(.simdTwoRegMisc, "0 Q U 01110 esize 10000 op5m 10 Rn Rd"),
        R(.simdThreeSame, "0 Q U 01110 esize 1 Rm op5 1 Rn Rd"),
        R(.simdThreeDifferent, "0 Q U 01110 esize 1 Rm op4 00 Rn Rd"),
        R(.simdPermute, "0 Q 001110 esize 0 Rm 0 op3 10 Rn Rd"),
        R(.simdExtract, "0 Q 101110 00 0 Rm 0 imm4 0 Rn Rd"),
        R(.simdTableLookup, "0 Q 001110 00 0 Rm 0 len tbx 00 Rn Rd"),
        R(.simdScalarPairwise, "01 U 11110 esize 11000 op5m 10 Rn Rd"),
        R(.simdScalarCopy, "01 op 11110000 imm5 0 imm4 1 Rn Rd"),
        R(.simdScalarShiftImmediate, "01 U 111110 1xxx immb op5 1 Rn Rd"), R(.simdScalarShiftImmediate, "01 U 111110 01xx immb op5 1 Rn Rd"),
        R(.simdScalarShiftImmediate, "01 U 111110 001x immb op5 1 Rn Rd"), R(.simdScalarShiftImmediate, "01 U 111110 0001 immb op5 1 Rn Rd"),
        R(.simdScalarTwoRegMisc, "01 U 11110 esize 10000 op5m 10 Rn Rd"),
        R(.simdScalarThreeSame, "01 U 11110 esize 1 Rm op5 1 Rn Rd"),
        R(.simdScalarThreeDifferent, "01 U 11110 esize 1 Rm op4 00 Rn Rd"),
        // By element: bit 10 = 0 keeps these clear of shift-immediate and modified-immediate.
        R(.simdIndexedElement, "0 Q U 01111 esize Lx M Rm4 op4 H 0 Rn Rd"),
        R(.simdScalarIndexedElement, "01 U 11111 esize Lx M Rm4 op4 H 0 Rn Rd"),
        R(.aes, "01001110 00 10100 op5m 10 Rn Rd"),
        R(.sha3Register, "01011110 00 0 Rm 0 cop3 00 Rn Rd"),
        R(.sha2Register, "01011110 00 10100 op5m 10 Rn Rd"),
    ]
}
