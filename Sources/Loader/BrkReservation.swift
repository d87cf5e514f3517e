// Why: guest brk is emulated inside a PROT_NONE reservation (the host's malloc owns
// the real break); reserving it up front keeps host allocations out of its way.

/// Reserves the address range the guest's program break may grow into.
enum BrkReservation {
    /// Sizes tried from largest to smallest when the host already uses the space.
    static let sizes: [UInt64] = [1 << 30, 256 << 20, 64 << 20, 16 << 20, 4 << 20, 1 << 20]

    /// A small random page gap between image end and break start, like Linux's brk randomisation.
    static func randomGap() -> UInt64 {
        (HostMemory.randomWord() % 256) * Page.size
    }

    /// Reserves right after `imageEnd` (plus a random gap) if possible, else anywhere.
    static func reserve(after imageEnd: UInt64, path: String) throws(LoadError) -> Range<UInt64> {
        let start = imageEnd + randomGap()
        let flags = HostMemory.mapNoReserve
        for size in sizes where start + size <= ELFValidator.userAddressLimit {
            let result = HostMemory.mapAnonymous(at: start, length: size, prot: HostMemory.protNone,
                                                 flags: flags | HostMemory.mapFixedNoReplace)
            if case .mapped(let address) = result { return address..<(address + size) }
        }
        // Something of the host's sits right after the image: put the break elsewhere.
        for size in sizes {
            let result = HostMemory.mapAnonymous(at: start, length: size, prot: HostMemory.protNone, flags: flags)
            if case .mapped(let address) = result { return address..<(address + size) }
        }
        throw .file(path, "cannot reserve memory for the program break")
    }
}
