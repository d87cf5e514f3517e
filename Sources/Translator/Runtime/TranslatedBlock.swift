// What tools (`-d`, `--perf-map`, `compat-run inspect`) see of one translation.

/// Why the whole code cache was dropped.
enum FlushCause { case cacheFull, fpcrMode, invalidation }

/// One block as installed in the code cache, handed to `Engine.onTranslate`.
public struct TranslatedBlock {
    /// The IR as the lifter produced it, before the passes (`-d op`).
    public let lifted: IRBlock
    /// The optimised IR the host code was emitted from (guestPC..<guestEnd).
    public let ir: IRBlock
    /// The installed host bytes, absolute jumps resolved.
    public let code: [UInt8]
    /// Host address of `code`.
    public let host: UInt
    /// Per guest instruction of the block (index = offset in instructions): the offset in
    /// `code` where its host code starts, nil when it needed no code of its own (folded into
    /// a neighbour, e.g. a register move forwarded away). The block's prologue precedes
    /// the first start; the exit stubs follow the terminator.
    public let instructionStarts: [Int?]
    /// Byte ranges of `code` that are exit records (data after a call to a shared exit stub,
    /// never executed), so a disassembly can show them as data.
    public let dataRecords: [Range<Int>]
}
