// Access to guest memory. The guest is identity-mapped, so a guest address is a
// host pointer; these helpers only add the checks the shim itself needs where the
// host kernel is not the one dereferencing (a NULL or low pointer becomes EFAULT
// instead of a crash of the translator).
enum GuestMemory {
    /// Lowest address a guest pointer may have; below is the kernel's mmap_min_addr.
    static let minimumAddress: UInt64 = 4096

    @inline(__always) static func pointer(_ address: UInt64) -> UnsafeMutableRawPointer? {
        address >= minimumAddress ? UnsafeMutableRawPointer(bitPattern: UInt(address)) : nil
    }

    /// The NUL-terminated string at `address`, or nil for a bad pointer / over-long string.
    static func string(at address: UInt64, limit: Int = 4096) -> String? {
        guard let p = pointer(address) else { return nil }
        let bytes = p.assumingMemoryBound(to: UInt8.self)
        var length = 0
        while length < limit, bytes[length] != 0 { length += 1 }
        guard length < limit else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    @inline(__always) static func load<T>(_ type: T.Type, at address: UInt64, offset: Int = 0) -> T {
        UnsafeRawPointer(bitPattern: UInt(address))!.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    @inline(__always) static func store<T>(_ value: T, at address: UInt64, offset: Int = 0) {
        UnsafeMutableRawPointer(bitPattern: UInt(address))!.storeBytes(of: value, toByteOffset: offset, as: T.self)
    }

    /// Stores `value` at `address` unless it is an obviously bad pointer; false then.
    @discardableResult
    static func storeIfMapped<T>(_ value: T, at address: UInt64) -> Bool {
        guard pointer(address) != nil else { return false }
        store(value, at: address)
        return true
    }

    /// Copies `bytes` to guest `address`; false for a bad pointer.
    static func copyOut(_ bytes: UnsafeRawBufferPointer, to address: UInt64) -> Bool {
        guard let p = pointer(address) else { return false }
        if let base = bytes.baseAddress { p.copyMemory(from: base, byteCount: bytes.count) }
        return true
    }
}
