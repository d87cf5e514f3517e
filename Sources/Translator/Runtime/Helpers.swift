// Swift functions that generated code calls (C calling convention, state pointer
// first). Each is reached through `HelperTable` so the emitter only sees addresses.

struct HelperTable {
    /// Each helper's slot in the state block's table (`CPUStateLayout.helper`).
    enum Slot: Int, CaseIterable { case semantic, readNZCV, writeNZCV, dcZVA, crc32, readCounter }
    static let slotCount = 6

    /// The address for `slot`.
    func address(_ slot: Slot) -> UInt {
        switch slot {
        case .semantic: return semantic
        case .readNZCV: return readNZCV
        case .writeNZCV: return writeNZCV
        case .dcZVA: return dcZVA
        case .crc32: return crc32
        case .readCounter: return readCounter
        }
    }

    /// Writes every helper's address into a thread's state block.
    func fill(_ state: UnsafeMutableRawPointer) {
        for slot in Slot.allCases {
            state.storeBytes(of: UInt64(address(slot)), toByteOffset: Int(CPUStateLayout.helper(slot.rawValue)), as: UInt64.self)
        }
    }

    let semantic: UInt
    let readNZCV: UInt
    let writeNZCV: UInt
    let dcZVA: UInt
    let crc32: UInt
    let readCounter: UInt

    static let shared = HelperTable()

    private init() {
        typealias F1 = @convention(c) (UnsafeMutableRawPointer) -> UInt64
        typealias F2 = @convention(c) (UnsafeMutableRawPointer, UInt64) -> Void
        typealias F4 = @convention(c) (UnsafeMutableRawPointer, UInt64, UInt64, UInt64) -> UInt64
        typealias F3 = @convention(c) (UnsafeMutableRawPointer, UInt64, UInt64) -> Void
        let semanticCall: F3 = { state, i0, i1 in
            OutOfLineSemantics.execute(SemanticOperation(packed: (i0, i1)), CPUState(raw: state))
        }
        let rd: F1 = { state in UInt64(CPUState(raw: state).nzcv) }
        let wr: F2 = { state, v in CPUState(raw: state).nzcv = UInt32(truncatingIfNeeded: v) & 0xF000_0000 }
        let zva: F2 = { _, addr in
            UnsafeMutableRawPointer(bitPattern: UInt(addr & ~63))!.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
        }
        let crc: F4 = { _, kind, acc, value in
            UInt64(CRC32Kind(packed: kind).step(acc: UInt32(truncatingIfNeeded: acc), value: value))
        }
        semantic = unsafeBitCast(semanticCall, to: UInt.self)
        readNZCV = unsafeBitCast(rd, to: UInt.self)
        writeNZCV = unsafeBitCast(wr, to: UInt.self)
        dcZVA = unsafeBitCast(zva, to: UInt.self)
        crc32 = unsafeBitCast(crc, to: UInt.self)
        let counter: F1 = { _ in monotonicNanoseconds() }
        readCounter = unsafeBitCast(counter, to: UInt.self)
    }
}

/// CRC32{B,H,W,X} (the ISO-HDLC polynomial) and CRC32C* (Castagnoli), decoded at
/// translation time and handed to the helper packed in one argument.
public struct CRC32Kind: Sendable, Equatable {
    public let castagnoli: Bool
    public let bytes: Int

    init(castagnoli: Bool, bytes: Int) { self.castagnoli = castagnoli; self.bytes = bytes }
    init(packed: UInt64) { castagnoli = packed & 0x100 != 0; bytes = Int(packed & 0xFF) }
    var packed: UInt64 { (castagnoli ? 0x100 : 0) | UInt64(bytes) }

    func step(acc: UInt32, value: UInt64) -> UInt32 {
        let poly: UInt32 = castagnoli ? 0x82F6_3B78 : 0xEDB8_8320
        var crc = acc
        for i in 0..<bytes {
            crc ^= UInt32((value >> UInt64(8 * i)) & 0xFF)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 != 0 ? poly : 0) }
        }
        return crc
    }
}
