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
    static let shmRemap: UInt64 = 0o40000
    static let shmSegszOffset = 48, shmidDSSize = 112
}

extension SyscallTable {
    static let ipcSyscalls: [SyscallEntry] = [
        .pass(186, "msgget", [.hex, .hex], host: HostNR.msgget),
        .pass(187, "msgctl", [.dec, .dec, .ptr], host: HostNR.msgctl),
        .pass(188, "msgrcv", [.dec, .ptr, .udec, .dec, .hex], host: HostNR.msgrcv),
        .pass(189, "msgsnd", [.dec, .ptr, .udec, .hex], host: HostNR.msgsnd),
        .pass(190, "semget", [.hex, .dec, .hex], host: HostNR.semget),
        .custom(191, "semctl", [.dec, .dec, .dec, .hex],
                note: "struct semid64_ds: x86-64 pads sem_otime and sem_ctime") { $0.semctl($1) },
        .pass(192, "semtimedop", [.dec, .ptr, .udec, .ptr], host: HostNR.semtimedop),
        .pass(193, "semop", [.dec, .ptr, .udec], host: HostNR.semop),
        .pass(194, "shmget", [.hex, .udec, .hex], host: HostNR.shmget),
        .pass(195, "shmctl", [.dec, .dec, .ptr], host: HostNR.shmctl),
        .custom(196, "shmat", [.dec, .ptr, .hex], result: .hex,
                note: "SHM_REMAP over guest code drops its translations") { $0.shmat($1) },
        .custom(197, "shmdt", [.ptr], note: "drops translations of the detached range") { $0.shmdt($1) },
        .passFlags(180, "mq_open", [.path, .openFlags, .oct, .ptr], host: HostNR.mqOpen, flags: 1),
        .pass(181, "mq_unlink", [.path], host: HostNR.mqUnlink),
        .pass(182, "mq_timedsend", [.fd, .ptr, .udec, .udec, .ptr], host: HostNR.mqTimedsend),
        .pass(183, "mq_timedreceive", [.fd, .ptr, .udec, .ptr, .ptr], host: HostNR.mqTimedreceive),
        .pass(184, "mq_notify", [.fd, .ptr], host: HostNR.mqNotify),
        .pass(185, "mq_getsetattr", [.fd, .ptr, .ptr], host: HostNR.mqGetsetattr),
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

    // shmat(shmid, addr, flags)
    func shmat(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.shmat, a[0], a[1], a[2])
        if r >= 0, a[2] & IPCCommand.shmRemap != 0 {
            var ds = [UInt8](repeating: 0, count: IPCCommand.shmidDSSize)
            let ok = ds.withUnsafeMutableBytes {
                hostSyscall(HostNR.shmctl, a[0], UInt64(IPCCommand.stat), UInt64(UInt(bitPattern: $0.baseAddress!)))
            }
            if ok >= 0 {
                let size = ds.withUnsafeBytes { $0.load(fromByteOffset: IPCCommand.shmSegszOffset, as: UInt64.self) }
                rangeChanged(UInt64(r), MemoryFlags.pageUp(size))
            }
        }
        return r
    }

    // shmdt(addr): the segment's extent comes from /proc/self/maps before it goes.
    func shmdt(_ a: SyscallArgs) -> Int64 {
        let length = Self.mappingLength(startingAt: a[0])
        let r = hostSyscall(HostNR.shmdt, a[0])
        if r == 0, let length { rangeChanged(a[0], length) }
        return r
    }

    /// Length of the mapping that starts exactly at `address`, from /proc/self/maps.
    static func mappingLength(startingAt address: UInt64) -> UInt64? {
        let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var text: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            text += chunk[0..<n]
        }
        for line in text.split(separator: UInt8(ascii: "\n")) {
            guard let range = line.split(separator: UInt8(ascii: " ")).first else { continue }
            let bounds = String(decoding: range, as: UTF8.self).split(separator: "-")
            guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16)
            else { continue }
            if start == address { return end - start }
        }
        return nil
    }
}
