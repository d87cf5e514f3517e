// Why: validation and mapping are separate steps (the fuzz tests run only the
// first), so the validator hands the mapper a plain, already-checked description.

/// ELF file kinds compat-run can run.
public enum ELFFileKind: Sendable, Equatable {
    /// ET_EXEC: loads at its link addresses.
    case executable
    /// ET_DYN: position independent; loads at a chosen base (static-pie, or a PIE with PT_INTERP).
    case positionIndependent
}

/// One PT_LOAD, checked: its file range lies in the file, filesz <= memsz, and
/// vaddr + memsz stays below 2^47.
public struct ELFSegment: Sendable, Equatable {
    public let vaddr: UInt64
    public let memorySize: UInt64
    public let fileOffset: UInt64
    public let fileSize: UInt64
    public let align: UInt64
    public let readable: Bool
    public let writable: Bool
    public let executable: Bool

    /// First byte of the first 4 KiB page the segment touches.
    public var pageStart: UInt64 { vaddr & ~(Page.size - 1) }
    /// End of the last 4 KiB page the segment touches.
    public var pageEnd: UInt64 { Page.roundUp(vaddr + memorySize) }
}

/// Everything the loader needs from a validated arm64 ELF file (addresses unbiased).
public struct ValidatedELF: Sendable {
    public let kind: ELFFileKind
    public let entry: UInt64
    /// PT_LOAD segments sorted by address; none overlap after page rounding.
    public let segments: [ELFSegment]
    /// The PT_INTERP path (e.g. "/lib/ld-linux-aarch64.so.1"), nil for static programs.
    public let interpreterPath: String?
    public let programHeaderOffset: UInt64
    public let programHeaderEntrySize: UInt64
    public let programHeaderCount: UInt64
    /// Where the program headers are in memory (PT_PHDR, else the PT_LOAD holding
    /// e_phoff), nil when no segment maps them (AT_PHDR is then 0, as on Linux).
    public let programHeaderAddress: UInt64?
    /// PT_GNU_STACK asked for an executable stack.
    public let executableStack: Bool
    /// Page-rounded start of the lowest segment and end of the highest.
    public let imageStart: UInt64
    public let imageEnd: UInt64
    /// Largest power-of-two p_align of the PT_LOADs (at least one page).
    public let maxAlign: UInt64
}

/// Host page arithmetic (4 KiB; arm64's 64 KiB p_align is a multiple of it).
enum Page {
    static let size: UInt64 = 4096

    /// Rounds up; callers only pass values below 2^47, so this cannot overflow.
    static func roundUp(_ value: UInt64) -> UInt64 {
        (value &+ (size - 1)) & ~(size - 1)
    }

    static func roundDown(_ value: UInt64) -> UInt64 {
        value & ~(size - 1)
    }
}
