// Access to guest memory. The guest is identity-mapped, so a guest address is a
// host pointer, and a guest pointer the host kernel dereferences needs nothing.
// Where the shim itself reads or writes guest memory it goes through
// cr_copy_guest (CSupport/guest_access.c): a fault while copying is caught and
// the access fails, so a bad pointer becomes -EFAULT as in the kernel, never a
// crash of the translator. Every accessor here is safe that way except the
// `unchecked` ones, kept for memory the shim has just validated itself.
import CSupport

/// Why a guest memory access failed, as the kernel's errno.
enum GuestAccessError: Error, Equatable {
    /// Unmapped or protected memory (EFAULT).
    case fault
    /// A string longer than the caller's limit (ENAMETOOLONG for paths).
    case tooLong

    var errno: Int64 { self == .fault ? Errno.EFAULT : Errno.ENAMETOOLONG }
}

enum GuestMemory {
    /// Lowest address a guest pointer may have; below is the kernel's mmap_min_addr.
    static let minimumAddress: UInt64 = 4096
    /// End of the user address space (47-bit on x86-64; the kernel's access_ok bound).
    static let addressLimit: UInt64 = 1 << 47
    static let pageSize = 4096

    /// The host pointer for a guest address; nil for NULL and the low page. Does not
    /// check that the memory is mapped: only for handing to the host kernel.
    @inline(__always) static func pointer(_ address: UInt64) -> UnsafeMutableRawPointer? {
        address >= minimumAddress ? UnsafeMutableRawPointer(bitPattern: UInt(address)) : nil
    }

    /// True if [address, address + count) lies in the user range (access_ok).
    @inline(__always) static func inRange(_ address: UInt64, _ count: Int) -> Bool {
        let (end, overflow) = address.addingReportingOverflow(UInt64(count))
        return address >= minimumAddress && !overflow && end <= addressLimit
    }

    // MARK: - copies

    /// Copies `count` bytes from guest `address` to host memory; false for a bad pointer
    /// (the destination may then be partly written).
    static func copyIn(_ destination: UnsafeMutableRawPointer, from address: UInt64, count: Int) -> Bool {
        if count == 0 { return true }
        guard inRange(address, count), let source = pointer(address) else { return false }
        return cr_copy_guest(destination, source, count) == 0
    }

    /// Copies `count` host bytes to guest `address`; false for a bad pointer.
    static func copyOut(from source: UnsafeRawPointer, count: Int, to address: UInt64) -> Bool {
        if count == 0 { return true }
        guard inRange(address, count), let destination = pointer(address) else { return false }
        return cr_copy_guest(destination, source, count) == 0
    }

    /// Copies `bytes` to guest `address`; false for a bad pointer.
    static func copyOut(_ bytes: UnsafeRawBufferPointer, to address: UInt64) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return copyOut(from: base, count: bytes.count, to: address)
    }

    /// `count` bytes of guest memory, or nil for a bad pointer.
    static func bytes(at address: UInt64, count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBytes { copyIn($0.baseAddress!, from: address, count: count) }
        return ok ? out : nil
    }

    // MARK: - typed values

    /// The value at `address + offset`, or nil for a bad pointer.
    static func read<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64, offset: Int = 0) -> T? {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { buffer -> T? in
            let p = UnsafeMutableRawPointer(buffer.baseAddress!)
            guard copyIn(p, from: address &+ UInt64(offset), count: MemoryLayout<T>.size) else { return nil }
            return p.load(as: T.self)
        }
    }

    /// Stores `value` at `address + offset`; false for a bad pointer.
    @discardableResult
    static func write<T: BitwiseCopyable>(_ value: T, at address: UInt64, offset: Int = 0) -> Bool {
        withUnsafeBytes(of: value) { copyOut($0, to: address &+ UInt64(offset)) }
    }

    // MARK: - strings

    /// How much of a string one copy reads: most strings the shim reads are paths of a
    /// few dozen bytes, and copying to the end of the page copied ~4 KiB for each.
    static let stringChunk = 256

    /// The bytes of the NUL-terminated string at `address` (without the NUL). Read in
    /// chunks that never cross a page end, so a valid string that ends just before
    /// unmapped memory is fine.
    static func cString(at address: UInt64, limit: Int = 4096) -> Result<[UInt8], GuestAccessError> {
        // The bounce buffer is uninitialised stack memory: a zeroed 4 KiB array per path (a
        // memset each) was ~5 % of a warm dynamic `true`'s instructions.
        withUnsafeTemporaryAllocation(byteCount: stringChunk, alignment: 16) { chunk in
            var out: [UInt8] = []
            var next = address
            while out.count < limit {
                let toPageEnd = pageSize - Int(next % UInt64(pageSize))
                let count = min(toPageEnd, limit - out.count, stringChunk)
                guard copyIn(chunk.baseAddress!, from: next, count: count) else { return .failure(.fault) }
                let copied = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
                if let nul = copied.firstIndex(of: 0) {
                    out += copied[0..<nul]
                    return .success(out)
                }
                out += copied
                next &+= UInt64(count)
            }
            return .failure(.tooLong)
        }
    }

    /// The NUL-terminated string at `address`, or nil for a bad pointer / over-long string.
    static func string(at address: UInt64, limit: Int = 4096) -> String? {
        guard case .success(let bytes) = cString(at: address, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first byte at `address`, or nil for a bad pointer.
    @inline(__always) static func firstByte(at address: UInt64) -> UInt8? {
        read(UInt8.self, at: address)
    }

    // MARK: - unchecked

    /// Unchecked load: only for memory the shim knows is mapped.
    @inline(__always) static func load<T>(_ type: T.Type, at address: UInt64, offset: Int = 0) -> T {
        UnsafeRawPointer(bitPattern: UInt(address))!.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    /// Unchecked store: only for memory the shim knows is mapped.
    @inline(__always) static func store<T>(_ value: T, at address: UInt64, offset: Int = 0) {
        UnsafeMutableRawPointer(bitPattern: UInt(address))!.storeBytes(of: value, toByteOffset: offset, as: T.self)
    }
}
