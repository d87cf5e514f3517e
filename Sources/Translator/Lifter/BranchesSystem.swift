// A64 "Branches, Exception Generating and System instructions".

extension Lifter {
    func branchWithLink(_ f: BranchImmediateOperands) {
        setX(.linkRegister, const(pc &+ 4))
        end(.call(pc &+ UInt64(bitPattern: f.offset), returnTo: pc &+ 4))
    }

    func conditionalBranch(_ f: ConditionalBranchOperands) {
        let target = pc &+ UInt64(bitPattern: f.offset)
        if f.cond == .al || f.cond == .nv { end(.jump(target)) } else {
            branchOrSideExit(.flags(f.cond), taken: target)
        }
    }

    func compareAndBranch(_ f: CompareBranchOperands, nonZero: Bool) {
        let v = x(f.rt)
        let c: BranchCondition = nonZero ? .nonZero(v, is64: f.sf) : .zero(v, is64: f.sf)
        branchOrSideExit(c, taken: pc &+ UInt64(bitPattern: f.offset))
    }

    func testAndBranch(_ f: TestBranchOperands, set: Bool) {
        let v = x(f.rt)
        branchOrSideExit(set ? .bitSet(v, bit: f.bit) : .bitZero(v, bit: f.bit), taken: pc &+ UInt64(bitPattern: f.offset))
    }

    func branchLinkRegister(_ f: BranchRegisterOperands) {
        let target = x(f.rn)
        setX(.linkRegister, const(pc &+ 4))
        end(.callIndirect(target, returnTo: pc &+ 4))
    }

    func barrier(_ f: BarrierOperands) {
        // x86 keeps every order except store->load; only full barriers (reads and writes) need a fence.
        if f.option & 3 == 3 { emit(.fence) }
    }

    /// IC IVAU: code at that address may have changed.
    func invalidateInstructionCache(_ f: SystemOperand) {
        emit(.storeState(offset: CPUStateLayout.exitInfo, x(f.rt), size: 8))
        end(.exit(.invalidateCode, pc: pc &+ 4))
    }

    /// System registers visible to EL0, keyed by op0:op1:CRn:CRm:op2.
    private static let tpidrEL0: UInt32 = 0b11_011_1101_0000_010
    private static let nzcvReg: UInt32 = 0b11_011_0100_0010_000
    private static let fpcrReg: UInt32 = 0b11_011_0100_0100_000
    private static let fpsrReg: UInt32 = 0b11_011_0100_0100_001
    private static let ctrEL0: UInt32 = 0b11_011_0000_0000_001
    private static let dczidEL0: UInt32 = 0b11_011_0000_0000_111
    private static let midrEL1: UInt32 = 0b11_000_0000_0000_000
    private static let cntfrqEL0: UInt32 = 0b11_011_1110_0000_000
    private static let cntvctEL0: UInt32 = 0b11_011_1110_0000_010

    func readSystemRegister(_ f: SystemRegisterOperands) {
        let v: Value
        switch f.register {
        case Self.tpidrEL0: v = newValue(); emit(.loadState(v, offset: CPUStateLayout.tpidr, size: 8))
        case Self.fpcrReg: v = newValue(); emit(.loadState(v, offset: CPUStateLayout.fpcr, size: 4))
        case Self.fpsrReg: v = readFPSR()
        case Self.nzcvReg: v = newValue(); emit(.helper(.readNZCV, args: [], result: v))
        // 64-byte lines: IminLine/DminLine = log2(64/4) = 4, no IDC/DIC claims.
        case Self.ctrEL0: v = const(0x8444_C004)
        case Self.dczidEL0: v = const(4)  // DC ZVA block = 4 << 4 = 64 bytes
        case Self.midrEL1: v = const(0x410F_D034)  // a Cortex-A53-like id: picks generic code paths
        case Self.cntfrqEL0: v = const(1_000_000_000)
        case Self.cntvctEL0: v = newValue(); emit(.helper(.readCounter, args: [], result: v))
        default: return undefined()
        }
        setX(f.rt, v)
    }

    func writeSystemRegister(_ f: SystemRegisterOperands) {
        let v = x(f.rt)
        switch f.register {
        case Self.tpidrEL0: emit(.storeState(offset: CPUStateLayout.tpidr, v, size: 8))
        case Self.fpcrReg:
            // Translations are specialised on FPCR's mode bits: let the dispatcher re-check.
            emit(.storeState(offset: CPUStateLayout.fpcr, binary(.and, v, imm: UInt64(CPUState.fpcrWritable), is64: false), size: 4))
            end(.exit(.lookup, pc: pc &+ 4))
        case Self.fpsrReg:
            emit(.storeState(offset: CPUStateLayout.fpsr, binary(.and, v, imm: UInt64(CPUState.fpsrWritable), is64: false), size: 4))
            clearHostFPFlags()
        case Self.nzcvReg: emit(.helper(.writeNZCV, args: [v], result: nil))
        default: undefined()
        }
    }

    /// FPSR: the state word (QC, and the exception flags out-of-line semantics raise) ORed with
    /// the sticky flags inline host FP left in MXCSR: IE->IOC, ZE->DZC, OE->OFC, UE->UFC,
    /// PE->IXC (MXCSR bits 0, 2-5; DE, bit 1, has no ARM meaning without FZ).
    private func readFPSR() -> Value {
        let state = newValue(), m = newValue()
        emit(.loadState(state, offset: CPUStateLayout.fpsr, size: 4))
        emit(.readMXCSR(m))
        let mapped = binary(.or, binary(.and, m, imm: 1, is64: false),
                            binary(.and, binary(.lshr, m, imm: 1, is64: false), imm: 0x1E, is64: false), is64: false)
        return binary(.or, state, mapped, is64: false)
    }

    /// MSR FPSR replaced the flags: the inline FP's sticky flags start again from zero.
    private func clearHostFPFlags() {
        let m = newValue()
        emit(.readMXCSR(m))
        emit(.writeMXCSR(binary(.and, m, imm: ~UInt64(0x3F) & 0xFFFF_FFFF, is64: false)))
    }
}
