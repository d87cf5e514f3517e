// Memory syscalls. Guest memory is identity-mapped, so mmap/munmap/mprotect are
// the host's, minus arm64-only protection bits; any change to an existing range
// is reported so the translator can drop code translated from it. brk is
// emulated inside the region the loader reserved, never the host's break (the
// host's malloc owns that).

/// PROT_* and MAP_* values shared by arm64 and x86-64, and the ones that are not.
enum MemoryFlags {
    static let protRead: UInt64 = 0x1, protWrite: UInt64 = 0x2, protNone: UInt64 = 0
    /// arm64 PROT_BTI (0x10) and PROT_MTE (0x20): no x86-64 meaning.
    static let guestOnlyProt: UInt64 = 0x30
    static let mapFixed: UInt64 = 0x10, mapFixedNoReplace: UInt64 = 0x100000
    /// x86-64 MAP_32BIT (0x40) is not an arm64 flag; arm64 ignores that bit.
    static let hostOnlyMap: UInt64 = 0x40
    static let mremapFixed: UInt64 = 2
    static let madvDontNeed: UInt64 = 4
    static let pageSize: UInt64 = 4096

    @inline(__always) static func pageUp(_ v: UInt64) -> UInt64 { (v &+ pageSize &- 1) & ~(pageSize - 1) }
}

extension SyscallTable {
    static let memorySyscalls: [SyscallEntry] = [
        .custom(214, "brk", [.ptr], result: .hex) { $0.brk($1) },
        .custom(222, "mmap", [.ptr, .udec, .hex, .hex, .fd, .hex], result: .hex) { $0.mmap($1) },
        .custom(215, "munmap", [.ptr, .udec]) { $0.munmap($1) },
        .custom(226, "mprotect", [.ptr, .udec, .hex]) { $0.mprotect($1) },
        .custom(216, "mremap", [.ptr, .udec, .udec, .hex, .ptr], result: .hex) { $0.mremap($1) },
        .custom(233, "madvise", [.ptr, .udec, .dec]) { $0.madvise($1) },
        .pass(227, "msync", [.ptr, .udec, .hex], host: HostNR.msync),
        .pass(232, "mincore", [.ptr, .udec, .ptr], host: HostNR.mincore),
        .pass(228, "mlock", [.ptr, .udec], host: HostNR.mlock),
        .pass(229, "munlock", [.ptr, .udec], host: HostNR.munlock),
        // MCL_CURRENT/MCL_FUTURE/MCL_ONFAULT and MLOCK_ONFAULT have the same values on both.
        .pass(230, "mlockall", [.hex], host: HostNR.mlockall),
        .pass(231, "munlockall", [], host: HostNR.munlockall),
        .pass(284, "mlock2", [.ptr, .udec, .hex], host: HostNR.mlock2),
        .custom(234, "remap_file_pages", [.ptr, .udec, .hex, .udec, .hex]) { p, a in
            let r = hostSyscall(HostNR.remapFilePages, a[0], a[1], a[2], a[3], a[4])
            if r == 0 { p.rangeChanged(a[0], a[1]) }
            return r
        },
        // NUMA policy: node masks are arrays of unsigned long on both.
        .pass(235, "mbind", [.ptr, .udec, .dec, .ptr, .udec, .hex], host: HostNR.mbind),
        .pass(236, "get_mempolicy", [.ptr, .ptr, .udec, .ptr, .hex], host: HostNR.getMempolicy),
        .pass(237, "set_mempolicy", [.dec, .ptr, .udec], host: HostNR.setMempolicy),
        .pass(238, "migrate_pages", [.dec, .udec, .ptr, .ptr], host: HostNR.migratePages),
        .pass(239, "move_pages", [.dec, .udec, .ptr, .ptr, .ptr, .hex], host: HostNR.movePages),
        .pass(450, "set_mempolicy_home_node", [.ptr, .udec, .udec, .hex], host: 450),
        // Memory protection keys: arm64 without POE has none (pkey_alloc finds no free key);
        // pkey -1 means "no key", which makes pkey_mprotect an mprotect.
        .custom(288, "pkey_mprotect", [.ptr, .udec, .hex, .dec],
                note: "no protection keys (arm64 without POE): only pkey -1, as mprotect") { p, a in
            a.int32(3) == -1 ? p.mprotect(a) : -Errno.EINVAL
        },
        .fail(289, "pkey_alloc", [.hex, .hex], errno: Errno.ENOSPC, note: "no protection keys (arm64 without POE)"),
        .fail(290, "pkey_free", [.dec], errno: Errno.EINVAL, note: "no protection keys (arm64 without POE)"),
        .pass(447, "memfd_secret", [.hex], host: 447),
        .pass(462, "mseal", [.ptr, .udec, .hex], host: 462),
        .fail(453, "map_shadow_stack", [.ptr, .udec, .hex], errno: Errno.ENOSYS,
              note: "no guarded control stack (arm64 without GCS); as without CONFIG_ARM64_GCS"),
    ]
}

extension LinuxPersonality {
    /// brk(addr): moves the guest break within [brkStart, brkLimit]. Like Linux, any
    /// request it cannot satisfy (including 0) returns the current break unchanged.
    func brk(_ a: SyscallArgs) -> Int64 {
        process.lock.withLock { brkLocked(a[0]) }
    }

    private func brkLocked(_ requested: UInt64) -> Int64 {
        guard requested >= brkStart, requested <= brkLimit else { return Int64(bitPattern: brkCurrent) }
        let oldTop = MemoryFlags.pageUp(brkCurrent), newTop = MemoryFlags.pageUp(requested)
        if newTop > oldTop {
            // Reserved pages have never been touched, so they are zero when made accessible.
            let r = hostSyscall(HostNR.mprotect, oldTop, newTop - oldTop, MemoryFlags.protRead | MemoryFlags.protWrite)
            if r < 0 { return Int64(bitPattern: brkCurrent) }
        } else if newTop < oldTop {
            // Drop the contents so a later grow sees zeroes again, then give the pages back to the reservation.
            _ = hostSyscall(HostNR.madvise, newTop, oldTop - newTop, MemoryFlags.madvDontNeed)
            _ = hostSyscall(HostNR.mprotect, newTop, oldTop - newTop, MemoryFlags.protNone)
            rangeChanged(newTop, oldTop - newTop)
        }
        brkCurrent = requested
        return Int64(bitPattern: requested)
    }

    // mmap(addr, length, prot, flags, fd, offset)
    func mmap(_ a: SyscallArgs) -> Int64 {
        let prot = a[2] & ~MemoryFlags.guestOnlyProt
        let flags = a[3] & ~MemoryFlags.hostOnlyMap
        let r = hostSyscall(HostNR.mmap, a[0], a[1], prot, flags, a[4], a[5])
        if r >= 0, flags & (MemoryFlags.mapFixed | MemoryFlags.mapFixedNoReplace) != 0 {
            rangeChanged(UInt64(r), a[1])
        }
        return r
    }

    // munmap(addr, length)
    func munmap(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.munmap, a[0], a[1])
        if r == 0 { rangeChanged(a[0], a[1]) }
        return r
    }

    // mprotect(addr, length, prot)
    func mprotect(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.mprotect, a[0], a[1], a[2] & ~MemoryFlags.guestOnlyProt)
        if r == 0 { rangeChanged(a[0], a[1]) }
        return r
    }

    // mremap(old, oldSize, newSize, flags, newAddress)
    func mremap(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.mremap, a[0], a[1], a[2], a[3], a[4])
        guard r >= 0 else { return r }
        if UInt64(r) != a[0] || a[2] < a[1] { rangeChanged(a[0], a[1]) }
        if a[3] & MemoryFlags.mremapFixed != 0 { rangeChanged(UInt64(r), a[2]) }
        return r
    }

    // madvise(addr, length, advice): MADV_DONTNEED zeroes private pages, so code there is stale.
    func madvise(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.madvise, a[0], a[1], a[2])
        if r == 0, a[2] == MemoryFlags.madvDontNeed { rangeChanged(a[0], a[1]) }
        return r
    }
}
