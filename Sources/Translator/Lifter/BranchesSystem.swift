// A64 "Branches, Exception Generating and System instructions".

extension Lifter {
    func unconditionalBranch(_ i: UInt32) {
        let target = pc &+ UInt64(bitPattern: signExtend(UInt64(i.bits(25, 0)) << 2, bits: 28))
        if i.bit(31) {  // BL
            setX(30, const(pc &+ 4))
            return end(.call(target, returnTo: pc &+ 4))
        }
        end(.jump(target))
    }

    func conditionalBranch(_ i: UInt32) {
        let target = pc &+ UInt64(bitPattern: signExtend(UInt64(i.bits(23, 5)) << 2, bits: 21))
        let cond = Cond(rawValue: UInt8(i.bits(3, 0)))!
        if cond == .al || cond == .nv { end(.jump(target)) } else {
            end(.branch(.flags(cond), taken: target, notTaken: pc &+ 4))
        }
    }

    func compareAndBranch(_ i: UInt32) {
        let target = pc &+ UInt64(bitPattern: signExtend(UInt64(i.bits(23, 5)) << 2, bits: 21))
        let v = x(i.rd)
        let c: BranchCondition = i.bit(24) ? .nonZero(v, is64: i.sf) : .zero(v, is64: i.sf)
        end(.branch(c, taken: target, notTaken: pc &+ 4))
    }

    func testAndBranch(_ i: UInt32) {
        let target = pc &+ UInt64(bitPattern: signExtend(UInt64(i.bits(18, 5)) << 2, bits: 16))
        let bit = UInt8(i.bits(23, 19) | (i.bit(31) ? 32 : 0))
        let v = x(i.rd)
        end(.branch(i.bit(24) ? .bitSet(v, bit: bit) : .bitZero(v, bit: bit), taken: target, notTaken: pc &+ 4))
    }

    func branchRegister(_ i: UInt32) {
        let target = x(i.rn)
        switch i.bits(22, 21) {
        case 1: setX(30, const(pc &+ 4)); end(.callIndirect(target, returnTo: pc &+ 4))  // BLR
        case 2: end(.ret(target))                                                        // RET
        default: end(.indirect(target))                                                  // BR
        }
    }

    func supervisorCall(_ i: UInt32) { end(.exit(.syscall, pc: pc &+ 4)) }
    func breakpoint(_ i: UInt32) { end(.exit(.breakpoint, pc: pc)) }

    /// NOP, YIELD, BTI, PAC hints and the like: no effect without PAC/BTI enforcement.
    func hint(_ i: UInt32) {}

    func barrier(_ i: UInt32) {
        switch i.bits(7, 5) {
        case 2: emit(.clearExclusive)                       // CLREX
        case 4, 5:                                          // DSB, DMB
            // x86 keeps every order except store->load; only full barriers need a fence.
            if i.bits(9, 8) == 3 { emit(.fence) }
        default: break                                      // ISB, SB
        }
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

    func systemRegisterMove(_ i: UInt32) {
        let reg = i.bits(20, 5), isRead = i.bit(21), rt = i.rd
        if isRead {
            let v: Value
            switch reg {
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
            setX(rt, v)
        } else {
            let v = x(rt)
            switch reg {
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

    /// SYS: the cache maintenance operations EL0 may issue.
    func systemInstruction(_ i: UInt32) {
        let op = i.bits(18, 5)  // op1:CRn:CRm:op2
        switch op {
        case 0b011_0111_0100_001:  // DC ZVA
            emit(.helper(.dcZVA, args: [x(i.rd)], result: nil))
        case 0b011_0111_1011_001, 0b011_0111_1010_001, 0b011_0111_1110_001, 0b011_0111_1100_001,
             0b011_0111_1101_001:
            break  // DC CVAU/CVAC/CIVAC/CVAP/CVADP: the host's caches are coherent
        case 0b011_0111_0101_001:  // IC IVAU: code at that address may have changed
            emit(.storeState(offset: CPUStateLayout.exitInfo, x(i.rd), size: 8))
            end(.exit(.invalidateCode, pc: pc &+ 4))
        default: undefined()
        }
    }
}
