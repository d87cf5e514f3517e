// The fixed code at the start of the code cache (entry, exit, return sentinel, fault
// resume) and the small stubs the cache installs later: assembled here, with the other
// x86 code, so the cache only places bytes.

struct Trampolines {
    var code = X64Assembler()
    /// Offsets in `code`: enter(rdi = state, rsi = host code) -> exit code in eax.
    private(set) var enter = 0
    /// Where generated code jumps to return to the dispatcher (exit code in eax).
    private(set) var exit = 0
    /// Landing pad at the bottom of the return-address stack (Backend/EmitCalls.swift).
    private(set) var returnSentinel = 0
    /// Looks the guest target in rax up (pc := rax, then the jump cache; a miss exits): the
    /// return sentinel's tail, shared by every call's landing pad for a RET that comes back
    /// elsewhere (rare), which used to carry a copy (~40 bytes per BL).
    private(set) var lookupRAX = 0
    /// Where the host fault handler resumes after a fault in generated code.
    private(set) var faultResume = 0
    /// Where every unresolved chain exit calls (see `X64Emitter.linkDirect`): the pushed
    /// return address is the exit's record (guest target, distance to its chain site).
    private(set) var chainExit = 0
    /// The same for an exit to a guest pc after its block's own (`X64Emitter.pollBytes`):
    /// its link may enter the target past the interrupt poll.
    private(set) var chainExitPastPoll = 0
    /// Byte offsets in a chain record (`X64Assembler.chainRecord`).
    static let chainRecordTarget: Int32 = 0, chainRecordSite: Int32 = 8
    /// Where a block's exits to the dispatcher call (`X64Emitter.exit`): the pushed return
    /// address is the exit's record (guest pc, exit code).
    private(set) var recordedExit = 0
    /// Byte offsets in an exit record (`X64Assembler.exitRecord`).
    static let exitRecordPC: Int32 = 0, exitRecordCode: Int32 = 8

    /// Registers the entry saves for its C caller (callee-saved in the SysV ABI).
    private static let saved: [Reg] = [.rbx, .rbp, .r12, .r13, .r14, .r15]

    init(jumpCacheMask: UInt64) {
        enter = code.position
        for r in Self.saved { code.push(r) }
        code.alu(.sub, .rsp, imm: 8, is64: true)        // keep rsp 16-byte aligned
        code.mov(.r15, .rdi)
        code.ldmxcsr(Mem(.r15, CPUStateLayout.mxcsr))   // the guest's sticky FP flags (see CPUState.fpsr)
        code.store(Mem(.r15, CPUStateLayout.hostSP), .rsp, size: 8)
        // Return-address stack: at most 8K calls deep, sentinel at the bottom.
        code.lea(.rax, Mem(.rsp, -65536))
        code.store(Mem(.r15, CPUStateLayout.returnStackLimit), .rax, size: 8)
        let sentinelAddress = code.leaRIP(.rax, position: nil)
        code.push(.rax)
        code.jmpR(.rsi)

        exit = code.position
        code.stmxcsr(Mem(.r15, CPUStateLayout.mxcsr))
        code.load(.rsp, Mem(.r15, CPUStateLayout.hostSP), size: 8)
        code.alu(.add, .rsp, imm: 8, is64: true)
        for r in Self.saved.reversed() { code.pop(r) }
        code.ret()

        // A RET with no call to return to lands here (rax = guest target); it stays at the
        // bottom by pushing itself again, then looks the target up.
        returnSentinel = code.position
        code.patchRel32(at: sentinelAddress, target: returnSentinel)
        code.leaRIP(.rcx, position: returnSentinel)
        code.push(.rcx)
        lookupRAX = code.position
        code.store(Mem(.r15, CPUStateLayout.pc), .rax, size: 8)
        let exitAt = exit
        JumpCache.emitLookup(&code, target: .rax, mask: jumpCacheMask) { a in
            a.movImm(.rax, UInt64(ExitCode.lookup.rawValue))
            a.jmp(to: exitAt)
        }

        faultResume = code.position
        code.movImm(.rax, UInt64(ExitCode.fault.rawValue))
        code.jmp(to: exit)

        // One copy of what each unresolved exit used to carry (~41 bytes each): pc := target,
        // chainSite := the rel32 field to patch, exit with .chain. The exit stub resets rsp,
        // so the popped return address needs no balancing.
        // Two entries, differing only in the exit code (rax); rdx is the stub's scratch.
        chainExitPastPoll = code.position
        code.movImm(.rax, UInt64(ExitCode.chainPastPoll.rawValue))
        let pastPoll = code.jmp(to: nil)
        chainExit = code.position
        code.movImm(.rax, UInt64(ExitCode.chain.rawValue))
        code.patchRel32(at: pastPoll, target: code.position)
        code.pop(.rcx)
        code.load(.rdx, Mem(.rcx, Self.chainRecordTarget), size: 8)
        code.store(Mem(.r15, CPUStateLayout.pc), .rdx, size: 8)
        code.load(.rdx, Mem(.rcx, Self.chainRecordSite), size: 4, signed: true, to64: true)
        code.alu(.add, .rdx, .rcx, is64: true)
        code.store(Mem(.r15, CPUStateLayout.chainSite), .rdx, size: 8)
        code.jmp(to: exit)

        // Likewise for every block's interrupt exit and exit terminator (~27 bytes each).
        recordedExit = code.position
        code.pop(.rcx)
        code.load(.rax, Mem(.rcx, Self.exitRecordPC), size: 8)
        code.store(Mem(.r15, CPUStateLayout.pc), .rax, size: 8)
        code.load(.rax, Mem(.rcx, Self.exitRecordCode), size: 1)
        code.jmp(to: exit)
    }

    /// The stub a retired block's entry is diverted to: sets pc and exits with `exitCode`.
    static func retiredBlockStub(pc: UInt64, exitCode: ExitCode, exitStub: UInt) -> X64Assembler {
        var stub = X64Assembler()
        stub.movImm(.rax, pc)
        stub.store(Mem(.r15, CPUStateLayout.pc), .rax, size: 8)
        stub.movImm(.rax, UInt64(exitCode.rawValue))
        stub.jmp(absolute: exitStub)
        return stub
    }

    /// A `jmp` to `target`, assembled to be written at host address `at`.
    static func jump(at: UInt, to target: UInt) -> [UInt8] {
        var entry = X64Assembler()
        entry.jmp(absolute: target)
        entry.resolve(base: at)
        return entry.bytes
    }
}
