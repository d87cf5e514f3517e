// The dispatcher: finds or translates the block for the guest pc, enters generated
// code and handles its exits. Chained blocks run without coming back here; only
// events the OS personality must see (syscalls, faults) leave `run`.

/// Why the guest stopped running translated code.
public enum GuestExit: Sendable, Equatable {
    case syscall
    /// Undecodable or unimplemented instruction `word` at cpu.pc.
    case undefinedInstruction(UInt32)
    case breakpoint
    /// The state's interruptRequest word was set (asynchronous event); cpu.pc is exact.
    case interrupted
    /// A guest memory access faulted: cpu.pc and registers are those of the faulting
    /// instruction; `code` is the host's si_code (same values on arm64).
    case fault(signal: Int32, code: Int32, address: UInt64)
    /// A fault in generated code that is not a guest memory access (a translator bug).
    case hostFault(signal: Int32)
}

public struct TranslationStats: Sendable {
    public var blocks = 0
    public var guestInstructions = 0
    public var hostBytes = 0
    public var nanoseconds: UInt64 = 0
    public var flushes = 0
}

public final class Engine {
    let cache: CodeCache
    let maxBlockInstructions: Int
    public private(set) var stats = TranslationStats()
    /// Optional observers for `-d in_asm,op,out_asm`.
    public var onTranslate: ((IRBlock, [UInt8], UInt) -> Void)?
    private typealias EnterFunction = @convention(c) (UnsafeMutableRawPointer, UInt) -> UInt32
    private let enter: EnterFunction

    public init(maxBlockInstructions: Int = 64) {
        cache = CodeCache()
        self.maxBlockInstructions = maxBlockInstructions
        enter = unsafeBitCast(cache.enterAddress, to: EnterFunction.self)
        cr_set_guest_code_range(UInt(bitPattern: cache.base), UInt(bitPattern: cache.base) + UInt(cache.capacity),
                                cache.faultStub, Int(CPUStateLayout.faultArea))
    }

    /// Rebuilds the guest state of a faulting guest memory access from the fault area.
    private func resolveFault(_ cpu: CPUState) -> GuestExit {
        let area = cpu.raw + Int(CPUStateLayout.faultArea)
        let word = { (i: Int) in area.load(fromByteOffset: 8 * i, as: UInt64.self) }
        let signal = Int32(truncatingIfNeeded: word(2)), code = Int32(truncatingIfNeeded: word(2) >> 32)
        guard let (block, site) = cache.faults.lookup(hostPC: UInt(word(1))) else { return .hostFault(signal: signal) }
        cpu.pc = block.guestPC &+ 4 * UInt64(site.instruction)
        let hostOrder: [Reg] = [.rbx, .rbp, .r12, .r13, .r14]
        for p in block.promoted {
            if let i = hostOrder.firstIndex(of: p.host) { cpu.setX(Int(p.guest), word(3 + i)) }
        }
        if site.flagsInEFLAGS { cpu.nzcv = HostFlags.fromEFLAGS(word(8)) }
        return .fault(signal: signal, code: code, address: word(0))
    }

    /// Runs guest code from cpu.pc until an exit the OS personality must handle.
    public func run(_ cpu: CPUState) -> GuestExit {
        syncFPCRMode(cpu)
        var target = hostCode(for: cpu.pc)
        while true {
            let code = ExitCode(rawValue: enter(cpu.raw, target))
            switch code {
            case .chain:
                let pc = cpu.pc
                let site = UInt(cpu.raw.load(fromByteOffset: Int(CPUStateLayout.chainSite), as: UInt64.self))
                let flushesBefore = stats.flushes
                target = hostCode(for: pc)
                if stats.flushes == flushesBefore { cache.patchJump(site: site, to: target) }
            case .lookup:
                syncFPCRMode(cpu)
                target = hostCode(for: cpu.pc)
                cache.setJumpCache(cpu.pc, target)
            case .syscall: return .syscall
            case .undefined:
                let word = UnsafePointer<UInt32>(bitPattern: UInt(cpu.pc))?.pointee ?? 0
                return .undefinedInstruction(word)
            case .breakpoint: return .breakpoint
            case .interrupt: return .interrupted
            case .fault: return resolveFault(cpu)
            case nil: fatalError("compat-run: internal error: bad exit code from generated code")
            }
        }
    }

    /// FPCR mode the cached translations assume.
    private var fpcrMode: UInt32 = 0

    /// Translations depend on FPCR's mode bits; a change invalidates them all (rare:
    /// fesetround, or a program asking for default-NaN/flush-to-zero).
    private func syncFPCRMode(_ cpu: CPUState) {
        let mode = cpu.fpcr & Lifter.fpcrModeMask
        if mode != fpcrMode { fpcrMode = mode; cache.flush(); flagsDeadCache.removeAll(); stats.flushes += 1 }
    }

    /// Host address of the translation of `pc`, translating it if needed.
    func hostCode(for pc: UInt64) -> UInt {
        if let h = cache.blocks[pc] { return h }
        return translate(pc)
    }

    private func translate(_ pc: UInt64) -> UInt {
        let start = monotonicNanoseconds()
        var limit = maxBlockInstructions
        while true {
            var lifted = Lifter.liftBlock(at: pc, maxInstructions: limit, fpcrMode: fpcrMode)
            setFlagLiveness(&lifted)
            let block = Optimizer.run(lifted)
            let ctx = EmitterContext(exitStub: cache.exitStub, jumpCache: UInt(bitPattern: cache.jumpCache),
                                     jumpCacheMask: cache.jumpCacheMask, lookup: { [cache] in cache.blocks[$0] },
                                     helpers: HelperTable.shared, returnSentinel: cache.returnSentinel)
            guard let (code, faults) = X64Emitter.emit(block, context: ctx) else {
                limit = max(1, limit / 2); continue     // ran out of spill slots: smaller block
            }
            guard let host = cache.install(code) else {
                cache.flush(); stats.flushes += 1; continue
            }
            cache.register(guestPC: pc, guestEnd: block.guestEnd, host: host)
            cache.faults.add(faults, at: host)
            stats.blocks += 1
            stats.guestInstructions += Int((block.guestEnd - pc) / 4)
            stats.hostBytes += code.bytes.count
            stats.nanoseconds += monotonicNanoseconds() - start
            if let log = onTranslate {  // the installed bytes, with absolute jumps resolved
                log(block, Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: host), count: code.bytes.count)), host)
            }
            return host
        }
    }

    private var flagsDeadCache: [UInt64: Bool] = [:]

    /// Flags are dead after a block (or one edge of its branch) when the direct successor
    /// overwrites them before reading them.
    private func setFlagLiveness(_ b: inout IRBlock) {
        let pages = (b.guestPC >> 12)...((b.guestEnd &- 1) >> 12)
        func dead(_ t: UInt64) -> Bool {
            if let d = flagsDeadCache[t] { return d }
            let d = FlagEntryLiveness.flagsDead(at: t, readablePages: pages)
            flagsDeadCache[t] = d
            return d
        }
        switch b.terminator {
        case .jump(let t): b.flagsLiveOut = !dead(t)
        case .branch(_, let t, let n):
            b.flagsLiveTaken = !dead(t); b.flagsLiveNotTaken = !dead(n)
            b.flagsLiveOut = b.flagsLiveTaken || b.flagsLiveNotTaken
        default: b.flagsLiveOut = true
        }
    }

    /// Guest code in [start, start+length) changed or went away: drop stale translations.
    public func invalidate(start: UInt64, length: UInt64) {
        if cache.overlapsTranslations(start, length) { cache.flush(); flagsDeadCache.removeAll(); stats.flushes += 1 }
    }
}

import CSupport
import Glibc
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
