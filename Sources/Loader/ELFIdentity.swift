// Why: the most common user mistakes (a text file, an x86-64 binary, a 32-bit
// binary) are recognised from the first bytes, before libelf, so the message
// can name what the file is rather than what libelf disliked.

/// Checks of e_ident and e_machine on the raw bytes.
enum ELFIdentity {
    static let headerSize = 64

    /// Throws unless `bytes` starts a 64-bit little-endian current-version arm64 ELF header.
    static func check(_ bytes: UnsafeRawBufferPointer, path: String) throws(LoadError) {
        let magic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]  // "\x7fELF"
        guard bytes.count >= 4, (0..<4).allSatisfy({ bytes[$0] == magic[$0] }) else {
            throw .notELF(path)
        }
        guard bytes.count >= 16 else {
            throw .malformed(path, "file is truncated inside the ELF identification (\(bytes.count) bytes)")
        }
        let elfClass = bytes[4], data = bytes[5], version = bytes[6]
        guard data == 1 || data == 2 else {
            throw .malformed(path, "unknown data encoding \(data) in e_ident")
        }
        let machine = readMachine(bytes, bigEndian: data == 2)
        let runs = "compat-run runs arm64 (AArch64) programs"
        if elfClass == 1 {
            throw .file(path, "is \(MachineNames.phrase32(machine: machine)); \(runs)")
        }
        guard elfClass == 2 else {
            throw .malformed(path, "unknown ELF class \(elfClass) in e_ident")
        }
        if data == 2 {
            throw .file(path, "is a big-endian \(MachineNames.phrase(machine: machine)); \(runs) (little-endian)")
        }
        guard version == 1 else {
            throw .malformed(path, "unsupported ELF version \(version) in e_ident")
        }
        guard bytes.count >= headerSize else {
            throw .malformed(path, "file is truncated inside the ELF header (\(bytes.count) of \(headerSize) bytes)")
        }
        if let machine, machine != MachineNames.aarch64 {
            throw .file(path, "is \(MachineNames.phrase(machine: machine)); \(runs)")
        }
    }

    /// e_machine (offset 18) if the file is long enough to hold it.
    private static func readMachine(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> UInt16? {
        guard bytes.count >= 20 else { return nil }
        let raw = bytes.loadUnaligned(fromByteOffset: 18, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }
}
