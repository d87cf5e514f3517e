// Out-of-line semantics for the long tail of FP/SIMD instructions. At translation the
// lifter asks `operation` for the family's operation, decoded from the instruction's
// named fields (nil: the family has no such instruction, a guest SIGILL); generated code
// calls `execute` with it. This file only routes each family to the file implementing
// its Arm ARM section.

enum OutOfLineSemantics {
    /// The operation this instruction of `family` performs, or nil if unimplemented.
    /// (Some families hand part of their space to another family's routine, e.g. the FP
    /// half of three same: the returned operation's family says which runs.)
    static func operation(_ family: OutOfLine, _ w: InstructionWord) -> SemanticOperation? {
        switch family {
        case .simdThreeSame: return SIMDFloatSemantics.threeSame(w, scalar: false) ?? SIMDThreeSame.vector(w)
        case .simdScalarThreeSame: return SIMDFloatSemantics.threeSame(w, scalar: true) ?? SIMDThreeSame.scalar(w)
        case .simdTwoRegMisc: return SIMDTwoRegMisc.vector(w) ?? SIMDFloatSemantics.twoRegMisc(w)
        case .simdScalarTwoRegMisc: return SIMDTwoRegMisc.scalar(w) ?? SIMDFloatSemantics.scalarTwoRegMisc(w)
        case .simdAcrossLanes: return SIMDAcrossLanes.operation(w)
        case .simdCopy: return SIMDPermute.copy(w)
        case .simdScalarCopy: return SIMDPermute.scalarCopy(w)
        case .simdModifiedImmediate: return SIMDPermute.modifiedImmediate(w)
        case .simdShiftImmediate: return SIMDShiftImmediate.vector(w)
        case .simdScalarShiftImmediate: return SIMDShiftImmediate.scalar(w)
        case .simdThreeDifferent: return SIMDThreeDifferent.vector(w)
        case .simdScalarThreeDifferent: return SIMDThreeDifferent.scalar(w)
        case .simdPermute: return SIMDPermute.permute(w)
        case .simdExtract: return SIMDPermute.extract(w)
        case .simdTableLookup: return SIMDPermute.tableLookup(w)
        case .simdLoadStoreMultiple: return SIMDLoadStore.multiple(w)
        case .simdLoadStoreSingle: return SIMDLoadStore.single(w)
        case .simdScalarPairwise: return SIMDFloatSemantics.scalarPairwise(w)
        case .fpIntConvert: return ScalarFPSemantics.intConvert(w)
        case .fpFixedConvert: return ScalarFPSemantics.fixedConvert(w)
        case .fpCondCompare: return ScalarFPSemantics.condCompare(w)
        case .fpRound: return ScalarFPSemantics.round(w)
        case .fpMinMax: return ScalarFPSemantics.minMax(w)
        case .simdIndexedElement: return SIMDIndexedElement.operation(w, scalar: false)
        case .simdScalarIndexedElement: return SIMDIndexedElement.operation(w, scalar: true)
        case .fpDataProcessing1: return ScalarFPSemantics.dataProcessing1(w)
        case .fpDataProcessing2: return ScalarFPSemantics.dataProcessing2(w)
        case .fpDataProcessing3: return ScalarFPSemantics.dataProcessing3(w)
        case .fpCompare: return ScalarFPSemantics.compare(w)
        case .cryptoAES: return CryptoSemantics.aes(w)
        case .cryptoSHA3: return CryptoSemantics.sha3(w)
        case .cryptoSHA2: return CryptoSemantics.sha2(w)
        // Routines the families above choose; no instruction is lifted to them directly.
        case .simdFloatThreeSame: return SIMDFloatSemantics.threeSame(w, scalar: false)
        case .simdScalarFloatThreeSame: return SIMDFloatSemantics.threeSame(w, scalar: true)
        case .simdFloatTwoRegMisc: return SIMDFloatSemantics.twoRegMisc(w)
        case .simdScalarFloatTwoRegMisc: return SIMDFloatSemantics.scalarTwoRegMisc(w)
        case .simdFloatAcrossLanes: return SIMDFloatSemantics.acrossLanes(w)
        case .simdFixedConvert: return SIMDFloatSemantics.fixedConvert(w, scalar: false)
        case .simdScalarFixedConvert: return SIMDFloatSemantics.fixedConvert(w, scalar: true)
        case .fpHalfConvert: return HalfPrecision.scalarConvert(w)
        case .simdHalfConvert: return HalfPrecision.vectorConvert(w)
        }
    }

    /// Runs an operation `operation` returned (the helper call's body).
    static func execute(_ o: SemanticOperation, _ cpu: CPUState) {
        switch o.family {
        case .simdThreeSame: SIMDThreeSame.executeVector(o, cpu)
        case .simdScalarThreeSame: SIMDThreeSame.executeScalar(o, cpu)
        case .simdFloatThreeSame: SIMDFloatSemantics.executeThreeSame(o, cpu, scalar: false)
        case .simdScalarFloatThreeSame: SIMDFloatSemantics.executeThreeSame(o, cpu, scalar: true)
        case .simdTwoRegMisc: SIMDTwoRegMisc.executeVector(o, cpu)
        case .simdScalarTwoRegMisc: SIMDTwoRegMisc.executeScalar(o, cpu)
        case .simdFloatTwoRegMisc: SIMDFloatSemantics.executeTwoRegMisc(o, cpu)
        case .simdScalarFloatTwoRegMisc: SIMDFloatSemantics.executeScalarTwoRegMisc(o, cpu)
        case .simdAcrossLanes: SIMDAcrossLanes.execute(o, cpu)
        case .simdFloatAcrossLanes: SIMDFloatSemantics.executeAcrossLanes(o, cpu)
        case .simdCopy: SIMDPermute.executeCopy(o, cpu)
        case .simdScalarCopy: SIMDPermute.executeScalarCopy(o, cpu)
        case .simdModifiedImmediate: SIMDPermute.executeModifiedImmediate(o, cpu)
        case .simdShiftImmediate: SIMDShiftImmediate.execute(o, cpu, scalar: false)
        case .simdScalarShiftImmediate: SIMDShiftImmediate.execute(o, cpu, scalar: true)
        case .simdFixedConvert: SIMDFloatSemantics.executeFixedConvert(o, cpu, scalar: false)
        case .simdScalarFixedConvert: SIMDFloatSemantics.executeFixedConvert(o, cpu, scalar: true)
        case .simdThreeDifferent: SIMDThreeDifferent.execute(o, cpu)
        case .simdScalarThreeDifferent: SIMDThreeDifferent.execute(o, cpu, scalar: true)
        case .simdPermute: SIMDPermute.executePermute(o, cpu)
        case .simdExtract: SIMDPermute.executeExtract(o, cpu)
        case .simdTableLookup: SIMDPermute.executeTableLookup(o, cpu)
        case .simdLoadStoreMultiple, .simdLoadStoreSingle: SIMDLoadStore.execute(o, cpu)
        case .simdScalarPairwise: SIMDFloatSemantics.executeScalarPairwise(o, cpu)
        case .fpIntConvert: ScalarFPSemantics.executeIntConvert(o, cpu)
        case .fpFixedConvert: ScalarFPSemantics.executeFixedConvert(o, cpu)
        case .fpCondCompare: ScalarFPSemantics.executeCondCompare(o, cpu)
        case .fpRound: ScalarFPSemantics.executeRound(o, cpu)
        case .fpMinMax: ScalarFPSemantics.executeMinMax(o, cpu)
        case .simdIndexedElement: SIMDIndexedElement.execute(o, cpu, scalar: false)
        case .simdScalarIndexedElement: SIMDIndexedElement.execute(o, cpu, scalar: true)
        case .fpDataProcessing1: ScalarFPSemantics.executeDataProcessing1(o, cpu)
        case .fpDataProcessing2: ScalarFPSemantics.executeDataProcessing2(o, cpu)
        case .fpDataProcessing3: ScalarFPSemantics.executeDataProcessing3(o, cpu)
        case .fpCompare: ScalarFPSemantics.executeCompare(o, cpu)
        case .fpHalfConvert: HalfPrecision.executeScalarConvert(o, cpu)
        case .simdHalfConvert: HalfPrecision.executeVectorConvert(o, cpu)
        case .cryptoAES: CryptoSemantics.executeAES(o, cpu)
        case .cryptoSHA3: CryptoSemantics.executeSHA3(o, cpu)
        case .cryptoSHA2: CryptoSemantics.executeSHA2(o, cpu)
        }
    }

    /// The operation's name in its family's enum, for `-d op`.
    static func operationName(_ o: SemanticOperation) -> String {
        func name<E: RawRepresentable<UInt8>>(_: E.Type) -> String {
            E(rawValue: o.op).map { "\($0)" } ?? "op\(o.op)"
        }
        switch o.family {
        case .simdThreeSame, .simdScalarThreeSame:
            return o.subOp == SIMDThreeSame.Kind.logical.rawValue ? name(SIMDThreeSame.Logical.self) : name(IntOp.self)
        case .simdFloatThreeSame, .simdScalarFloatThreeSame, .simdFloatAcrossLanes, .fpMinMax, .simdScalarPairwise:
            return name(FPBinOp.self)
        case .simdTwoRegMisc, .simdScalarTwoRegMisc: return name(SIMDTwoRegMisc.Operation.self)
        case .simdFloatTwoRegMisc, .simdScalarFloatTwoRegMisc, .simdFixedConvert, .simdScalarFixedConvert,
             .fpHalfConvert, .simdHalfConvert:
            return name(FPUnOp.self)
        case .simdAcrossLanes: return name(SIMDAcrossLanes.Operation.self)
        case .simdCopy, .simdScalarCopy: return name(SIMDPermute.Copy.self)
        case .simdModifiedImmediate: return name(SIMDPermute.ModifiedImmediate.self)
        case .simdShiftImmediate, .simdScalarShiftImmediate: return name(SIMDShiftImmediate.Operation.self)
        case .simdThreeDifferent, .simdScalarThreeDifferent: return name(SIMDThreeDifferent.Operation.self)
        case .simdPermute: return name(SIMDPermute.Permute.self)
        case .simdExtract: return "ext"
        case .simdTableLookup: return "tableLookup"
        case .simdLoadStoreMultiple, .simdLoadStoreSingle: return name(SIMDLoadStore.Operation.self)
        case .fpIntConvert, .fpFixedConvert: return name(ScalarFPSemantics.IntConvert.self)
        case .fpCondCompare, .fpCompare: return "compare"
        case .fpRound: return "round"
        case .simdIndexedElement, .simdScalarIndexedElement: return name(SIMDIndexedElement.Operation.self)
        case .fpDataProcessing1: return name(ScalarFPSemantics.DataProcessing1.self)
        case .fpDataProcessing2: return name(FPArith.self)
        case .fpDataProcessing3: return "mulAdd"
        case .cryptoAES: return name(CryptoSemantics.AES.self)
        case .cryptoSHA3: return name(CryptoSemantics.SHA3.self)
        case .cryptoSHA2: return name(CryptoSemantics.SHA2.self)
        }
    }
}
