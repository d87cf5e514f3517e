// The A64 encodings compat-run translates, as bit patterns (Arm ARM, section C4.1).
// Letters name fields for the reader; only '0' and '1' are matched. Order matters
// where patterns overlap: the first match wins.

enum A64Table {
    typealias P = InstructionPattern
    static let patterns: [InstructionPattern] = [
        // Data processing -- immediate
        P("ADR/ADRP",         "xii10000iiiiiiiiiiiiiiiiiiiddddd") { $0.adr($1) },
        P("ADD/SUB (imm)",    "zoS100010hiiiiiiiiiiiinnnnnddddd") { $0.addSubImmediate($1) },
        P("logical (imm)",    "zoo100100Nrrrrrrssssssnnnnnddddd") { $0.logicalImmediate($1) },
        P("MOVN/MOVZ/MOVK",   "zoo100101hhiiiiiiiiiiiiiiiiddddd") { $0.moveWide($1) },
        P("bitfield",         "zoo100110Nrrrrrrssssssnnnnnddddd") { $0.bitfield($1) },
        P("EXTR",             "z00100111N0mmmmmssssssnnnnnddddd") { $0.extract($1) },

        // Branches, exception generation, system
        P("B/BL",             "x00101iiiiiiiiiiiiiiiiiiiiiiiiii") { $0.unconditionalBranch($1) },
        P("B.cond",           "01010100iiiiiiiiiiiiiiiiiii0cccc") { $0.conditionalBranch($1) },
        P("CBZ/CBNZ",         "z011010oiiiiiiiiiiiiiiiiiiittttt") { $0.compareAndBranch($1) },
        P("TBZ/TBNZ",         "b011011obbbbbiiiiiiiiiiiiiittttt") { $0.testAndBranch($1) },
        P("BR",               "1101011000011111000000nnnnn00000") { $0.branchRegister($1) },
        P("BLR",              "1101011000111111000000nnnnn00000") { $0.branchRegister($1) },
        P("RET",              "1101011001011111000000nnnnn00000") { $0.branchRegister($1) },
        P("SVC",              "11010100000iiiiiiiiiiiiiiii00001") { $0.supervisorCall($1) },
        P("BRK",              "11010100001iiiiiiiiiiiiiiii00000") { $0.breakpoint($1) },
        P("HINT",             "11010101000000110010mmmmooo11111") { $0.hint($1) },
        P("barriers",         "11010101000000110011mmmmooo11111") { $0.barrier($1) },
        P("SYS",              "1101010100001ooonnnnmmmmooottttt") { $0.systemInstruction($1) },
        P("MSR/MRS (reg)",    "1101010100L1ooooooooooooooottttt") { $0.systemRegisterMove($1) },
        P("CFINV/XAFLAG/AXFLAG","110101010000000001000000ooo11111") { $0.flagManipulation($1) },

        // Loads and stores
        P("LDR (literal)",    "oo011V00iiiiiiiiiiiiiiiiiiittttt") { $0.loadLiteral($1) },
        P("exclusive/ordered","ss001000oLoSSSSSoTTTTTnnnnnttttt") { $0.loadStoreExclusive($1) },
        P("LDP/STP",          "oo101V0mmLiiiiiiiTTTTTnnnnnttttt") { $0.loadStorePair($1) },
        P("LD/ST (imm9)",     "ss111V00oo0iiiiiiiiimmnnnnnttttt") { $0.loadStoreImm9($1) },
        P("LD/ST (reg)",      "ss111V00oo1mmmmmoooS10nnnnnttttt") { $0.loadStoreRegisterOffset($1) },
        P("LD/ST (uimm)",     "ss111V01ooiiiiiiiiiiiinnnnnttttt") { $0.loadStoreUnsignedOffset($1) },
        P("atomic memory ops","ss111000AR1sssssoooo00nnnnnttttt") { $0.atomicMemory($1) },
        P("LDAPUR/STLUR",     "ss011001oo0iiiiiiiii00nnnnnttttt") { $0.loadAcquireStoreReleaseUnscaled($1) },
        P("LD1/ST1 multiple", "0Q0011000L000000oooossnnnnnttttt") { $0.simdLoadStoreMultiple($1) },
        P("LD1/ST1 mult post","0Q0011001L0mmmmmoooossnnnnnttttt") { $0.simdLoadStoreMultiple($1) },
        P("LD1/ST1 single",   "0Q0011010LR00000oooSssnnnnnttttt") { $0.outOfLine(.simdLoadStoreSingle, $1) },
        P("LD1/ST1 sgl post", "0Q0011011LRmmmmmoooSssnnnnnttttt") { $0.outOfLine(.simdLoadStoreSingle, $1) },

        // Data processing -- register
        P("logical (shifted)","zoo01010hhNmmmmmiiiiiinnnnnddddd") { $0.logicalShifted($1) },
        P("ADD/SUB (shifted)","zoS01011hh0mmmmmiiiiiinnnnnddddd") { $0.addSubShifted($1) },
        P("ADD/SUB (extended)","zoS01011001mmmmmoooiiinnnnnddddd") { $0.addSubExtended($1) },
        P("ADC/SBC",          "zoS11010000mmmmm000000nnnnnddddd") { $0.addSubCarry($1) },
        P("RMIF",             "10111010000iiiiii00001nnnnn0mmmm") { $0.rotateRightIntoFlags($1) },
        P("SETF8/SETF16",     "00111010000000000s0010nnnnn01101") { $0.evaluateIntoFlags($1) },
        P("CCMN/CCMP",        "zo111010010mmmmmcccci0nnnnn0ffff") { $0.conditionalCompare($1) },
        P("CSEL family",      "zo011010100mmmmmcccc0onnnnnddddd") { $0.conditionalSelect($1) },
        P("DP 3-source",      "z0011011ooommmmmoaaaaannnnnddddd") { $0.dataProcessing3($1) },
        P("DP 2-source",      "z0011010110mmmmmoooooonnnnnddddd") { $0.dataProcessing2($1) },
        P("DP 1-source",      "z101101011000000oooooonnnnnddddd") { $0.dataProcessing1($1) },

        // Scalar floating point
        P("FP<->int",         "z0011110tt1rrooo000000nnnnnddddd") { $0.fpIntegerConversion($1) },
        P("FP 1-source",      "00011110tt1oooooo10000nnnnnddddd") { $0.fpDataProcessing1($1) },
        P("FP compare",       "00011110tt1mmmmm001000nnnnnoo000") { $0.fpCompare($1) },
        P("FMOV (scalar imm)","00011110tt1iiiiiiii10000000ddddd") { $0.fpImmediate($1) },
        P("FCCMP",            "00011110tt1mmmmmcccc01nnnnnoffff") { $0.outOfLine(.fpCondCompare, $1) },
        P("FP 2-source",      "00011110tt1mmmmmoooo10nnnnnddddd") { $0.fpDataProcessing2($1) },
        P("FCSEL",            "00011110tt1mmmmmcccc11nnnnnddddd") { $0.fpConditionalSelect($1) },
        P("FP 3-source",      "00011111ttommmmmoaaaaannnnnddddd") { $0.fpDataProcessing3($1) },
        P("FP<->fixed",       "z0011110tt0rroooSSSSSSnnnnnddddd") { $0.outOfLine(.fpFixedConvert, $1) },

        // Advanced SIMD
        P("SIMD modified imm","0Qo0111100000abcmmmmo1defghddddd") { $0.simdModifiedImmediate($1) },
        P("SIMD shift imm",   "0QU011110hhhhbbbooooo1nnnnnddddd") { $0.simdShiftImmediate($1) },
        P("SIMD copy",        "0Qo01110000iiiii0jjjj1nnnnnddddd") { $0.simdCopy($1) },
        P("SIMD across lanes","0QU01110ss11000ooooo10nnnnnddddd") { $0.outOfLine(.simdAcrossLanes, $1) },
        P("SIMD 2-reg misc",  "0QU01110ss10000ooooo10nnnnnddddd") { $0.simdTwoRegMisc($1) },
        P("SIMD 3-same",      "0QU01110ss1mmmmmooooo1nnnnnddddd") { $0.simdThreeSame($1) },
        P("SIMD 3-different", "0QU01110ss1mmmmmoooo00nnnnnddddd") { $0.outOfLine(.simdThreeDifferent, $1) },
        P("SIMD permute",     "0Q001110ss0mmmmm0ooo10nnnnnddddd") { $0.outOfLine(.simdPermute, $1) },
        P("SIMD extract",     "0Q101110oo0mmmmm0iiii0nnnnnddddd") { $0.simdExtract($1) },
        P("SIMD table lookup","0Q001110oo0mmmmm0LLo00nnnnnddddd") { $0.outOfLine(.simdTableLookup, $1) },
        P("SIMD scalar pairwise","01U11110ss11000ooooo10nnnnnddddd") { $0.outOfLine(.simdScalarPairwise, $1) },
        P("SIMD scalar copy", "01o11110000iiiii0jjjj1nnnnnddddd") { $0.outOfLine(.simdScalarCopy, $1) },
        P("SIMD scalar shift","01U111110hhhhbbbooooo1nnnnnddddd") { $0.outOfLine(.simdScalarShiftImmediate, $1) },
        P("SIMD scalar 2-reg","01U11110ss10000ooooo10nnnnnddddd") { $0.outOfLine(.simdScalarTwoRegMisc, $1) },
        P("SIMD scalar 3-same","01U11110ss1mmmmmooooo1nnnnnddddd") { $0.outOfLine(.simdScalarThreeSame, $1) },
        P("SIMD scalar 3-diff","01U11110ss1mmmmmoooo00nnnnnddddd") { $0.outOfLine(.simdScalarThreeDifferent, $1) },
        // By element: bit 10 = 0 keeps these clear of shift-immediate and modified-immediate (bit 10 = 1).
        P("SIMD indexed",     "0QU01111ssLMmmmmooooH0nnnnnddddd") { $0.outOfLine(.simdIndexedElement, $1) },
        P("SIMD scalar indexed","01U11111ssLMmmmmooooH0nnnnnddddd") { $0.outOfLine(.simdScalarIndexedElement, $1) },

        // Cryptographic extension
        P("AES",              "010011100010100ooooo10nnnnnddddd") { $0.outOfLine(.cryptoAES, $1) },
        P("SHA 3-reg",        "01011110000mmmmm0ooo00nnnnnddddd") { $0.outOfLine(.cryptoSHA3, $1) },
        P("SHA 2-reg",        "010111100010100ooooo10nnnnnddddd") { $0.outOfLine(.cryptoSHA2, $1) },
    ]
}
