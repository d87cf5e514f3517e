// Guest signal delivery: the arm64 rt_sigframe layout, frame construction and the
// rt_sigreturn round trip, and host-recorded signals reaching the guest handler.
import CSupport
import Glibc
import Translator
import XCTest
@testable import SyscallShim

final class SignalDeliveryTests: XCTestCase {
    typealias L = SignalFrameLayout
    static let saSiginfo: UInt64 = 4, saRestorer: UInt64 = 0x0400_0000, saOnStack: UInt64 = 0x0800_0000
    static let saRestart: UInt64 = 0x1000_0000
    let rtSigreturn: UInt64 = 139, rtSigpending: UInt64 = 136, nrGetpid: UInt64 = 172

    var shim: LinuxPersonality!
    var stack: UnsafeMutableRawPointer!
    let stackSize = 1 << 16

    override func setUp() {
        shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
        shim.setGuestMask([])
        stack = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16)
        stack.initializeMemory(as: UInt8.self, repeating: 0xCC, count: stackSize)
    }

    override func tearDown() {
        for sig in [SIGUSR1, SIGUSR2] { _ = cr_set_host_disposition(sig, 0, 0); PendingSignals.ofCallingThread.discard(sig) }
        shim.setGuestMask([])
        stack.deallocate()
    }

    var stackTop: UInt64 { addr(stack) + UInt64(stackSize) }

    /// A CPU with a distinct value in every register the frame saves.
    func filledCPU(sp: UInt64) -> CPUState {
        let cpu = CPUState()
        for n in 0..<31 { cpu.setX(n, 0x1111_0000_0000_0000 &+ UInt64(n) &* 0x0101_0101) }
        cpu.sp = sp
        cpu.pc = 0x40_1234
        cpu.nzcv = 0xA000_0000
        cpu.fpsr = 0x0800_001F
        cpu.fpcr = 0x0340_0000
        for n in 0..<32 { cpu.setV(n, lo: 0xAAAA_0000_0000_0000 | UInt64(n), hi: 0xBBBB_0000_0000_0000 | UInt64(n)) }
        return cpu
    }

    func assertRestored(_ cpu: CPUState, sp: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        for n in 0..<31 {
            XCTAssertEqual(cpu.x(n), 0x1111_0000_0000_0000 &+ UInt64(n) &* 0x0101_0101, "x\(n)", file: file, line: line)
        }
        XCTAssertEqual(cpu.sp, sp, file: file, line: line)
        XCTAssertEqual(cpu.pc, 0x40_1234, file: file, line: line)
        XCTAssertEqual(cpu.nzcv, 0xA000_0000, file: file, line: line)
        XCTAssertEqual(cpu.fpsr, 0x0800_001F, file: file, line: line)
        XCTAssertEqual(cpu.fpcr, 0x0340_0000, file: file, line: line)
        for n in 0..<32 {
            XCTAssertEqual(cpu.v(n).lo, 0xAAAA_0000_0000_0000 | UInt64(n), "v\(n).lo", file: file, line: line)
            XCTAssertEqual(cpu.v(n).hi, 0xBBBB_0000_0000_0000 | UInt64(n), "v\(n).hi", file: file, line: line)
        }
    }

    func clobber(_ cpu: CPUState) {
        for n in 0..<31 { cpu.setX(n, 0xDEAD) }
        cpu.pc = 0xDEAD; cpu.nzcv = 0x5000_0000; cpu.fpsr = 0; cpu.fpcr = 0
        for n in 0..<32 { cpu.setV(n, lo: 0, hi: 0) }
    }

    func testLayoutMatchesArm64Kernel() {
        XCTAssertEqual(L.siginfoSize, 128)
        XCTAssertEqual(L.uc, 128)
        XCTAssertEqual(L.ucStack, 128 + 16)
        XCTAssertEqual(L.ucSigmask, 128 + 40)
        XCTAssertEqual(L.mcontext, 128 + 176)       // offsetof(ucontext, uc_mcontext) = 176
        XCTAssertEqual(L.faultAddress, 304)
        XCTAssertEqual(L.reg(0), 312)
        XCTAssertEqual(L.reg(30), 552)
        XCTAssertEqual(L.sp, 560)
        XCTAssertEqual(L.pc, 568)
        XCTAssertEqual(L.pstate, 576)
        XCTAssertEqual(L.reserved, 592)
        XCTAssertEqual(L.reserved % 16, 0)
        XCTAssertEqual(L.size, 4688)                // sizeof(struct rt_sigframe)
        XCTAssertEqual(L.fpsimdSize, 528)
        XCTAssertEqual(L.terminator, 592 + 528)
    }

    func testFrameContentsAndEntryRegisters() {
        let sp = stackTop - 0x100 + 8   // deliberately misaligned
        let cpu = filledCPU(sp: sp)
        var info = [UInt8](repeating: 0, count: 128)
        for i in 0..<128 { info[i] = UInt8(i) }
        let action = GuestSigaction(handler: 0x40_8000, flags: [.siginfo, .restorer], restorer: 0x40_9000, mask: [])
        let frame = info.withUnsafeBytes {
            shim.pushSignalFrame(cpu, signal: SIGUSR1, info: $0.baseAddress, action: action, savedMask: SignalSet(rawValue: 0x1234))
        }
        let record = (sp - 16) & ~15
        XCTAssertEqual(frame, record - UInt64(L.size))
        XCTAssertEqual(frame % 16, 0)
        XCTAssertEqual(cpu.sp, frame)
        XCTAssertEqual(cpu.pc, 0x40_8000)
        XCTAssertEqual(cpu.x(0), UInt64(SIGUSR1))
        XCTAssertEqual(cpu.x(1), frame)
        XCTAssertEqual(cpu.x(2), frame + 128)
        XCTAssertEqual(cpu.x(29), record)
        XCTAssertEqual(cpu.x(30), 0x40_9000)

        let f = UnsafeRawPointer(bitPattern: UInt(frame))!
        XCTAssertEqual(f.load(fromByteOffset: 5, as: UInt8.self), 5, "siginfo copied")
        XCTAssertEqual(f.load(fromByteOffset: L.ucFlags, as: UInt64.self), 0)
        XCTAssertEqual(f.load(fromByteOffset: L.ucLink, as: UInt64.self), 0)
        XCTAssertEqual(f.load(fromByteOffset: L.ucStack + 8, as: Int32.self), 2, "SS_DISABLE")
        XCTAssertEqual(f.load(fromByteOffset: L.ucSigmask, as: UInt64.self), 0x1234)
        XCTAssertEqual(f.load(fromByteOffset: L.reg(7), as: UInt64.self), 0x1111_0000_0000_0000 &+ 7 &* 0x0101_0101)
        XCTAssertEqual(f.load(fromByteOffset: L.sp, as: UInt64.self), sp)
        XCTAssertEqual(f.load(fromByteOffset: L.pc, as: UInt64.self), 0x40_1234)
        XCTAssertEqual(f.load(fromByteOffset: L.pstate, as: UInt64.self), 0xA000_0000)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd, as: UInt32.self), 0x4650_8001)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd + 4, as: UInt32.self), 528)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd + 8, as: UInt32.self), 0x0800_001F)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd + 12, as: UInt32.self), 0x0340_0000)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd + 16 + 16 * 3, as: UInt64.self), 0xAAAA_0000_0000_0003)
        XCTAssertEqual(f.load(fromByteOffset: L.fpsimd + 24 + 16 * 3, as: UInt64.self), 0xBBBB_0000_0000_0003)
        XCTAssertEqual(f.load(fromByteOffset: L.terminator, as: UInt64.self), 0)
        let r = UnsafeRawPointer(bitPattern: UInt(record))!
        XCTAssertEqual(r.load(as: UInt64.self), 0x1111_0000_0000_0000 &+ 29 &* 0x0101_0101, "frame record fp")
        XCTAssertEqual(r.load(fromByteOffset: 8, as: UInt64.self), 0x1111_0000_0000_0000 &+ 30 &* 0x0101_0101, "frame record lr")
    }

    func testSigreturnRestoresEveryRegisterAndTheMask() {
        let sp = stackTop - 0x200
        let cpu = filledCPU(sp: sp)
        let action = GuestSigaction(handler: 0x40_8000, flags: [.siginfo, .restorer], restorer: 0x40_9000)
        let saved = SignalSet.signal(SIGUSR2)
        shim.pushSignalFrame(cpu, signal: SIGUSR1, info: nil, action: action, savedMask: saved)
        shim.setGuestMask(.signal(SIGUSR1))
        let frame = cpu.sp
        clobber(cpu)
        cpu.sp = frame
        XCTAssertEqual(sys(shim, rtSigreturn, cpu: cpu), Int64(bitPattern: 0x1111_0000_0000_0000), "returns restored x0")
        assertRestored(cpu, sp: sp)
        XCTAssertEqual(shim.blockedSignals, saved)
        var host = sigset_t()
        sigprocmask(SIG_BLOCK, nil, &host)
        XCTAssertEqual(sigismember(&host, SIGUSR2), 1, "mask mirrored to the host")
        XCTAssertEqual(sigismember(&host, SIGUSR1), 0)
    }

    func testWithoutSiginfoX1X2AreUntouched() {
        let cpu = filledCPU(sp: stackTop - 0x100)
        let action = GuestSigaction(handler: 0x40_8000, flags: .restorer, restorer: 0x40_9000)
        shim.pushSignalFrame(cpu, signal: SIGUSR1, info: nil, action: action, savedMask: [])
        XCTAssertEqual(cpu.x(1), 0x1111_0000_0000_0000 &+ 0x0101_0101)
        XCTAssertEqual(cpu.x(2), 0x1111_0000_0000_0000 &+ 2 &* 0x0101_0101)
    }

    func testAlternateStackWithOnStack() {
        let ss = guardedBuffer(24)
        defer { ss.deallocate() }
        let alt = addr(stack), altSize = UInt64(stackSize / 2)
        ss.storeBytes(of: alt, as: UInt64.self)
        ss.storeBytes(of: altSize, toByteOffset: 16, as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.sigaltstack, addr(ss), 0), 0)
        let cpu = filledCPU(sp: stackTop - 0x40)   // the normal stack: upper half of the buffer
        let action = GuestSigaction(handler: 0x40_8000, flags: [.restorer, .onStack], restorer: 0x40_9000)
        let frame = shim.pushSignalFrame(cpu, signal: SIGUSR1, info: nil, action: action, savedMask: [])
        XCTAssertEqual(frame, alt + altSize - 16 - UInt64(L.size))
        let f = UnsafeRawPointer(bitPattern: UInt(frame))!
        XCTAssertEqual(f.load(fromByteOffset: L.ucStack, as: UInt64.self), alt)
        XCTAssertEqual(f.load(fromByteOffset: L.ucStack + 8, as: Int32.self), 0)
        XCTAssertEqual(f.load(fromByteOffset: L.ucStack + 16, as: UInt64.self), altSize)
        // While on the alternate stack: reported as SS_ONSTACK, cannot be changed, nested frames stay on it.
        let old = guardedBuffer(24)
        defer { old.deallocate() }
        XCTAssertEqual(sys(shim, NR.sigaltstack, 0, addr(old), cpu: cpu), 0)
        XCTAssertEqual(old.load(fromByteOffset: 8, as: Int32.self), 1)
        XCTAssertEqual(sys(shim, NR.sigaltstack, addr(ss), 0, cpu: cpu), -1, "EPERM on the alternate stack")
        cpu.sp = frame
        let nested = shim.pushSignalFrame(cpu, signal: SIGUSR1, info: nil, action: action, savedMask: [])
        XCTAssertEqual(nested, ((frame - 16) & ~15) - UInt64(L.size))
    }

    func testCorruptFrameRecordsAreRejected() {
        let cpu = filledCPU(sp: stackTop - 0x100)
        let action = GuestSigaction(handler: 0x40_8000, flags: .restorer, restorer: 0x40_9000)
        let frame = shim.pushSignalFrame(cpu, signal: SIGUSR1, info: nil, action: action, savedMask: [])
        let f = UnsafeMutableRawPointer(bitPattern: UInt(frame))!
        XCTAssertEqual(LinuxPersonality.findFPSIMDRecord(f), L.fpsimd)
        f.storeBytes(of: UInt32(0x1234_5678), toByteOffset: L.terminator, as: UInt32.self)
        XCTAssertNil(LinuxPersonality.findFPSIMDRecord(f), "unknown record")
        f.storeBytes(of: UInt64(0), toByteOffset: L.terminator, as: UInt64.self)
        f.storeBytes(of: UInt32(0), toByteOffset: L.fpsimd, as: UInt32.self)
        XCTAssertNil(LinuxPersonality.findFPSIMDRecord(f), "fpsimd record missing")
    }

    /// Installs a guest handler for `sig` through rt_sigaction.
    func installGuestHandler(_ sig: Int32, flags: UInt64, mask: UInt64 = 0) {
        let act = guardedBuffer(32)
        defer { act.deallocate() }
        for (i, v) in ([0x40_8000, flags | Self.saRestorer, 0x40_9000, mask] as [UInt64]).enumerated() {
            act.storeBytes(of: v, toByteOffset: 8 * i, as: UInt64.self)
        }
        XCTAssertEqual(sys(shim, NR.rtSigaction, UInt64(sig), addr(act), 0, 8), 0)
    }

    func testHostSignalReachesGuestHandler() {
        installGuestHandler(SIGUSR1, flags: Self.saSiginfo, mask: UInt64(1) << UInt64(SIGUSR2 - 1))
        XCTAssertEqual(raise(SIGUSR1), 0, "recorded, not fatal")
        XCTAssertTrue(shim.hasDeliverableSignal)
        let sp = stackTop - 0x100
        let cpu = filledCPU(sp: sp)
        cpu.pc = 0x40_1234 + 4   // just past an SVC
        let x8 = cpu.x(8)
        cpu.setX(8, nrGetpid)
        XCTAssertEqual(shim.handleSyscall(cpu), .resume)
        cpu.setX(8, x8)   // as the frame should record it
        XCTAssertEqual(cpu.pc, 0x40_1234, "SVC not executed: rewound to run after the handler")
        XCTAssertEqual(cpu.x(0), 0x1111_0000_0000_0000, "x0 untouched")
        shim.deliverPendingSignals(cpu)
        XCTAssertFalse(shim.hasDeliverableSignal)
        XCTAssertEqual(cpu.pc, 0x40_8000)
        XCTAssertEqual(cpu.x(0), UInt64(SIGUSR1))
        let info = UnsafeRawPointer(bitPattern: UInt(cpu.x(1)))!
        XCTAssertEqual(info.load(as: Int32.self), SIGUSR1, "si_signo")
        XCTAssertEqual(info.load(fromByteOffset: 8, as: Int32.self), -6, "si_code SI_TKILL")
        XCTAssertEqual(info.load(fromByteOffset: 16, as: Int32.self), getpid(), "si_pid")
        XCTAssertEqual(shim.blockedSignals, [.signal(SIGUSR1), .signal(SIGUSR2)],
                       "sa_mask and the signal itself blocked in the handler")
        cpu.setX(8, rtSigreturn)
        _ = shim.handleSyscall(cpu)
        assertRestored(cpu, sp: sp)
        XCTAssertEqual(shim.blockedSignals, [])
    }

    func testBlockedSignalStaysPendingUntilUnblocked() {
        installGuestHandler(SIGUSR1, flags: 0)
        let set = guardedBuffer(8)
        defer { set.deallocate() }
        set.storeBytes(of: UInt64(1) << UInt64(SIGUSR1 - 1), as: UInt64.self)
        let cpu = filledCPU(sp: stackTop - 0x100)
        XCTAssertEqual(sys(shim, NR.rtSigprocmask, 0, addr(set), 0, 8, cpu: cpu), 0)
        XCTAssertEqual(raise(SIGUSR1), 0)
        XCTAssertFalse(shim.hasDeliverableSignal)
        let pending = guardedBuffer(8)
        defer { pending.deallocate() }
        XCTAssertEqual(sys(shim, rtSigpending, addr(pending), 8, cpu: cpu), 0)
        XCTAssertEqual(pending.load(as: UInt64.self), UInt64(1) << UInt64(SIGUSR1 - 1))
        cpu.pc = 0x40_2000
        XCTAssertEqual(sys(shim, NR.rtSigprocmask, 1, addr(set), 0, 8, cpu: cpu), 0)  // SIG_UNBLOCK
        XCTAssertTrue(shim.hasDeliverableSignal, "unblocking ran the recorder")
        shim.deliverPendingSignals(cpu)
        XCTAssertEqual(cpu.pc, 0x40_8000)
        let frame = UnsafeRawPointer(bitPattern: UInt(cpu.sp))!
        XCTAssertEqual(frame.load(fromByteOffset: L.pc, as: UInt64.self), 0x40_2000, "resumes after the sigprocmask SVC")
    }

    func testInterruptedRestartableSyscallIsRewoundUnderSARestart() {
        installGuestHandler(SIGUSR1, flags: Self.saRestart)
        let cpu = filledCPU(sp: stackTop - 0x100)
        cpu.pc = 0x40_2004
        shim.noteInterrupted(63, originalX0: 5, cpu: cpu)   // read() came back with -EINTR
        cpu.setX(0, UInt64(bitPattern: -4))
        XCTAssertEqual(raise(SIGUSR1), 0)
        shim.deliverPendingSignals(cpu)
        let frame = UnsafeRawPointer(bitPattern: UInt(cpu.sp))!
        XCTAssertEqual(frame.load(fromByteOffset: L.pc, as: UInt64.self), 0x40_2000, "SVC re-executed after the handler")
        XCTAssertEqual(frame.load(fromByteOffset: L.reg(0), as: UInt64.self), 5, "original x0")
    }

    func testInterruptedSyscallReturnsEINTRWithoutSARestart() {
        installGuestHandler(SIGUSR1, flags: 0)
        let cpu = filledCPU(sp: stackTop - 0x100)
        cpu.pc = 0x40_2004
        shim.noteInterrupted(63, originalX0: 5, cpu: cpu)
        cpu.setX(0, UInt64(bitPattern: -4))
        XCTAssertEqual(raise(SIGUSR1), 0)
        shim.deliverPendingSignals(cpu)
        let frame = UnsafeRawPointer(bitPattern: UInt(cpu.sp))!
        XCTAssertEqual(frame.load(fromByteOffset: L.pc, as: UInt64.self), 0x40_2004)
        XCTAssertEqual(frame.load(fromByteOffset: L.reg(0), as: UInt64.self), UInt64(bitPattern: -4))
    }
}
