// Guest threads: clone/clone3 with CLONE_VM start a host thread per guest thread,
// with its own CPU state (a copy of the parent's registers) and its own
// personality (mask, alternate stack, tid addresses), sharing the process state
// and the translator (see docs/ARCHITECTURE.md, "Threads"). Thread ids are the
// host's: guest and host threads are one and the same, so gettid, tgkill and
// futexes on guest memory pass straight through.
import CSupport
import Glibc
import Translator

/// struct robust_list_head and the futex word bits the kernel's exit_robust_list uses.
enum RobustList {
    static let headSize: UInt64 = 24      // {list.next, futex_offset, list_op_pending}
    static let ownerDied: UInt32 = 0x4000_0000, waiters: UInt32 = 0x8000_0000, tidMask: UInt32 = 0x3FFF_FFFF
    /// The kernel's ROBUST_LIST_LIMIT: protects against circular lists.
    static let maxEntries = 2048
}

enum FutexOp {
    static let wake: UInt64 = 1
}

extension LinuxPersonality {
    /// clone3(args, size): struct clone_args is u64 flags, pidfd, child_tid, parent_tid,
    /// exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup.
    func clone3(_ a: SyscallArgs) -> Int64 {
        let size = a[1]
        guard size >= 64, size <= 4096 else { return -Errno.EINVAL }   // CLONE_ARGS_SIZE_VER0
        guard let base = GuestMemory.pointer(a[0]) else { return -Errno.EFAULT }
        let field = { (i: Int) -> UInt64 in base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) }
        let flags = CloneFlags(rawValue: field(0)), exitSignal = field(4), stack = field(5), stackSize = field(6)
        // Features this shim does not emulate: pid file descriptors, chosen tids, cgroups.
        if flags.contains(.pidfd) || (size >= 80 && field(9) != 0) || (size >= 88 && field(10) != 0) {
            return -Errno.EINVAL
        }
        guard exitSignal <= 64, flags.isDisjoint(with: .exitSignalMask) else { return -Errno.EINVAL }
        let request = CloneRequest(flags: flags.union(CloneFlags(rawValue: exitSignal)), stack: stack == 0 ? 0 : stack &+ stackSize,
                                   parentTid: field(3), tls: field(7), childTid: field(2))
        return cloneTask(request, cpu: a.cpu)
    }

    /// clone and clone3: a thread when the child shares the address space (and is not a
    /// vfork, which runs as a fork), else a forked process.
    func cloneTask(_ r: CloneRequest, cpu: CPUState) -> Int64 {
        let sharesMemory = r.flags.contains(.vm)
        let isVfork = r.flags.contains(.vfork)
        // Linux: CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM.
        if r.flags.contains(.thread) && !r.flags.contains(.sighand) { return -Errno.EINVAL }
        if r.flags.contains(.sighand) && !sharesMemory { return -Errno.EINVAL }
        if sharesMemory && !isVfork { return startThread(r, parent: cpu) }
        return forkTask(r, cpu: cpu)
    }

    /// Starts the guest thread on a new host thread; returns its tid once the child has
    /// stored it where CLONE_PARENT_SETTID / CLONE_CHILD_SETTID ask (before it runs guest
    /// code, as the kernel does).
    private func startThread(_ r: CloneRequest, parent: CPUState) -> Int64 {
        guard let engine = process.engine else { return -Errno.ENOSYS }
        let cpu = CPUState(copyingRegistersOf: parent)
        cpu.setX(0, 0)                       // the child sees clone return 0
        if r.stack != 0 { cpu.sp = r.stack }
        if r.flags.contains(.setTLS) { cpu.tpidr = r.tls }
        let thread = LinuxPersonality(threadOf: self)
        if r.flags.contains(.childClearTID) { thread.clearChildTid = r.childTid }
        engine.attach(cpu)
        process.threadStarted()
        let start = ThreadStart(cpu: cpu, linux: thread, engine: engine, request: r)
        let context = Unmanaged.passRetained(start).toOpaque()
        let error = cr_start_thread(guestThreadBody, context)
        if error != 0 {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            _ = process.threadEnded()
            engine.detach(cpu)
            cpu.deallocate()
            return -Errno.EAGAIN
        }
        return Int64(start.waitForTid())
    }

    /// Everything Linux does when a thread ends (mm_release, exit_robust_list): robust
    /// futexes it holds are marked OWNER_DIED and woken, then CLONE_CHILD_CLEARTID's word
    /// is zeroed and woken (what pthread_join waits for).
    func releaseThreadResources() {
        walkRobustList()
        if clearChildTid != 0, GuestMemory.write(Int32(0), at: clearChildTid) {
            _ = hostSyscall(HostNR.futex, clearChildTid, FutexOp.wake, 1)
        }
    }

    private func walkRobustList() {
        let head = robustList.head
        guard head != 0, let offset = GuestMemory.read(Int64.self, at: head, offset: 8),
              let pending = GuestMemory.read(UInt64.self, at: head, offset: 16),
              let first = GuestMemory.read(UInt64.self, at: head) else { return }
        let tid = UInt32(truncatingIfNeeded: hostSyscall(HostNR.gettid))
        // Entries carry a PI flag in bit 0 of their pointer.
        var entry = first & ~1
        var seen = 0
        while entry != head, entry != 0, seen < RobustList.maxEntries {
            guard let next = GuestMemory.read(UInt64.self, at: entry) else { return }
            if entry != pending & ~1 { markOwnerDied(UInt64(bitPattern: Int64(bitPattern: entry) &+ offset), tid: tid) }
            entry = next & ~1
            seen += 1
        }
        if pending & ~1 != 0 { markOwnerDied(UInt64(bitPattern: Int64(bitPattern: pending & ~1) &+ offset), tid: tid) }
    }

    private func markOwnerDied(_ address: UInt64, tid: UInt32) {
        // Read first through the safe path: a bad word is skipped, as the kernel does.
        guard address % 4 == 0, GuestMemory.read(UInt32.self, at: address) != nil,
              let p = GuestMemory.pointer(address) else { return }
        let word = p.assumingMemoryBound(to: UInt32.self)
        while true {
            let value = cr_atomic_load32(word)
            guard value & RobustList.tidMask == tid else { return }
            let new = (value & RobustList.waiters) | RobustList.ownerDied
            if cr_atomic_cas32(word, value, new) {
                if value & RobustList.waiters != 0 { _ = hostSyscall(HostNR.futex, address, FutexOp.wake, 1) }
                return
            }
        }
    }
}

/// What a new host thread needs to become the guest thread, and how it reports its tid.
private final class ThreadStart: @unchecked Sendable {
    let cpu: CPUState
    let linux: LinuxPersonality
    let engine: Engine
    let request: CloneRequest
    private var tid: Int32 = 0
    private let ready = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(cpu: CPUState, linux: LinuxPersonality, engine: Engine, request: CloneRequest) {
        self.cpu = cpu
        self.linux = linux
        self.engine = engine
        self.request = request
        sem_init(ready, 0, 0)
    }

    deinit {
        sem_destroy(ready)
        ready.deallocate()
    }

    /// Parent side.
    func waitForTid() -> Int32 {
        while sem_wait(ready) != 0 {}   // EINTR: a signal for the parent; its handler runs after clone returns
        return tid
    }

    /// Child side, on the new host thread.
    func run() {
        let me = Int32(truncatingIfNeeded: hostSyscall(HostNR.gettid))
        if request.flags.contains(.parentSetTID) { GuestMemory.write(me, at: request.parentTid) }
        if request.flags.contains(.childSetTID) { GuestMemory.write(me, at: request.childTid) }
        tid = me
        let cpu = self.cpu, linux = self.linux, engine = self.engine
        sem_post(ready)
        GuestProcess.runThread(cpu: cpu, linux: linux, engine: engine)
        engine.detach(cpu)
        cpu.deallocate()
    }
}

private let guestThreadBody: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
    Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().run()
    return nil
}
