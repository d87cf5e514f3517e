// Out-of-line semantics for the long tail of FP/SIMD instructions. At translation the
// lifter asks `operation` for the family's decoded operation (nil: SIGILL); generated code
// calls `execute` with it. This file only routes each family to the file implementing
// its Arm ARM section.

enum OutOfLineSemantics {
    /// Marks an operation not yet decoded at translation (its `imm` is the word).
    static let legacyOp: UInt8 = 0xFF

    /// The operation this instruction of `family` performs, or nil if unimplemented.
    static func operation(_ family: OutOfLine, _ w: InstructionWord) -> SemanticOperation? {
        switch family {
        case .simdLoadStoreMultiple: return SIMDLoadStore.multiple(w)
        case .simdLoadStoreSingle: return SIMDLoadStore.single(w)
        case .simdPermute: return SIMDPermute.permute(w)
        case .simdExtract: return SIMDPermute.extract(w)
        case .simdTableLookup: return SIMDPermute.tableLookup(w)
        case .simdCopy: return SIMDPermute.copy(w)
        case .simdScalarCopy: return SIMDPermute.scalarCopy(w)
        case .simdModifiedImmediate: return SIMDPermute.modifiedImmediate(w)
        default: break
        }
        guard supports(family, w.raw) else { return nil }
        var o = SemanticOperation(family, op: legacyOp)
        o.imm = UInt64(w.raw)
        return o
    }

    static func execute(_ o: SemanticOperation, _ cpu: CPUState) {
        switch o.family {
        case .simdLoadStoreMultiple, .simdLoadStoreSingle: return SIMDLoadStore.execute(o, cpu)
        case .simdPermute: return SIMDPermute.executePermute(o, cpu)
        case .simdExtract: return SIMDPermute.executeExtract(o, cpu)
        case .simdTableLookup: return SIMDPermute.executeTableLookup(o, cpu)
        case .simdCopy: return SIMDPermute.executeCopy(o, cpu)
        case .simdScalarCopy: return SIMDPermute.executeScalarCopy(o, cpu)
        case .simdModifiedImmediate: return SIMDPermute.executeModifiedImmediate(o, cpu)
        default: break
        }
        execute(o.family, UInt32(truncatingIfNeeded: o.imm), cpu)
    }

    /// Whether `execute` implements this instruction (else the lifter raises SIGILL).
    static func supports(_ family: OutOfLine, _ word: UInt32) -> Bool {
        let w = word
        switch family {
        case .simdThreeSame: return isFloatThreeSame(w) ? SIMDFloatSemantics.supportsThreeSame(w) : SIMDThreeSame.supportsVector(w)
        case .simdScalarThreeSame:
            return isFloatThreeSame(w) ? SIMDFloatSemantics.supportsScalarThreeSame(w) : SIMDThreeSame.supportsScalar(w)
        case .simdTwoRegMisc: return SIMDTwoRegMisc.supportsVector(w) || SIMDFloatSemantics.supportsTwoRegMisc(w)
        case .simdScalarTwoRegMisc: return SIMDTwoRegMisc.supportsScalar(w) || SIMDFloatSemantics.supportsScalarTwoRegMisc(w)
        case .simdAcrossLanes: return SIMDAcrossLanes.supports(w)
        case .simdShiftImmediate: return SIMDShiftImmediate.supportsVector(w)
        case .simdScalarShiftImmediate: return SIMDShiftImmediate.supportsScalar(w)
        case .simdThreeDifferent: return SIMDThreeDifferent.supports(w)
        case .simdScalarThreeDifferent: return SIMDThreeDifferent.supportsScalar(w)
        case .simdLoadStoreMultiple, .simdLoadStoreSingle, .simdCopy, .simdScalarCopy, .simdModifiedImmediate,
             .simdPermute, .simdExtract, .simdTableLookup: return false
        case .simdScalarPairwise: return SIMDFloatSemantics.supportsScalarPairwise(w)
        case .fpIntConvert: return ScalarFPSemantics.supportsIntConvert(w)
        case .fpFixedConvert: return ScalarFPSemantics.supportsFixedConvert(w)
        case .fpCondCompare: return ScalarFPSemantics.supportsCondCompare(w)
        case .fpRound: return ScalarFPSemantics.supportsRound(w)
        case .fpMinMax: return ScalarFPSemantics.supportsMinMax(w)
        case .simdIndexedElement: return SIMDIndexedElement.supports(w, scalar: false)
        case .simdScalarIndexedElement: return SIMDIndexedElement.supports(w, scalar: true)
        case .fpDataProcessing1: return ScalarFPSemantics.supportsDataProcessing1(w)
        case .fpDataProcessing2: return ScalarFPSemantics.supportsDataProcessing2(w)
        case .fpDataProcessing3: return ScalarFPSemantics.supportsDataProcessing3(w)
        case .fpCompare: return ScalarFPSemantics.supportsCompare(w)
        case .cryptoAES: return CryptoSemantics.supportsAES(w)
        case .cryptoSHA3: return CryptoSemantics.supportsSHA3(w)
        case .cryptoSHA2: return CryptoSemantics.supportsSHA2(w)
        }
    }

    static func execute(_ family: OutOfLine, _ word: UInt32, _ cpu: CPUState) {
        let w = word
        switch family {
        case .simdThreeSame:
            if isFloatThreeSame(w) { SIMDFloatSemantics.executeThreeSame(w, cpu) } else { SIMDThreeSame.executeVector(w, cpu) }
        case .simdScalarThreeSame:
            if isFloatThreeSame(w) { SIMDFloatSemantics.executeThreeSame(w, cpu, scalar: true) } else {
                SIMDThreeSame.executeScalar(w, cpu)
            }
        case .simdTwoRegMisc:
            if SIMDTwoRegMisc.supportsVector(w) { SIMDTwoRegMisc.executeVector(w, cpu) } else {
                SIMDFloatSemantics.executeTwoRegMisc(w, cpu)
            }
        case .simdScalarTwoRegMisc:
            if SIMDTwoRegMisc.supportsScalar(w) { SIMDTwoRegMisc.executeScalar(w, cpu) } else {
                SIMDFloatSemantics.executeScalarTwoRegMisc(w, cpu)
            }
        case .simdAcrossLanes: SIMDAcrossLanes.execute(w, cpu)
        case .simdShiftImmediate: SIMDShiftImmediate.execute(w, cpu, scalar: false)
        case .simdScalarShiftImmediate: SIMDShiftImmediate.execute(w, cpu, scalar: true)
        case .simdThreeDifferent: SIMDThreeDifferent.execute(w, cpu)
        case .simdScalarThreeDifferent: SIMDThreeDifferent.execute(w, cpu, scalar: true)
        case .simdLoadStoreMultiple, .simdLoadStoreSingle, .simdCopy, .simdScalarCopy, .simdModifiedImmediate,
             .simdPermute, .simdExtract, .simdTableLookup: break
        case .simdScalarPairwise: SIMDFloatSemantics.executeScalarPairwise(w, cpu)
        case .fpIntConvert: ScalarFPSemantics.executeIntConvert(w, cpu)
        case .fpFixedConvert: ScalarFPSemantics.executeFixedConvert(w, cpu)
        case .fpCondCompare: ScalarFPSemantics.executeCondCompare(w, cpu)
        case .fpRound: ScalarFPSemantics.executeRound(w, cpu)
        case .fpMinMax: ScalarFPSemantics.executeMinMax(w, cpu)
        case .simdIndexedElement: SIMDIndexedElement.execute(w, cpu, scalar: false)
        case .simdScalarIndexedElement: SIMDIndexedElement.execute(w, cpu, scalar: true)
        case .fpDataProcessing1: ScalarFPSemantics.executeDataProcessing1(w, cpu)
        case .fpDataProcessing2: ScalarFPSemantics.executeDataProcessing2(w, cpu)
        case .fpDataProcessing3: ScalarFPSemantics.executeDataProcessing3(w, cpu)
        case .fpCompare: ScalarFPSemantics.executeCompare(w, cpu)
        case .cryptoAES: CryptoSemantics.executeAES(w, cpu)
        case .cryptoSHA3: CryptoSemantics.executeSHA3(w, cpu)
        case .cryptoSHA2: CryptoSemantics.executeSHA2(w, cpu)
        }
    }

    /// Three-same opcodes 11xxx are the floating-point half of the group.
    private static func isFloatThreeSame(_ w: UInt32) -> Bool { w.bits(15, 14) == 0b11 }
}
