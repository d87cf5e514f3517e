// The signal state's owned parts as specifications: SignalDispositions (per process),
// ThreadSignalState (per thread) and PendingSignals (the queue rules), without a
// personality or a host signal.
import CSupport
import Glibc
import XCTest
@testable import SyscallShim

final class SignalDispositionsTests: XCTestCase {
    func testEverySignalStartsAtTheDefaultAction() {
        let table = SignalDispositions()
        for sig in SignalDispositions.signals { XCTAssertEqual(table.action(for: sig).disposition, .defaultAction) }
        XCTAssertEqual(table.action(for: 0), GuestSigaction(), "not a signal: SIG_DFL")
        XCTAssertEqual(table.action(for: 65), GuestSigaction())
    }

    func testSigkillSigstopAndNonSignalsCannotChange() {
        var table = SignalDispositions()
        let handler = GuestSigaction(handler: 0x4000)
        XCTAssertNil(table.change(Sig.kill, to: handler))
        XCTAssertNil(table.change(Sig.stop, to: handler))
        XCTAssertNil(table.change(0, to: handler))
        XCTAssertNil(table.change(65, to: handler))
        XCTAssertEqual(table.action(for: Sig.kill), GuestSigaction())
    }

    func testStoredMaskNeverBlocksSigkillOrSigstop() {
        var table = SignalDispositions()
        let all = GuestSigaction(handler: 0x4000, mask: SignalSet(rawValue: ~0))
        XCTAssertEqual(table.change(SIGUSR1, to: all)?.mask, SignalSet(rawValue: ~0).subtracting(.unblockable))
        XCTAssertEqual(table.action(for: SIGUSR1).mask, SignalSet(rawValue: ~0).subtracting(.unblockable))
    }

    func testResetHandlerGoesBackToTheDefaultWhenEntered() {
        var table = SignalDispositions()
        _ = table.change(SIGUSR1, to: GuestSigaction(handler: 0x4000, flags: [.resetHandler, .siginfo]))
        _ = table.change(SIGUSR2, to: GuestSigaction(handler: 0x5000))
        XCTAssertTrue(table.handlerEntered(SIGUSR1))
        XCTAssertEqual(table.action(for: SIGUSR1).disposition, .defaultAction)
        XCTAssertEqual(table.action(for: SIGUSR1).flags, [.resetHandler, .siginfo], "only the handler resets")
        XCTAssertFalse(table.handlerEntered(SIGUSR2))
        XCTAssertEqual(table.action(for: SIGUSR2).disposition, .handler(0x5000))
    }

    func testIgnoringDiscardsPendingAsDoSigactionDoes() {
        XCTAssertTrue(GuestSigaction(handler: Sig.ignore).discardsPending(SIGUSR1))
        XCTAssertTrue(GuestSigaction(handler: Sig.defaultAction).discardsPending(SIGCHLD), "default is to ignore")
        XCTAssertFalse(GuestSigaction(handler: Sig.defaultAction).discardsPending(SIGTERM), "default kills")
        XCTAssertFalse(GuestSigaction(handler: 0x4000).discardsPending(SIGCHLD))
    }
}

final class ThreadSignalStateTests: XCTestCase {
    func testBlockedMaskNeverHoldsSigkillOrSigstop() {
        var state = ThreadSignalState(blocked: SignalSet(rawValue: ~0))
        XCTAssertEqual(state.blocked, SignalSet(rawValue: ~0).subtracting(.unblockable))
        state.block(only: [.signal(Sig.kill), .signal(SIGUSR1)])
        XCTAssertEqual(state.blocked, .signal(SIGUSR1))
    }

    func testSigprocmaskHow() {
        let state = ThreadSignalState(blocked: [.signal(SIGUSR1)])
        XCTAssertEqual(state.blocked(after: 0, [.signal(SIGUSR2)]), [.signal(SIGUSR1), .signal(SIGUSR2)], "SIG_BLOCK")
        XCTAssertEqual(state.blocked(after: 1, [.signal(SIGUSR1)]), [], "SIG_UNBLOCK")
        XCTAssertEqual(state.blocked(after: 2, [.signal(SIGINT), .signal(Sig.stop)]), [.signal(SIGINT)], "SIG_SETMASK")
        XCTAssertNil(state.blocked(after: 3, []), "EINVAL")
    }

    func testHandlerMaskAddsSaMaskAndTheSignalUnlessNodefer() {
        let state = ThreadSignalState(blocked: [.signal(SIGINT)])
        let action = GuestSigaction(handler: 0x4000, mask: .signal(SIGTERM))
        XCTAssertEqual(state.handlerMask(for: SIGUSR1, action), [.signal(SIGINT), .signal(SIGTERM), .signal(SIGUSR1)])
        var noDefer = action
        noDefer.flags = .noDefer
        XCTAssertEqual(state.handlerMask(for: SIGUSR1, noDefer), [.signal(SIGINT), .signal(SIGTERM)])
    }

    func testDeliverableOnlyWhenAPendingSignalIsNotBlocked() {
        let state = ThreadSignalState(blocked: [.signal(SIGUSR1)])
        XCTAssertFalse(state.canDeliver(any: [.signal(SIGUSR1)]))
        XCTAssertTrue(state.canDeliver(any: [.signal(SIGUSR1), .signal(SIGUSR2)]))
        XCTAssertFalse(state.canDeliver(any: []))
    }

    func testNewThreadKeepsTheMaskButNotTheAlternateStack() {
        var state = ThreadSignalState(blocked: [.signal(SIGUSR1)])
        XCTAssertEqual(state.setAltStack(GuestSignalStack(base: 0x10000, flags: 0, size: 0x4000), sp: 0x7000_0000), 0)
        let child = state.forNewThread()
        XCTAssertEqual(child.blocked, [.signal(SIGUSR1)])
        XCTAssertEqual(child.altStack, GuestSignalStack())
    }

    func testAltStackRulesOfDoSigaltstack() {
        var state = ThreadSignalState(blocked: [])
        XCTAssertEqual(state.altStackState(sp: 0x1000), Sig.ssDisable, "none at first")
        XCTAssertEqual(state.setAltStack(GuestSignalStack(base: 0x10000, flags: 0, size: 100), sp: 0), -Errno.ENOMEM,
                       "below MINSIGSTKSZ")
        XCTAssertEqual(state.setAltStack(GuestSignalStack(base: 0x10000, flags: 4, size: 0x4000), sp: 0), -Errno.EINVAL,
                       "unknown mode")
        XCTAssertEqual(state.setAltStack(GuestSignalStack(base: 0x10000, flags: 0, size: 0x4000), sp: 0), 0)
        XCTAssertEqual(state.altStackState(sp: 0x12000), Sig.ssOnStack)
        XCTAssertEqual(state.altStackState(sp: 0x20000), 0)
        XCTAssertEqual(state.setAltStack(GuestSignalStack(flags: Sig.ssDisable), sp: 0x12000), -Errno.EPERM,
                       "cannot change the stack it runs on")
        XCTAssertEqual(state.reportedAltStack(sp: 0x12000), GuestSignalStack(base: 0x10000, flags: Sig.ssOnStack, size: 0x4000))
        XCTAssertEqual(state.setAltStack(GuestSignalStack(base: 0x99, flags: Sig.ssDisable, size: 0x99), sp: 0x20000), 0)
        XCTAssertEqual(state.altStack, GuestSignalStack(base: 0, flags: Sig.ssDisable, size: 0), "SS_DISABLE forgets it")
    }

    func testFramesGoOnTheAlternateStackOnlyForOnStackActionsNotAlreadyOnIt() {
        var state = ThreadSignalState(blocked: [])
        _ = state.setAltStack(GuestSignalStack(base: 0x10000, flags: 0, size: 0x4000), sp: 0)
        let onStack = GuestSigaction(handler: 0x4000, flags: .onStack)
        XCTAssertEqual(state.frameStack(for: onStack, sp: 0x80000).top, 0x14000)
        XCTAssertEqual(state.frameStack(for: onStack, sp: 0x13000).top, 0x13000, "nested: stays where it is")
        XCTAssertEqual(state.frameStack(for: GuestSigaction(handler: 0x4000), sp: 0x80000).top, 0x80000)
    }

    func testAutoDisarmSavesTheStackThenDisarmsIt() {
        var state = ThreadSignalState(blocked: [])
        let armed = GuestSignalStack(base: 0x10000, flags: Sig.ssAutoDisarm, size: 0x4000)
        XCTAssertEqual(state.setAltStack(armed, sp: 0), 0)
        XCTAssertEqual(state.reportedAltStack(sp: 0x80000).flags, Sig.ssAutoDisarm, "sas_ss_flags | SS_AUTODISARM")
        let (top, saved) = state.frameStack(for: GuestSigaction(handler: 0x4000, flags: .onStack), sp: 0x80000)
        XCTAssertEqual(top, 0x14000)
        XCTAssertEqual(saved, armed, "uc_stack holds it for rt_sigreturn")
        XCTAssertEqual(state.altStack, GuestSignalStack(), "disarmed while the handler runs")
        XCTAssertEqual(state.setAltStack(saved, sp: 0x13000), 0, "rt_sigreturn re-arms it")
        XCTAssertEqual(state.altStack, armed)
    }
}

final class PendingSignalsTests: XCTestCase {
    private var queue: UnsafeMutablePointer<cr_pending_signals>!
    private var pending: PendingSignals { PendingSignals(queue: queue) }

    override func setUp() {
        queue = .allocate(capacity: 1)
        queue.initialize(to: cr_pending_signals())
    }

    override func tearDown() { queue.deallocate() }

    private func record(_ sig: Int32, value: Int32) {
        var info = siginfo_t()
        withUnsafeMutableBytes(of: &info) { raw in
            raw.storeBytes(of: sig, toByteOffset: GuestSiginfo.signo, as: Int32.self)
            raw.storeBytes(of: value, toByteOffset: GuestSiginfo.value, as: Int32.self)
        }
        pending.record(sig, &info)
    }

    /// Takes every deliverable instance: (signal, si_value) in delivery order.
    private func drain(blocked: SignalSet = []) -> [(Int32, Int32)] {
        var out: [(Int32, Int32)] = []
        var info = siginfo_t()
        while let sig = pending.take(notIn: blocked, info: &info) {
            out.append((sig, withUnsafeBytes(of: &info) { $0.load(fromByteOffset: GuestSiginfo.value, as: Int32.self) }))
        }
        return out
    }

    func testStandardSignalsCoalesceKeepingTheLatestSiginfo() {
        record(SIGUSR1, value: 1)
        record(SIGUSR1, value: 2)
        XCTAssertEqual(pending.signals, .signal(SIGUSR1))
        let got = drain()
        XCTAssertEqual(got.map(\.0), [SIGUSR1])
        XCTAssertEqual(got.map(\.1), [2])
        XCTAssertEqual(pending.signals, [])
    }

    func testRealTimeSignalsQueueInArrivalOrder() {
        let rt = Int32(40)
        for v: Int32 in [1, 2, 3] { record(rt, value: v) }
        XCTAssertEqual(pending.signals, .signal(rt))
        let got = drain()
        XCTAssertEqual(got.map(\.0), [rt, rt, rt])
        XCTAssertEqual(got.map(\.1), [1, 2, 3])
    }

    func testLowestNumberFirstAndBlockedOnesStay() {
        record(40, value: 0)
        record(SIGUSR2, value: 0)
        record(SIGINT, value: 0)
        record(SIGUSR1, value: 0)
        XCTAssertEqual(drain(blocked: [.signal(SIGUSR1)]).map(\.0), [SIGINT, SIGUSR2, 40])
        XCTAssertEqual(pending.signals, .signal(SIGUSR1), "blocked: still pending")
        XCTAssertEqual(drain().map(\.0), [SIGUSR1])
    }

    func testDiscardForgetsEveryQueuedInstance() {
        for v: Int32 in [1, 2] { record(40, value: v) }
        record(SIGUSR1, value: 0)
        pending.discard(40)
        XCTAssertEqual(pending.signals, .signal(SIGUSR1))
        XCTAssertEqual(drain().map(\.0), [SIGUSR1])
    }

    func testAFullRealTimeQueueCoalesces() {
        let rt = Int32(50)
        for v in 0...Int32(CR_RT_QUEUE + 5) { record(rt, value: v) }
        let got = drain()
        XCTAssertEqual(got.count, Int(CR_RT_QUEUE) + 1, "one pending plus the queued ones")
        XCTAssertEqual(got.dropFirst().map(\.1), Array(1...Int32(CR_RT_QUEUE)), "queued in order")
        XCTAssertEqual(got.first?.1, Int32(CR_RT_QUEUE + 5),
                       "past the queue's end an instance coalesces into the pending one (the latest siginfo wins)")
    }
}

final class ForkPendingSignalsTests: XCTestCase {
    /// A signal the host handler recorded but the guest has not taken yet is not pending in
    /// a fork child (Linux clears a child's pending set) and stays pending in the parent.
    func testAForkChildStartsWithTheCallingThreadsQueueEmpty() {
        let own = PendingSignals.ofCallingThread
        var info = siginfo_t()
        own.record(SIGUSR2, &info)
        own.record(40, &info)
        defer { _ = drainAll(own) }
        XCTAssertEqual(own.signals, SignalSet.signal(SIGUSR2).union(.signal(40)))
        let pid = cr_fork_without_pending()
        if pid == 0 { _exit(PendingSignals.ofCallingThread.signals.isEmpty ? 0 : 1) }
        XCTAssertGreaterThan(pid, 0)
        var status: Int32 = 0
        XCTAssertEqual(waitpid(pid, &status, 0), pid)
        XCTAssertEqual(status, 0, "the child's queue is empty (exit 0), not a copy of the parent's")
        XCTAssertEqual(own.signals, SignalSet.signal(SIGUSR2).union(.signal(40)), "the parent keeps its signals")
    }

    private func drainAll(_ p: PendingSignals) -> Int {
        var info = siginfo_t(), n = 0
        while p.take(notIn: [], info: &info) != nil { n += 1 }
        return n
    }
}
