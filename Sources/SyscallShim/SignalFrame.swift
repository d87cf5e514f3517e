// The arm64 Linux signal frame, byte for byte as arch/arm64/kernel/signal.c
// builds it (setup_rt_frame / get_sigframe / setup_sigframe) and reads it back
// (rt_sigreturn / restore_sigframe / parse_user_sigframe), for a CPU with FP/SIMD
// and without SVE/SME (what AT_HWCAP advertises):
//
//   struct rt_sigframe { siginfo_t info; struct ucontext uc; }      4688 bytes
//   ucontext: uc_flags, uc_link, uc_stack (stack_t), uc_sigmask (8 bytes, padded
//             to 128 for glibc's sigset_t), uc_mcontext (16-aligned)
//   sigcontext: fault_address, regs[31], sp, pc, pstate, __reserved[4096] holding
//             an fpsimd_context record {magic, size, fpsr, fpcr, vregs[32]} and a
//             zero terminator record
//   above the frame: a frame record {x29, x30} for unwinders, x29 points at it.
import CSupport
import Glibc
import Translator

enum SignalFrameLayout {
    static let info = 0
    static let siginfoSize = 128
    static let uc = 128
    static let ucFlags = uc + 0
    static let ucLink = uc + 8
    static let ucStack = uc + 16            // stack_t (GuestStackLayout)
    static let ucSigmask = uc + 40
    static let mcontext = uc + 176          // 168 rounded up to 16
    static let faultAddress = mcontext
    static func reg(_ n: Int) -> Int { mcontext + 8 + 8 * n }
    static let sp = mcontext + 256
    static let pc = mcontext + 264
    static let pstate = mcontext + 272
    static let reserved = mcontext + 288    // 592 from the frame start
    static let reservedSize = 4096
    static let size = reserved + reservedSize   // sizeof(struct rt_sigframe) = 4688
    /// fpsimd_context is the first record; the terminator follows it.
    static let fpsimd = reserved
    static let fpsimdSize = 528
    /// A record's header {u32 magic; u32 size}, then fpsimd_context's {u32 fpsr; u32 fpcr; __uint128_t vregs[32]}.
    static let recordMagic = 0, recordSize = 4
    static let fpsimdFPSR = 8, fpsimdFPCR = 12, fpsimdVRegs = 16
    static let terminator = fpsimd + fpsimdSize
    static let frameRecordSize = 16

    static let fpsimdMagic: UInt32 = 0x4650_8001
    static let esrMagic: UInt32 = 0x4553_5201
}

/// The frame builder and reader; `LinuxPersonality` owns the signal state it consults.
extension LinuxPersonality {
    /// Builds the signal frame for `signal` on the guest stack (or the alternate stack)
    /// and points the CPU at the handler, like setup_rt_frame + setup_return.
    /// `savedMask` goes to uc_sigmask (restored by rt_sigreturn). Returns the frame address.
    @discardableResult
    func pushSignalFrame(_ cpu: CPUState, signal: Int32, info: UnsafeRawPointer?,
                         action: GuestSigaction, savedMask: SignalSet) -> UInt64 {
        typealias L = SignalFrameLayout
        let (sp, savedAltStack) = signals.frameStack(for: action, sp: cpu.sp)
        let record = (sp &- UInt64(L.frameRecordSize)) & ~15
        let frame = (record & ~15) &- UInt64(L.size)
        let f = UnsafeMutableRawPointer(bitPattern: UInt(frame))!

        f.storeBytes(of: UInt64(0), toByteOffset: L.ucFlags, as: UInt64.self)
        f.storeBytes(of: UInt64(0), toByteOffset: L.ucLink, as: UInt64.self)
        // __save_altstack: the stack as recorded before SS_AUTODISARM disarmed it.
        GuestStackLayout.encode(savedAltStack, into: UnsafeMutableRawBufferPointer(start: f + L.ucStack, count: GuestStackLayout.size))

        // setup_sigframe
        let r = UnsafeMutableRawPointer(bitPattern: UInt(record))!
        r.storeBytes(of: cpu.x(29), as: UInt64.self)
        r.storeBytes(of: cpu.x(30), toByteOffset: 8, as: UInt64.self)
        for n in 0..<31 { f.storeBytes(of: cpu.x(n), toByteOffset: L.reg(n), as: UInt64.self) }
        f.storeBytes(of: cpu.sp, toByteOffset: L.sp, as: UInt64.self)
        f.storeBytes(of: cpu.pc, toByteOffset: L.pc, as: UInt64.self)
        f.storeBytes(of: UInt64(cpu.nzcv), toByteOffset: L.pstate, as: UInt64.self)
        f.storeBytes(of: UInt64(0), toByteOffset: L.faultAddress, as: UInt64.self)
        f.storeBytes(of: savedMask.rawValue, toByteOffset: L.ucSigmask, as: UInt64.self)
        f.storeBytes(of: L.fpsimdMagic, toByteOffset: L.fpsimd + L.recordMagic, as: UInt32.self)
        f.storeBytes(of: UInt32(L.fpsimdSize), toByteOffset: L.fpsimd + L.recordSize, as: UInt32.self)
        f.storeBytes(of: cpu.fpsr, toByteOffset: L.fpsimd + L.fpsimdFPSR, as: UInt32.self)
        f.storeBytes(of: cpu.fpcr, toByteOffset: L.fpsimd + L.fpsimdFPCR, as: UInt32.self)
        for n in 0..<32 {
            let v = cpu.v(n)
            f.storeBytes(of: v.lo, toByteOffset: L.fpsimd + L.fpsimdVRegs + 16 * n, as: UInt64.self)
            f.storeBytes(of: v.hi, toByteOffset: L.fpsimd + L.fpsimdVRegs + 8 + 16 * n, as: UInt64.self)
        }
        f.storeBytes(of: UInt64(0), toByteOffset: L.terminator, as: UInt64.self)  // magic 0, size 0

        // setup_return
        cpu.setX(0, UInt64(signal))
        cpu.sp = frame
        cpu.setX(29, record)
        cpu.pc = action.handler
        cpu.setX(30, action.flags.contains(.restorer) ? action.restorer : sigreturnTrampoline())
        if action.flags.contains(.siginfo) {
            if let info { f.copyMemory(from: info, byteCount: L.siginfoSize) }
            cpu.setX(1, frame)
            cpu.setX(2, frame + UInt64(L.uc))
        }
        return frame
    }

    /// rt_sigreturn: restores the state saved by `pushSignalFrame` from the frame at SP.
    /// Returns the restored X0 (the syscall's "result"); a corrupt frame kills the
    /// process with SIGSEGV as the kernel's badframe path would (guest SIGSEGV handlers
    /// are not run yet).
    func rtSigreturn(_ cpu: CPUState) -> Int64 {
        typealias L = SignalFrameLayout
        let frame = cpu.sp
        guard frame & 15 == 0, let f = GuestMemory.pointer(frame) else { badFrame() }
        setGuestMask(SignalSet(rawValue: f.load(fromByteOffset: L.ucSigmask, as: UInt64.self)))
        var regs = [UInt64](repeating: 0, count: 31)
        for n in 0..<31 { regs[n] = f.load(fromByteOffset: L.reg(n), as: UInt64.self) }
        let sp = f.load(fromByteOffset: L.sp, as: UInt64.self)
        let pc = f.load(fromByteOffset: L.pc, as: UInt64.self)
        let pstate = f.load(fromByteOffset: L.pstate, as: UInt64.self)
        // valid_user_regs: AArch64 EL0t with D, A, I, F clear.
        guard pstate & 0x3df == 0 else { badFrame() }
        guard let fpsimd = Self.findFPSIMDRecord(f) else { badFrame() }

        for n in 0..<31 { cpu.setX(n, regs[n]) }
        cpu.sp = sp
        cpu.pc = pc
        cpu.nzcv = UInt32(truncatingIfNeeded: pstate) & 0xF000_0000
        cpu.fpsr = f.load(fromByteOffset: fpsimd + L.fpsimdFPSR, as: UInt32.self) & CPUState.fpsrWritable
        cpu.fpcr = f.load(fromByteOffset: fpsimd + L.fpsimdFPCR, as: UInt32.self) & CPUState.fpcrWritable
        for n in 0..<32 {
            cpu.setV(n, lo: f.load(fromByteOffset: fpsimd + L.fpsimdVRegs + 16 * n, as: UInt64.self),
                     hi: f.load(fromByteOffset: fpsimd + L.fpsimdVRegs + 8 + 16 * n, as: UInt64.self))
        }
        // restore_altstack: errors other than EFAULT are ignored.
        let ucStack = GuestStackLayout.decode(UnsafeRawBufferPointer(start: f + L.ucStack, count: GuestStackLayout.size))
        _ = signals.setAltStack(ucStack, sp: sp)
        return Int64(bitPattern: regs[0])
    }

    /// parse_user_sigframe without SVE/SME/extra context: walks the records in
    /// __reserved; returns the frame offset of the fpsimd_context, nil if invalid.
    static func findFPSIMDRecord(_ f: UnsafeRawPointer) -> Int? {
        typealias L = SignalFrameLayout
        var offset = 0
        var fpsimd: Int?
        while true {
            guard offset % 16 == 0, L.reservedSize - offset >= 8 else { return nil }
            let magic = f.load(fromByteOffset: L.reserved + offset + L.recordMagic, as: UInt32.self)
            let size = Int(f.load(fromByteOffset: L.reserved + offset + L.recordSize, as: UInt32.self))
            if magic == 0 {
                return size == 0 ? fpsimd : nil
            }
            switch magic {
            case L.fpsimdMagic:
                guard fpsimd == nil, size == L.fpsimdSize else { return nil }
                fpsimd = L.reserved + offset
            case L.esrMagic:
                break
            default:
                return nil
            }
            guard size >= 8, L.reservedSize - offset >= size else { return nil }
            offset += size
        }
    }

    private func badFrame() -> Never {
        if options.strace { Strace.note("rt_sigreturn: bad signal frame, SIGSEGV") }
        cr_die_by_signal(SIGSEGV)
    }

    /// Return address for handlers installed without SA_RESTORER: the kernel uses
    /// the vDSO's __kernel_rt_sigreturn; here a page holding `mov x8, #139; svc #0`.
    func sigreturnTrampoline() -> UInt64 {
        process.lock.withLock {
        if process.sigreturnTrampolineAddress == 0 {
            let page = Glibc.mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
            page.storeBytes(of: UInt32(0xD280_1168), as: UInt32.self)          // mov x8, #139
            page.storeBytes(of: UInt32(0xD400_0001), toByteOffset: 4, as: UInt32.self)  // svc #0
            Glibc.mprotect(page, 4096, PROT_READ | PROT_EXEC)
            process.sigreturnTrampolineAddress = UInt64(UInt(bitPattern: page))
            // Where Linux keeps __kernel_rt_sigreturn: the vDSO.
            let vdso = GuestMapping(start: process.sigreturnTrampolineAddress, end: process.sigreturnTrampolineAddress + 4096,
                                    protection: [.read, .exec], name: "[vdso]")
            process.withAddressSpace { $0.map(vdso) }
        }
        return process.sigreturnTrampolineAddress
        }
    }
}
