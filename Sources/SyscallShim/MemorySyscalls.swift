// Memory syscalls. Guest memory is identity-mapped, so mmap/munmap/mprotect are
// the host's, minus arm64-only protection bits; any change to an existing range
// is reported so the translator can drop code translated from it. brk is
// emulated inside the region the loader reserved, never the host's break (the
// host's malloc owns that).

import Glibc

/// PROT_* and MAP_* values shared by arm64 and x86-64, and the ones that are not.
enum MemoryFlags {
    static let protRead: UInt64 = 0x1, protWrite: UInt64 = 0x2, protNone: UInt64 = 0
    /// arm64 PROT_BTI (0x10) and PROT_MTE (0x20): no x86-64 meaning.
    static let guestOnlyProt: UInt64 = 0x30
    static let mapFixed: UInt64 = 0x10, mapFixedNoReplace: UInt64 = 0x100000
    /// x86-64 MAP_32BIT (0x40) is not an arm64 flag; arm64 ignores that bit.
    static let hostOnlyMap: UInt64 = 0x40
    static let protExec: UInt64 = 0x4
    static let mapShared: UInt64 = 0x1, mapSharedValidate: UInt64 = 0x3, mapAnonymous: UInt64 = 0x20
    static let mapNoReserve: UInt64 = 0x4000, mapPrivate: UInt64 = 0x2
    static let mremapMayMove: UInt64 = 1, mremapFixed: UInt64 = 2, mremapDontUnmap: UInt64 = 4
    static let madvDontNeed: UInt64 = 4
    static let pageSize: UInt64 = 4096

    @inline(__always) static func pageUp(_ v: UInt64) -> UInt64 { (v &+ pageSize &- 1) & ~(pageSize - 1) }
}

extension SyscallTable {
    static let memorySyscalls: [SyscallEntry] = [
        .custom(.brk, [.ptr], result: .hex) { $0.brk($1) },
        .custom(.mmap, [.ptr, .udec, .flags(.mmapProt), .flags(.mmapFlags), .fd, .hex], result: .hex) { $0.mmap($1) },
        .custom(.munmap, [.ptr, .udec]) { $0.munmap($1) },
        .custom(.mprotect, [.ptr, .udec, .flags(.mmapProt)]) { $0.mprotect($1) },
        .custom(.mremap, [.ptr, .udec, .udec, .flags(.mremapFlags), .ptr], result: .hex) { $0.mremap($1) },
        .custom(.madvise, [.ptr, .udec, .value(.madviseAdvice)]) { $0.madvise($1) },
        .custom(.msync, [.ptr, .udec, .flags(.msyncFlags)], note: "guest memory only (ENOMEM elsewhere)") { p, a in p.onGuestMemory(a) { hostSyscall(HostNR.msync, a[0], a[1], a[2]) } },
        .custom(.mincore, [.ptr, .udec, .ptr], note: "guest memory only (ENOMEM elsewhere)") { p, a in p.onGuestMemory(a) { hostSyscall(HostNR.mincore, a[0], a[1], a[2]) } },
        .custom(.mlock, [.ptr, .udec], note: "guest memory only (ENOMEM elsewhere)") { p, a in p.onGuestMemory(a) { hostSyscall(HostNR.mlock, a[0], a[1], a[2]) } },
        .custom(.munlock, [.ptr, .udec], note: "guest memory only (ENOMEM elsewhere)") { p, a in p.onGuestMemory(a) { hostSyscall(HostNR.munlock, a[0], a[1], a[2]) } },
        // MCL_CURRENT/MCL_FUTURE/MCL_ONFAULT and MLOCK_ONFAULT have the same values on both.
        .pass(.mlockall, [.hex], host: HostNR.mlockall),
        .pass(.munlockall, [], host: HostNR.munlockall),
        .pass(.mlock2, [.ptr, .udec, .hex], host: HostNR.mlock2),
        .custom(.remap_file_pages, [.ptr, .udec, .hex, .udec, .hex]) { p, a in
            let r = hostSyscall(HostNR.remapFilePages, a[0], a[1], a[2], a[3], a[4])
            if r == 0 { p.rangeChanged(a[0], a[1]) }
            return r
        },
        // NUMA policy: node masks are arrays of unsigned long on both.
        .pass(.mbind, [.ptr, .udec, .dec, .ptr, .udec, .hex], host: HostNR.mbind),
        .pass(.get_mempolicy, [.ptr, .ptr, .udec, .ptr, .hex], host: HostNR.getMempolicy),
        .pass(.set_mempolicy, [.dec, .ptr, .udec], host: HostNR.setMempolicy),
        .pass(.migrate_pages, [.dec, .udec, .ptr, .ptr], host: HostNR.migratePages),
        .pass(.move_pages, [.dec, .udec, .ptr, .ptr, .ptr, .hex], host: HostNR.movePages),
        .passUnified(.set_mempolicy_home_node, [.ptr, .udec, .udec, .hex]),
        // Memory protection keys: arm64 without POE has none (pkey_alloc finds no free key);
        // pkey -1 means "no key", which makes pkey_mprotect an mprotect.
        .custom(.pkey_mprotect, [.ptr, .udec, .flags(.mmapProt), .dec],
                note: "no protection keys (arm64 without POE): only pkey -1, as mprotect") { p, a in
            a.int32(3) == -1 ? p.mprotect(a) : -Errno.EINVAL
        },
        .fail(.pkey_alloc, [.hex, .hex], errno: Errno.ENOSPC, note: "no protection keys (arm64 without POE)"),
        .fail(.pkey_free, [.dec], errno: Errno.EINVAL, note: "no protection keys (arm64 without POE)"),
        .passUnified(.memfd_secret, [.hex]),
        .passUnified(.mseal, [.ptr, .udec, .hex]),
        .fail(.map_shadow_stack, [.ptr, .udec, .hex], errno: Errno.ENOSYS,
              note: "no guarded control stack (arm64 without GCS); as without CONFIG_ARM64_GCS"),
    ]
}

extension LinuxPersonality {
    /// brk(addr): moves the guest break as ProgramBreak's rules allow. Like Linux, any
    /// request it cannot satisfy (including 0, or growing into a guest mapping) returns
    /// the current break unchanged.
    func brk(_ a: SyscallArgs) -> Int64 {
        process.lock.withLock { brkLocked(a[0]) }
    }

    private func brkLocked(_ requested: UInt64) -> Int64 {
        let unchanged = Int64(bitPattern: process.programBreak.current)
        switch process.programBreak.request(requested) {
        case .refused:
            return unchanged
        case .grows(let pages):
            // Linux refuses to grow the heap into another mapping.
            guard process.withAddressSpace({ $0.parts(pages.lowerBound, pages.upperBound).isEmpty }) else { return unchanged }
            // Reserved pages have never been touched, so they are zero when made accessible.
            let r = hostSyscall(HostNR.mprotect, pages.lowerBound, UInt64(pages.count), MemoryFlags.protRead | MemoryFlags.protWrite)
            if r < 0 { return unchanged }
        case .shrinks(let pages):
            // Drop the contents so a later grow sees zeroes again, then give the pages back to the reservation.
            _ = hostSyscall(HostNR.madvise, pages.lowerBound, UInt64(pages.count), MemoryFlags.madvDontNeed)
            _ = hostSyscall(HostNR.mprotect, pages.lowerBound, UInt64(pages.count), MemoryFlags.protNone)
            process.withAddressSpace { $0.unmap(pages.lowerBound, pages.upperBound) }
            rangeChanged(pages.lowerBound, UInt64(pages.count))
        case .samePages:
            break
        }
        process.programBreak.move(to: requested)
        let heap = process.programBreak.heap
        if !heap.isEmpty {
            let mapping = GuestMapping(start: heap.lowerBound, end: heap.upperBound, protection: [.read, .write], name: "[heap]")
            process.withAddressSpace { $0.map(mapping) }
        }
        return Int64(bitPattern: requested)
    }

    /// Host protection for a guest one: executable guest pages stay host-readable (the
    /// translator reads guest code); arm64-only bits (PROT_BTI, PROT_MTE) are dropped.
    private static func hostProt(_ prot: UInt64) -> UInt64 {
        let p = prot & ~MemoryFlags.guestOnlyProt
        return p & MemoryFlags.protExec != 0 ? p | MemoryFlags.protRead : p
    }

    /// The parts of [start, end) the guest may not map over: neither guest mappings nor
    /// the guest's own break reservation (everything else is compat-run's or free).
    private func foreignRanges(_ start: UInt64, _ end: UInt64) -> [AddressRange] {
        let reserved = process.programBreak.reservation
        var out: [AddressRange] = []
        for gap in process.withAddressSpace({ $0.gaps(start, end) }) {
            guard gap.overlaps(reserved.lowerBound, reserved.upperBound) else { out.append(gap); continue }
            if gap.start < reserved.lowerBound { out.append(AddressRange(gap.start, reserved.lowerBound)) }
            if gap.end > reserved.upperBound { out.append(AddressRange(reserved.upperBound, gap.end)) }
        }
        return out
    }

    /// True when no host mapping lies in `ranges` (each is claimed with a PROT_NONE
    /// placeholder, which the caller's MAP_FIXED then replaces); on false nothing changed.
    private func claimFree(_ ranges: [AddressRange]) -> Bool {
        var claimed: [AddressRange] = []
        for r in ranges {
            let got = hostSyscall(HostNR.mmap, r.start, r.end - r.start, MemoryFlags.protNone,
                                  MemoryFlags.mapPrivate | MemoryFlags.mapAnonymous | MemoryFlags.mapNoReserve
                                      | MemoryFlags.mapFixedNoReplace, UInt64(bitPattern: -1), 0)
            if got >= 0 && UInt64(got) != r.start { _ = hostSyscall(HostNR.munmap, UInt64(got), r.end - r.start) }
            guard got >= 0 && UInt64(got) == r.start else {
                for c in claimed { _ = hostSyscall(HostNR.munmap, c.start, c.end - c.start) }
                return false
            }
            claimed.append(r)
        }
        return true
    }

    /// Inside the break reservation, above the break, where the guest has no mapping: free
    /// address space as far as the guest can tell (the host holds it PROT_NONE for brk).
    private func isReservedFree(_ start: UInt64, _ end: UInt64) -> Bool {
        process.programBreak.isUnusedReservation(start, end)
            && process.withAddressSpace({ $0.parts(start, end).isEmpty })
    }

    // mmap(addr, length, prot, flags, fd, offset)
    func mmap(_ a: SyscallArgs) -> Int64 {
        let length = a[1]
        guard length > 0, length <= (1 << 47) else { return -Errno.EINVAL }
        var flags = a[3] & ~MemoryFlags.hostOnlyMap
        let address = a[0], end = address &+ MemoryFlags.pageUp(length)
        return process.lock.withLock {
            let fixed = flags & MemoryFlags.mapFixed != 0
            let noReplace = flags & MemoryFlags.mapFixedNoReplace != 0 && !fixed
            if fixed || noReplace {
                guard address % MemoryFlags.pageSize == 0 else { return -Errno.EINVAL }
                guard end > address else { return -Errno.ENOMEM }
                if noReplace {
                    if !process.withAddressSpace({ $0.parts(address, end).isEmpty }) { return -Errno.EEXIST }
                    if isReservedFree(address, end) { flags = flags & ~MemoryFlags.mapFixedNoReplace | MemoryFlags.mapFixed }
                } else if !claimFree(foreignRanges(address, end)) {
                    return -Errno.ENOMEM     // compat-run's own memory: as for an address the guest cannot map
                }
            } else if address != 0, address % MemoryFlags.pageSize == 0, isReservedFree(address, end) {
                flags |= MemoryFlags.mapFixed   // a hint the kernel cannot see is free: honour it, as Linux would
            }
            var r: Int64
            if !fixed && !noReplace && flags & MemoryFlags.mapFixed == 0 && address == 0,
               let placed = placeDeterministically(length: MemoryFlags.pageUp(length), prot: a[2], flags: flags, fd: a[4], offset: a[5]) {
                r = placed
            } else {
                r = hostSyscall(HostNR.mmap, address, length, Self.hostProt(a[2]), flags, a[4], a[5])
            }
            guard r >= 0 else { return r }
            let start = UInt64(r)
            let mapping = describeMapping(start: start, end: start + MemoryFlags.pageUp(length),
                                          prot: a[2], flags: flags, fd: a.int32(4), offset: a[5])
            process.withAddressSpace { $0.map(mapping) }
            if flags & (MemoryFlags.mapFixed | MemoryFlags.mapFixedNoReplace) != 0 { rangeChanged(start, length) }
            return r
        }
    }

    /// Highest guest address compat-run places un-hinted mmaps below (see ARCHITECTURE.md,
    /// "The guest's address space"): far under the host's randomised mmap area (within 1 TiB of
    /// the top of user space) and above the loader's fixed bases, so the same program making
    /// the same mmaps gets the same addresses in every run (the persistent translation cache
    /// finds its libraries where they were).
    static let placementCeiling: UInt64 = 0x6000_0000_0000
    static let placementFloor: UInt64 = 0x1_0000_0000
    /// Attempts before leaving an un-hinted mmap to the kernel (each skips host memory found in the way).
    private static let placementAttempts = 8

    /// An un-hinted mmap at the highest free guest range under the ceiling, claimed with
    /// MAP_FIXED_NOREPLACE so host memory there is never replaced; nil when none fits (the
    /// caller asks the kernel). Process lock held.
    private func placeDeterministically(length: UInt64, prot: UInt64, flags: UInt64, fd: UInt64, offset: UInt64) -> Int64? {
        var ceiling = Self.placementCeiling
        let brk = process.programBreak.reservation
        for _ in 0..<Self.placementAttempts {
            guard let at = process.withAddressSpace({
                $0.highestGap(length: length, below: ceiling, above: Self.placementFloor, avoiding: brk)
            }) else { return nil }
            let r = hostSyscall(HostNR.mmap, at, length, Self.hostProt(prot), flags | MemoryFlags.mapFixedNoReplace, fd, offset)
            if r >= 0 && UInt64(r) == at { return r }
            if r >= 0 { _ = hostSyscall(HostNR.munmap, UInt64(r), length) }   // a pre-4.17 kernel took it as a hint
            else if r != -Errno.EEXIST { return r }                         // EACCES, ENODEV...: the guest's answer
            ceiling = at    // host memory in the way: look lower
        }
        return nil
    }

    /// What /proc/self/maps will say about a new mapping.
    private func describeMapping(start: UInt64, end: UInt64, prot: UInt64, flags: UInt64, fd: Int32, offset: UInt64) -> GuestMapping {
        var m = GuestMapping(start: start, end: end, protection: GuestProtection(prot: prot))
        let type = flags & MemoryFlags.mapSharedValidate
        m.shared = type == MemoryFlags.mapShared || type == MemoryFlags.mapSharedValidate
        if flags & MemoryFlags.mapAnonymous == 0 {
            var st = Glibc.stat()
            if Glibc.fstat(fd, &st) == 0 {
                m.setFile(st, offset: offset)
                m.wasWritable = m.protection.contains(.write)
                m.name = guestVisiblePath(ofDescriptor: fd)
            }
        } else if m.shared {
            m.name = "/dev/zero (deleted)"
        }
        return m
    }

    /// The path of an open file as the guest knows it (without the sysroot prefix).
    func guestVisiblePath(ofDescriptor fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let root = paths.sysroot?.root, path.hasPrefix(root + "/") { return String(path.dropFirst(root.count)) }
        return path
    }

    // munmap(addr, length): only guest memory goes; compat-run's is left alone (as if
    // unmapped, which Linux answers with success).
    func munmap(_ a: SyscallArgs) -> Int64 {
        let start = a[0], length = a[1]
        guard start % MemoryFlags.pageSize == 0, length > 0 else { return -Errno.EINVAL }
        let end = start &+ MemoryFlags.pageUp(length)
        guard end > start else { return -Errno.EINVAL }
        return process.lock.withLock {
            for part in process.withAddressSpace({ $0.parts(start, end) }) {
                releaseGuestRange(part.start, part.end)
            }
            process.withAddressSpace { $0.unmap(start, end) }
            rangeChanged(start, length)
            return 0
        }
    }

    /// Unmaps guest pages; inside the break reservation they go back to the reservation.
    private func releaseGuestRange(_ start: UInt64, _ end: UInt64) {
        let reserved = process.programBreak.reservation
        if reserved.contains(start) && end <= reserved.upperBound {
            _ = hostSyscall(HostNR.mmap, start, end - start, MemoryFlags.protNone,
                            MemoryFlags.mapPrivate | MemoryFlags.mapAnonymous | MemoryFlags.mapNoReserve | MemoryFlags.mapFixed,
                            UInt64(bitPattern: -1), 0)
        } else {
            _ = hostSyscall(HostNR.munmap, start, end - start)
        }
    }

    // mprotect(addr, length, prot): ENOMEM unless every page is guest memory, as Linux
    // answers for unmapped pages.
    func mprotect(_ a: SyscallArgs) -> Int64 {
        let start = a[0]
        guard start % MemoryFlags.pageSize == 0 else { return -Errno.EINVAL }
        let end = start &+ MemoryFlags.pageUp(a[1])
        guard end >= start else { return -Errno.ENOMEM }
        if end == start { return 0 }
        return process.lock.withLock {
            guard process.withAddressSpace({ $0.covers(start, end) }) else { return -Errno.ENOMEM }
            let r = hostSyscall(HostNR.mprotect, start, end - start, Self.hostProt(a[2]))
            guard r == 0 else { return r }
            process.withAddressSpace { $0.protect(start, end, GuestProtection(prot: a[2])) }
            rangeChanged(start, a[1])
            return 0
        }
    }

    // mremap(old, oldSize, newSize, flags, newAddress)
    func mremap(_ a: SyscallArgs) -> Int64 {
        let old = a[0], oldEnd = old &+ MemoryFlags.pageUp(a[1]), newSize = MemoryFlags.pageUp(a[2]), flags = a[3]
        return process.lock.withLock {
            guard old % MemoryFlags.pageSize == 0 else { return -Errno.EINVAL }
            guard let original = process.withAddressSpace({ $0.mapping(containing: old) }),
                  process.withAddressSpace({ $0.covers(old, max(oldEnd, old &+ 1)) }) else { return -Errno.EFAULT }
            if flags & MemoryFlags.mremapFixed != 0 {
                let target = a[4]
                guard target % MemoryFlags.pageSize == 0 else { return -Errno.EINVAL }
                let foreign = foreignRanges(target, target &+ newSize).filter { !$0.overlaps(old, oldEnd) }
                guard claimFree(foreign) else { return -Errno.ENOMEM }
            }
            let r = hostSyscall(HostNR.mremap, old, a[1], a[2], flags, a[4])
            guard r >= 0 else { return r }
            let start = UInt64(r)
            var moved = original.clipped(old, oldEnd)
            if flags & MemoryFlags.mremapDontUnmap == 0 || start == old { process.withAddressSpace { $0.unmap(old, oldEnd) } }
            moved.start = start
            moved.end = start + newSize
            process.withAddressSpace { $0.map(moved) }
            if start != old || newSize < oldEnd - old { rangeChanged(old, oldEnd - old) }
            if start != old { rangeChanged(start, newSize) }
            return r
        }
    }

    /// Runs `body` when [a[0], a[0]+a[1]) is all guest memory; ENOMEM otherwise, as Linux answers
    /// for unmapped pages (compat-run's own memory is not the guest's to inspect or lock).
    func onGuestMemory(_ a: SyscallArgs, _ body: () -> Int64) -> Int64 {
        let start = a[0] & ~(MemoryFlags.pageSize - 1), end = a[0] &+ MemoryFlags.pageUp(a[1] &+ (a[0] & (MemoryFlags.pageSize - 1)))
        guard end > start else { return body() }
        guard process.withAddressSpace({ $0.covers(start, end) }) else { return -Errno.ENOMEM }
        return body()
    }

    // madvise(addr, length, advice): guest memory only (ENOMEM for the rest, as for
    // unmapped pages); MADV_DONTNEED zeroes private pages, so code there is stale.
    func madvise(_ a: SyscallArgs) -> Int64 {
        let start = a[0], end = start &+ MemoryFlags.pageUp(a[1])
        guard start % MemoryFlags.pageSize == 0, end >= start else { return -Errno.EINVAL }
        return process.lock.withLock {
            guard process.withAddressSpace({ $0.covers(start, end) }) else { return -Errno.ENOMEM }
            let r = hostSyscall(HostNR.madvise, a[0], a[1], a[2])
            if r == 0, a[2] == MemoryFlags.madvDontNeed { rangeChanged(a[0], a[1]) }
            return r
        }
    }
}
