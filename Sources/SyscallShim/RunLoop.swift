// Runs a loaded guest program: the translator executes guest code, and every exit
// it reports (syscall, undefined instruction, breakpoint) is handled here with
// Linux semantics.
import CSupport
import Glibc
import Loader
import Translator

public enum GuestProcess {
    /// Features advertised in AT_HWCAP/AT_HWCAP2: only what the translator implements and
    /// tests against qemu in the differential fixtures. HWCAP_FP | ASIMD | AES | PMULL | SHA1 |
    /// SHA2 | CRC32 | ATOMICS (FEAT_LSE) | LRCPC | ILRCPC (FEAT_LRCPC2) | FLAGM; HWCAP2_FLAGM2 |
    /// FRINT (FEAT_FRINTTS). FP16 arithmetic, SVE, PAC, BTI, the ID-register emulation (CPUID)
    /// are not implemented (PAC and BTI instructions in the hint space run as NOPs).
    public static let hwcap: UInt64 = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7)
        | (1 << 8) | (1 << 15) | (1 << 26) | (1 << 27)
    public static let hwcap2: UInt64 = (1 << 7) | (1 << 8)

    /// Ends the process with exit_group semantics; the embedder replaces it to add its
    /// last words (statistics). Any thread may call it while others run guest code.
    nonisolated(unsafe) public static var endProcess: (Int32) -> Never = { status in
        _ = hostSyscall(HostNR.exitGroup, UInt64(UInt32(bitPattern: status)))
        fatalError("unreachable")
    }

    /// Runs the program's first thread until the process ends (never returns: the last
    /// thread's exit, or any thread's exit_group, ends the process through `endProcess`).
    public static func run(program: LoadedProgram, options: ShimOptions, engine: Engine) -> Never {
        let cpu = CPUState()
        cpu.pc = program.entry
        cpu.sp = program.stackPointer
        let process = GuestProcessState(program: program, options: options)
        process.engine = engine
        process.onExecutableRangeChanged = { start, length in engine.invalidate(start: start, length: length) }
        // Guest code runs only from guest pages mapped PROT_EXEC, as on Linux.
        engine.codeAccess = { [process] pc in process.codeAccess(at: pc) }
        engine.persistentCache?.codeOrigin = { [process] pc in process.codeOrigin(at: pc) }
        engine.setOwnDescriptorRules(adopt: CompatRunDescriptors.adopt, release: CompatRunDescriptors.release)
        engine.attach(cpu)
        // Linux names the task after the program (comm: /proc/self/comm, stat, status, ps).
        // The last path component by its index: split(separator:) built an array of every
        // component (~33,000 instructions at each start).
        let path = process.executablePath.utf8
        let name = path[(path.lastIndex(of: UInt8(ascii: "/")).map(path.index(after:)) ?? path.startIndex)...].prefix(15)
        _ = String(decoding: name, as: UTF8.self).withCString {
            hostSyscall(HostNR.prctl, 15 /* PR_SET_NAME */, UInt64(UInt(bitPattern: $0)))
        }
        HostProcessTitle.show(arguments: process.argumentStrings, environment: process.environmentStrings)
        runThread(cpu: cpu, linux: LinuxPersonality(process: process), engine: engine)
        // The first thread ended with others still running: this host thread ends alone,
        // as the main thread of a native process may.
        cr_exit_thread(0)
    }

    /// Runs one guest thread on the calling host thread until it exits (returns) or the
    /// process ends (does not return).
    static func runThread(cpu: CPUState, linux: LinuxPersonality, engine: Engine) {
        let interruptWord = (cpu.raw + Int(CPUStateLayout.interruptRequest)).assumingMemoryBound(to: UInt32.self)
        cr_set_interrupt_word(interruptWord)
        while true {
            switch engine.run(cpu) {
            case .syscall:
                switch linux.handleSyscall(cpu) {
                case .resume: break
                case .exitProcess(let status): engine.savePersistentCache(); endProcess(status)
                case .exitThread(let status):
                    let last = linux.process.threadEnded()
                    if last { engine.savePersistentCache(); endProcess(status) }
                    linux.releaseThreadResources()
                    cr_set_interrupt_word(nil)
                    return
                }
                cr_atomic_store32(interruptWord, 0)
                linux.deliverPendingSignals(cpu)
            case .interrupted:
                cr_atomic_store32(interruptWord, 0)
                linux.deliverPendingSignals(cpu)
            case .undefinedInstruction(let word):
                if linux.deliverSynchronousSignal(cpu, signal: SIGILL, code: 1 /* ILL_ILLOPC */, address: cpu.pc) { continue }
                let text = Disassembler.arm64(word, at: cpu.pc)
                let hex = String(word, radix: 16), pc = String(cpu.pc, radix: 16)
                report("compat-run: illegal instruction 0x\(String(repeating: "0", count: 8 - hex.count))\(hex) (\(text)) at 0x\(pc)")
                dieBySignal(SIGILL, engine)
            case .fault(let signal, let code, let address):
                // SIGSEGV/SIGBUS of a guest access: its handler, if any, with the exact pc and si_addr.
                if linux.deliverSynchronousSignal(cpu, signal: signal, code: code, address: address) { continue }
                dieBySignal(signal, engine)
            case .fetchFault(let why):
                // The kernel's instruction abort: si_addr and the frame's pc are the target.
                let (signal, code): (Int32, Int32) = switch why {
                case .unmapped: (SIGSEGV, 1 /* SEGV_MAPERR */)
                case .notExecutable: (SIGSEGV, 2 /* SEGV_ACCERR */)
                case .misaligned: (SIGBUS, 1 /* BUS_ADRALN */)
                }
                if linux.deliverSynchronousSignal(cpu, signal: signal, code: code, address: cpu.pc) { continue }
                dieBySignal(signal, engine)
            case .hostFault(let signal):
                report("compat-run: internal error: fault in generated code outside a guest memory access (pc 0x\(String(cpu.pc, radix: 16)))")
                cr_die_by_signal(signal)
            case .breakpoint:
                if linux.deliverSynchronousSignal(cpu, signal: SIGTRAP, code: 1 /* TRAP_BRKPT */, address: cpu.pc) { continue }
                dieBySignal(SIGTRAP, engine)
            }
        }
    }

    /// The process dies by a signal its guest code raised and does not handle: what it
    /// translated is saved first (the persistent cache), as at an exit.
    static func dieBySignal(_ signal: Int32, _ engine: Engine) -> Never {
        engine.savePersistentCache()
        cr_die_by_signal(signal)
    }

    public static func report(_ line: String) {
        let s = line + "\n"
        _ = s.withCString { write(2, $0, strlen($0)) }
    }
}
