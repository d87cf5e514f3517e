// Why: the loader needs the kernel's exact errno (EEXIST from MAP_FIXED_NOREPLACE
// means "the host owns that range"), so it calls mmap & co. raw, not via libc.
import CSupport

/// Raw x86-64 memory syscalls returning the kernel's result.
enum HostMemory {
    // x86-64 syscall numbers.
    private static let sysMmap = 9, sysMprotect = 10, sysMunmap = 11, sysGetrandom = 318

    static let protNone: Int32 = 0, protRead: Int32 = 1, protWrite: Int32 = 2, protExec: Int32 = 4
    static let mapPrivate: Int32 = 0x02, mapFixed: Int32 = 0x10, mapAnonymous: Int32 = 0x20
    static let mapNoReserve: Int32 = 0x4000, mapStack: Int32 = 0x20000
    static let mapFixedNoReplace: Int32 = 0x10_0000

    static let eexist: Int32 = 17, eperm: Int32 = 1, enomem: Int32 = 12

    enum MapResult {
        case mapped(UInt64)
        case failed(errno: Int32)
    }

    /// Anonymous private mapping. With MAP_FIXED_NOREPLACE a kernel older than 4.17
    /// treats the address as a hint; a different result is reported as EEXIST.
    static func mapAnonymous(at address: UInt64, length: UInt64, prot: Int32, flags: Int32) -> MapResult {
        let all = flags | mapPrivate | mapAnonymous
        let result = cr_syscall6(sysMmap, Int(bitPattern: UInt(address)), Int(bitPattern: UInt(length)),
                                 Int(prot), Int(all), -1, 0)
        if result < 0, result > -4096 { return .failed(errno: Int32(-result)) }
        let mapped = UInt64(UInt(bitPattern: result))
        if flags & mapFixedNoReplace != 0, mapped != address {
            unmap(mapped, length: length)
            return .failed(errno: eexist)
        }
        return .mapped(mapped)
    }

    /// File-backed private mapping at `address`, replacing what is there (MAP_FIXED: only
    /// over ranges the loader owns).
    static func mapFile(at address: UInt64, length: UInt64, prot: Int32, descriptor: Int32, offset: UInt64) -> MapResult {
        let result = cr_syscall6(sysMmap, Int(bitPattern: UInt(address)), Int(bitPattern: UInt(length)),
                                 Int(prot), Int(mapPrivate | mapFixed), Int(descriptor), Int(bitPattern: UInt(offset)))
        if result < 0, result > -4096 { return .failed(errno: Int32(-result)) }
        return .mapped(UInt64(UInt(bitPattern: result)))
    }

    @discardableResult
    static func protect(_ address: UInt64, length: UInt64, prot: Int32) -> Bool {
        cr_syscall6(sysMprotect, Int(bitPattern: UInt(address)), Int(bitPattern: UInt(length)), Int(prot), 0, 0, 0) == 0
    }

    static func unmap(_ address: UInt64, length: UInt64) {
        guard length > 0 else { return }
        _ = cr_syscall6(sysMunmap, Int(bitPattern: UInt(address)), Int(bitPattern: UInt(length)), 0, 0, 0, 0)
    }

    /// Host protection for a guest segment. Guest-executable pages stay host-readable:
    /// the translator reads guest code, and a host with protection keys would make
    /// PROT_EXEC-only pages unreadable.
    static func prot(readable: Bool, writable: Bool, executable: Bool) -> Int32 {
        var prot = protNone
        if readable || executable { prot |= protRead }
        if writable { prot |= protWrite }
        if executable { prot |= protExec }
        return prot
    }

    /// Kernel random bytes (for AT_RANDOM and layout randomisation).
    static func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        while filled < buffer.count, let base = buffer.baseAddress {
            let got = cr_syscall6(sysGetrandom, Int(bitPattern: base + filled), buffer.count - filled, 0, 0, 0, 0)
            if got <= 0 {
                if got == -4 { continue }  // EINTR
                break
            }
            filled += got
        }
    }

    static func randomWord() -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { randomBytes($0) }
        return word
    }
}
