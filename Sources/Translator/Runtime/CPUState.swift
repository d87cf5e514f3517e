// Guest AArch64 register file as the generated code sees it: a fixed raw layout
// addressed from a pinned host register (r15). Offsets are part of the ABI
// between the backend, the run loop and the syscall shim.

import CSupport

/// Byte offsets inside the guest CPU state block.
public enum CPUStateLayout {
    /// X0...X30 at 8*n; SP is slot 31 so "register 31 as SP" needs no special case.
    public static func x(_ n: Int) -> Int32 { Int32(n * 8) }
    public static let sp: Int32 = 31 * 8
    public static let pc: Int32 = 256
    /// NZCV kept in host format: bits 15..8 = x86 AH after LAHF (SF ZF - AF - PF 1 CF),
    /// bits 7..0 = OF. CF holds the *inverse* of ARM's C (x86 subtraction borrow).
    public static let nzcvHost: Int32 = 264
    public static let fpcr: Int32 = 272
    public static let fpsr: Int32 = 276
    public static let tpidr: Int32 = 280
    /// Exclusive monitor: address (or ~0 when clear), value(s) loaded, size in bytes.
    public static let exclusiveAddr: Int32 = 288
    public static let exclusiveValue: Int32 = 296
    public static let exclusiveValueHi: Int32 = 304
    /// The operand of an exit that needs one (IC IVAU: the virtual address).
    public static let exitInfo: Int32 = 312
    /// Host address of the `jmp rel32` to patch when the exit asks for chaining.
    public static let chainSite: Int32 = 320
    /// Saved host rsp of the dispatcher frame (used to leave from any depth).
    public static let hostSP: Int32 = 328
    /// Non-zero asks generated code to leave at the next block entry (set asynchronously,
    /// e.g. by a host signal handler, and cleared by the embedder).
    public static let interruptRequest: Int32 = 336
    /// Lowest host rsp the return-address stack may grow to (see Backend/EmitCalls.swift).
    public static let returnStackLimit: Int32 = 344
    /// This thread's jump cache (indirect-branch lookup table, see CodeCache): one per
    /// guest thread so lookups never see another thread's half-written entry.
    public static let jumpCacheTable: Int32 = 352
    /// Non-zero while this thread runs generated code (set by the dispatcher under the
    /// engine lock, cleared when it leaves); a cache flush waits for every thread's to be 0.
    public static let inGeneratedCode: Int32 = 360
    /// The guest's MXCSR while it is not live in the host register: generated code is entered
    /// with it loaded and leaves it stored here (CodeCache trampolines), and keeps it here across
    /// an out-of-line helper call. Its sticky flags (bits 0-5) are exception flags of inline host
    /// FP that FPSR does not hold yet (see CPUState.fpsr).
    public static let mxcsr: Int32 = 368
    /// Scratch spill slots for the register allocator: 32 x 8 bytes.
    public static let spill: Int32 = 384
    public static let spillSlots = 32
    /// V0...V31, 16 bytes each.
    public static func v(_ n: Int) -> Int32 { Int32(640 + n * 16) }
    /// Scratch for helpers that need 128-bit temporaries.
    public static let vScratch: Int32 = 640 + 32 * 16
    /// Written by the host fault handler for a fault in generated code: fault address,
    /// host pc, signal | si_code << 32, rbx rbp r12 r13 r14, eflags (see CSupport.h).
    public static let faultArea: Int32 = 640 + 34 * 16
    /// Byte offsets of the fault area's words (layout: CR_FAULT_* in CSupport.h).
    static func faultWord(_ index: Int32) -> Int32 { faultArea + 8 * index }
    /// Host addresses of the out-of-line helpers (`HelperTable.slots`), filled when the thread
    /// attaches: generated code calls `[r15 + helper(i)]`, so it holds no address of compat-run's
    /// own code and can be saved and reused by another process (PersistentCache/).
    public static func helper(_ slot: Int) -> Int32 { faultArea + 80 + Int32(slot * 8) }
    /// Written by the host fault handler with the fault area: xmm5-xmm15 (CR_FAULT_XMM_COUNT x 16
    /// bytes), where the vector register cache may hold guest V registers newer than v(n).
    public static let faultVectors: Int32 = helper(HelperTable.slotCount)
    /// Constants the scalar FP checks read as memory operands (no vector cache slot spent on
    /// them), 16 bytes each, every lane the same: `FPCheckConstant`.
    public static func fpCheckConstant(_ c: FPCheckConstant) -> Int32 {
        faultVectors + Int32(CR_FAULT_XMM_COUNT) * 16 + Int32(c.rawValue) * 16
    }
    public static let size = Int(fpCheckConstant(.magnitudeMask32)) + 16
}

/// The lane constants of `CPUStateLayout.fpCheckConstant`.
public enum FPCheckConstant: Int, CaseIterable, Sendable {
    case smallestNormal64, smallestNormal32, magnitudeMask64, magnitudeMask32
    /// Its 16 bytes as two equal 64-bit words.
    var word: UInt64 {
        switch self {
        case .smallestNormal64: return 0x0010_0000_0000_0000
        case .smallestNormal32: return 0x0080_0000_0080_0000
        case .magnitudeMask64: return 0x7FFF_FFFF_FFFF_FFFF
        case .magnitudeMask32: return 0x7FFF_FFFF_7FFF_FFFF
        }
    }
    static func smallestNormal(double: Bool) -> Self { double ? .smallestNormal64 : .smallestNormal32 }
    static func magnitudeMask(double: Bool) -> Self { double ? .magnitudeMask64 : .magnitudeMask32 }
}

/// A handle on one guest CPU's state. The memory lives as long as the handle's owner keeps it.
public struct CPUState: @unchecked Sendable {
    public let raw: UnsafeMutableRawPointer

    public init(raw: UnsafeMutableRawPointer) { self.raw = raw }

    public init() {
        raw = UnsafeMutableRawPointer.allocate(byteCount: CPUStateLayout.size, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: CPUStateLayout.size)
        exclusiveAddress = ~0
        nzcv = 0
        mxcsr = CPUState.defaultMXCSR
        for c in FPCheckConstant.allCases {
            store64(CPUStateLayout.fpCheckConstant(c), c.word); store64(CPUStateLayout.fpCheckConstant(c) + 8, c.word)
        }
    }

    /// A new thread's state: a copy of `parent`'s registers (clone), with none of its
    /// runtime words (jump cache, exclusive monitor, pending interrupt, host stack).
    public init(copyingRegistersOf parent: CPUState) {
        self.init()
        raw.copyMemory(from: parent.raw, byteCount: Int(CPUStateLayout.exitInfo))   // X0-X30, SP, pc, flags, FP control, TPIDR
        for n in 0..<32 { let v = parent.v(n); setV(n, lo: v.lo, hi: v.hi) }
        exclusiveAddress = ~0
        mxcsr = parent.mxcsr  // pending exception flags are part of FPSR
    }

    /// Releases the state block of a thread that has ended.
    public func deallocate() { raw.deallocate() }

    @inline(__always) private func load64(_ off: Int32) -> UInt64 { raw.load(fromByteOffset: Int(off), as: UInt64.self) }
    @inline(__always) private func store64(_ off: Int32, _ v: UInt64) { raw.storeBytes(of: v, toByteOffset: Int(off), as: UInt64.self) }

    /// X register n (0...30); n == 31 reads SP here (callers wanting XZR must check).
    public func x(_ n: Int) -> UInt64 { load64(CPUStateLayout.x(n)) }
    public func setX(_ n: Int, _ v: UInt64) { store64(CPUStateLayout.x(n), v) }

    public var sp: UInt64 { get { load64(CPUStateLayout.sp) } nonmutating set { store64(CPUStateLayout.sp, newValue) } }
    public var pc: UInt64 { get { load64(CPUStateLayout.pc) } nonmutating set { store64(CPUStateLayout.pc, newValue) } }
    public var tpidr: UInt64 { get { load64(CPUStateLayout.tpidr) } nonmutating set { store64(CPUStateLayout.tpidr, newValue) } }
    public var exclusiveAddress: UInt64 {
        get { load64(CPUStateLayout.exclusiveAddr) } nonmutating set { store64(CPUStateLayout.exclusiveAddr, newValue) }
    }
    public var fpcr: UInt32 {
        get { raw.load(fromByteOffset: Int(CPUStateLayout.fpcr), as: UInt32.self) }
        nonmutating set { raw.storeBytes(of: newValue, toByteOffset: Int(CPUStateLayout.fpcr), as: UInt32.self) }
    }
    /// FPSR: the stored word ORed with the exception flags inline host FP left in the saved
    /// MXCSR (outside generated code, or inside an out-of-line helper, that is the guest's);
    /// writing it moves those into the word (MXCSR's flags are cleared).
    public var fpsr: UInt32 {
        get { raw.load(fromByteOffset: Int(CPUStateLayout.fpsr), as: UInt32.self) | CPUState.fpsrFlags(mxcsr: mxcsr) }
        nonmutating set {
            raw.storeBytes(of: newValue, toByteOffset: Int(CPUStateLayout.fpsr), as: UInt32.self)
            mxcsr &= ~0x3F
        }
    }

    /// The saved guest MXCSR (see CPUStateLayout.mxcsr).
    var mxcsr: UInt32 {
        get { raw.load(fromByteOffset: Int(CPUStateLayout.mxcsr), as: UInt32.self) }
        nonmutating set { raw.storeBytes(of: newValue, toByteOffset: Int(CPUStateLayout.mxcsr), as: UInt32.self) }
    }

    /// All exceptions masked, round to nearest, no flush-to-zero or denormals-are-zero.
    static let defaultMXCSR: UInt32 = 0x1F80

    /// MXCSR's sticky flags as FPSR's: IE->IOC, ZE->DZC, OE->OFC, UE->UFC, PE->IXC (DE, bit 1,
    /// means nothing for ARM: IDC only exists under FPCR.FZ, whose forms run out of line).
    static func fpsrFlags(mxcsr m: UInt32) -> UInt32 { (m & 1) | ((m >> 1) & 0x1E) }

    /// FPCR bits that hold what is written: AHP, DN, FZ, RMode, Stride, Len. FZ16 is RES0
    /// (no FP16 in HWCAP) and the trap enables are RAZ/WI (no trapped FP exceptions,
    /// which glibc's feenableexcept detects by reading FPCR back).
    public static let fpcrWritable: UInt32 = 0x07F7_0000
    /// FPSR bits that hold what is written: N, Z, C, V, QC and the cumulative flags.
    public static let fpsrWritable: UInt32 = 0xF800_009F

    /// NZCV in ARM format (bits 31..28).
    public var nzcv: UInt32 {
        get { HostFlags.toARM(raw.load(fromByteOffset: Int(CPUStateLayout.nzcvHost), as: UInt16.self)) }
        nonmutating set {
            raw.storeBytes(of: HostFlags.fromARM(newValue), toByteOffset: Int(CPUStateLayout.nzcvHost), as: UInt16.self)
        }
    }

    /// Low and high 64-bit halves of V register n.
    public func v(_ n: Int) -> (lo: UInt64, hi: UInt64) {
        (load64(CPUStateLayout.v(n)), load64(CPUStateLayout.v(n) + 8))
    }
    public func setV(_ n: Int, lo: UInt64, hi: UInt64) {
        store64(CPUStateLayout.v(n), lo)
        store64(CPUStateLayout.v(n) + 8, hi)
    }
}

/// Conversion between ARM NZCV and the host-format flags word kept in the state.
public enum HostFlags {
    // AH bit positions after LAHF
    static let sf: UInt16 = 1 << 15, zf: UInt16 = 1 << 14, cf: UInt16 = 1 << 8, fixedOne: UInt16 = 1 << 9

    public static func toARM(_ h: UInt16) -> UInt32 {
        var r: UInt32 = 0
        if h & sf != 0 { r |= 1 << 31 }
        if h & zf != 0 { r |= 1 << 30 }
        if h & cf == 0 { r |= 1 << 29 }  // host CF is ARM's inverted C
        if h & 0xFF != 0 { r |= 1 << 28 }
        return r
    }

    /// ARM NZCV from a host RFLAGS value (CF is the inverted C, as in the state word).
    public static func fromEFLAGS(_ f: UInt64) -> UInt32 {
        var r: UInt32 = 0
        if f & (1 << 7) != 0 { r |= 1 << 31 }    // SF
        if f & (1 << 6) != 0 { r |= 1 << 30 }    // ZF
        if f & 1 == 0 { r |= 1 << 29 }           // CF
        if f & (1 << 11) != 0 { r |= 1 << 28 }   // OF
        return r
    }

    public static func fromARM(_ a: UInt32) -> UInt16 {
        var h: UInt16 = fixedOne
        if a & (1 << 31) != 0 { h |= sf }
        if a & (1 << 30) != 0 { h |= zf }
        if a & (1 << 29) == 0 { h |= cf }
        if a & (1 << 28) != 0 { h |= 1 }
        return h
    }
}
