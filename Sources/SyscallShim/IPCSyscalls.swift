// System V IPC and POSIX message queues.
//
// Layouts (arm64 = asm-generic 64-bit; x86-64 = arch/x86/include/uapi/asm):
// - struct ipc64_perm, msqid64_ds, shmid64_ds, seminfo, msginfo, shminfo64,
//   struct sembuf, struct msgbuf and struct mq_attr are the same on both;
// - struct semid64_ds is not: x86-64 keeps a padding word after sem_otime and
//   after sem_ctime (88 bytes on arm64, 104 on x86-64), so semctl's IPC_STAT,
//   SEM_STAT, SEM_STAT_ANY and IPC_SET convert it.
// Both kernels treat every command as IPC_64 (neither wants ipc_parse_version).
// Shared memory is mapped by the host kernel at an address the guest can use
// (identity mapping); attaching over a range and detaching tell the translator,
// like mmap and munmap do.
import Glibc

/// struct semid64_ds field offsets.
enum SemidDS {
    static let permSize = 48
    static let guestSize = 88, guestOtime = 48, guestCtime = 56, guestNsems = 64
    static let hostSize = 104, hostOtime = 48, hostCtime = 64, hostNsems = 80
}

private enum IPCCommand {
    static let set: Int32 = 1, stat: Int32 = 2, semStat: Int32 = 18, semStatAny: Int32 = 20
    static let info: Int32 = 3, shmInfo: Int32 = 14, shmStat: Int32 = 13, shmStatAny: Int32 = 15
    static let shmRemap: UInt64 = 0o40000, shmReadOnly: UInt64 = 0o10000, shmExec: UInt64 = 0o100000
    static let shmSegszOffset = 48, shmidDSSize = 112
}

extension SyscallTable {
    static let ipcSyscalls: [SyscallEntry] = [
        .pass(.msgget, [.hex, .hex], host: HostNR.msgget),
        .pass(.msgctl, [.dec, .dec, .ptr], host: HostNR.msgctl),
        .pass(.msgrcv, [.dec, .ptr, .udec, .dec, .hex], host: HostNR.msgrcv),
        .pass(.msgsnd, [.dec, .ptr, .udec, .hex], host: HostNR.msgsnd),
        .pass(.semget, [.hex, .dec, .hex], host: HostNR.semget),
        .custom(.semctl, [.dec, .dec, .dec, .hex],
                note: "struct semid64_ds: x86-64 pads sem_otime and sem_ctime") { $0.semctl($1) },
        .pass(.semtimedop, [.dec, .ptr, .udec, .ptr], host: HostNR.semtimedop),
        .pass(.semop, [.dec, .ptr, .udec], host: HostNR.semop),
        .pass(.shmget, [.hex, .udec, .hex], host: HostNR.shmget),
        .custom(.shmctl, [.dec, .dec, .ptr],
                note: "compat-run's own code segment (--perf-map) does not exist for the guest") { $0.shmctl($1) },
        .custom(.shmat, [.dec, .ptr, .hex], result: .hex,
                note: "SHM_REMAP over guest code drops its translations; not compat-run's code segment") { $0.shmat($1) },
        .custom(.shmdt, [.ptr], note: "drops translations of the detached range") { $0.shmdt($1) },
        .passFlags(.mq_open, [.path, .openFlags, .oct, .ptr], host: HostNR.mqOpen, flags: 1),
        .pass(.mq_unlink, [.path], host: HostNR.mqUnlink),
        .pass(.mq_timedsend, [.fd, .ptr, .udec, .udec, .ptr], host: HostNR.mqTimedsend),
        .pass(.mq_timedreceive, [.fd, .ptr, .udec, .ptr, .ptr], host: HostNR.mqTimedreceive),
        .pass(.mq_notify, [.fd, .ptr], host: HostNR.mqNotify),
        .pass(.mq_getsetattr, [.fd, .ptr, .ptr], host: HostNR.mqGetsetattr),
    ]
}

extension LinuxPersonality {
    /// semctl(semid, semnum, cmd, arg): arg is a value (union semun) passed in the register.
    func semctl(_ a: SyscallArgs) -> Int64 {
        typealias L = SemidDS
        let cmd = a.int32(2)
        switch cmd {
        case IPCCommand.stat, IPCCommand.semStat, IPCCommand.semStatAny:
            return withUnsafeTemporaryAllocation(byteCount: L.hostSize + L.guestSize, alignment: 8) { buffer in
                let host = buffer.baseAddress!, guest = host + L.hostSize
                host.initializeMemory(as: UInt8.self, repeating: 0, count: L.hostSize + L.guestSize)
                let r = hostSyscall(HostNR.semctl, a[0], a[1], a[2], UInt64(UInt(bitPattern: host)))
                guard r >= 0 else { return r }
                guest.copyMemory(from: host, byteCount: L.permSize)
                for (from, to) in [(L.hostOtime, L.guestOtime), (L.hostCtime, L.guestCtime), (L.hostNsems, L.guestNsems)] {
                    guest.storeBytes(of: host.load(fromByteOffset: from, as: UInt64.self), toByteOffset: to, as: UInt64.self)
                }
                return GuestMemory.copyOut(from: guest, count: L.guestSize, to: a[3]) ? r : -Errno.EFAULT
            }
        case IPCCommand.set:
            guard let guest = GuestMemory.bytes(at: a[3], count: L.guestSize) else { return -Errno.EFAULT }
            var host = [UInt8](repeating: 0, count: L.hostSize)
            host.replaceSubrange(0..<L.permSize, with: guest[0..<L.permSize])
            return host.withUnsafeBytes { hostSyscall(HostNR.semctl, a[0], a[1], a[2], UInt64(UInt(bitPattern: $0.baseAddress!))) }
        default:
            return hostSyscall(HostNR.semctl, a[0], a[1], a[2], a[3])
        }
    }

    // shmat(shmid, addr, flags): the attached segment becomes a guest mapping (Linux shows
    // it as "/SYSV<key> (deleted)"); a given address must not be compat-run's memory.
    func shmat(_ a: SyscallArgs) -> Int64 {
        if isCodeSegment(a[0]) { return -Errno.EINVAL }
        guard let size = Self.segmentSize(a[0]) else { return hostSyscall(HostNR.shmat, a[0], a[1], a[2]) }
        return process.lock.withLock {
            let length = MemoryFlags.pageUp(size)
            if a[1] != 0 {
                let start = a[1] & ~(MemoryFlags.pageSize - 1)   // SHM_RND or an aligned address
                let reserved = process.programBreak.reservation
                let foreign = process.withAddressSpace { $0.gaps(start, start &+ length) }
                    .filter { !$0.overlaps(reserved.lowerBound, reserved.upperBound) }
                if !foreign.isEmpty && a[2] & IPCCommand.shmRemap != 0 { return -Errno.EINVAL }
            }
            let r = hostSyscall(HostNR.shmat, a[0], a[1], a[2])
            guard r >= 0 else { return r }
            var protection: GuestProtection = a[2] & IPCCommand.shmReadOnly != 0 ? [.read] : [.read, .write]
            if a[2] & IPCCommand.shmExec != 0 { protection.insert(.exec) }
            let key = Self.segmentKey(a[0]) ?? 0
            let hexKey = String(key, radix: 16)
            let mapping = GuestMapping(start: UInt64(r), end: UInt64(r) + length, protection: protection, shared: true,
                                       name: "/SYSV" + String(repeating: "0", count: max(0, 8 - hexKey.count)) + hexKey + " (deleted)")
            process.withAddressSpace { $0.map(mapping) }
            rangeChanged(UInt64(r), length)
            return r
        }
    }

    /// Whether `id` is the code cache's segment (with --perf-map; CodeMemory.swift).
    private func isCodeSegment(_ id: UInt64) -> Bool {
        guard let own = process.engine?.codeSegment else { return false }
        return UInt64(UInt32(bitPattern: own)) == id & 0xFFFF_FFFF
    }

    // shmctl(id, cmd, buf): the code cache's segment is not there for the guest, neither by
    // id nor as a SHM_STAT/SHM_STAT_ANY slot (which answer with an id).
    func shmctl(_ a: SyscallArgs) -> Int64 {
        let cmd = a.int32(1) & ~0x100   // without IPC_64
        let bySlot = cmd == IPCCommand.shmStat || cmd == IPCCommand.shmStatAny
        if !bySlot && cmd != IPCCommand.info && cmd != IPCCommand.shmInfo && isCodeSegment(a[0]) { return -Errno.EINVAL }
        let r = hostSyscall(HostNR.shmctl, a[0], a[1], a[2])
        return bySlot && r >= 0 && isCodeSegment(UInt64(r)) ? -Errno.EINVAL : r
    }

    // shmdt(addr): the segment's guest mapping goes with it.
    func shmdt(_ a: SyscallArgs) -> Int64 {
        process.lock.withLock {
            let mapping = process.withAddressSpace { $0.mapping(containing: a[0]) }
            let r = hostSyscall(HostNR.shmdt, a[0])
            if r == 0, let m = mapping, m.start == a[0] {
                process.withAddressSpace { $0.unmap(m.start, m.end) }
                rangeChanged(m.start, m.end - m.start)
            }
            return r
        }
    }

    /// shm_segsz and the key of a segment (IPC_STAT), or nil when the host refuses.
    private static func segmentStat(_ id: UInt64) -> [UInt8]? {
        var ds = [UInt8](repeating: 0, count: IPCCommand.shmidDSSize)
        let ok = ds.withUnsafeMutableBytes {
            hostSyscall(HostNR.shmctl, id, UInt64(IPCCommand.stat), UInt64(UInt(bitPattern: $0.baseAddress!)))
        }
        return ok >= 0 ? ds : nil
    }
    private static func segmentSize(_ id: UInt64) -> UInt64? {
        segmentStat(id).map { ds in ds.withUnsafeBytes { $0.load(fromByteOffset: IPCCommand.shmSegszOffset, as: UInt64.self) } }
    }
    private static func segmentKey(_ id: UInt64) -> UInt32? {
        segmentStat(id).map { ds in ds.withUnsafeBytes { $0.load(fromByteOffset: 0, as: UInt32.self) } }   // shm_perm.__key
    }
}
