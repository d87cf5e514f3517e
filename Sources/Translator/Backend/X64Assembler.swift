// A small x86-64 assembler: typed operands, one method per instruction form.
// Only this file (and the emitter built on it) knows x86 encodings.

public enum Reg: UInt8, Sendable, CaseIterable {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
    var low3: UInt8 { rawValue & 7 }
    var ext: Bool { rawValue >= 8 }
}

public struct XMM: Sendable, Equatable {
    public let index: UInt8
    public init(_ i: UInt8) { index = i }
}

/// A memory operand [base + index*scale + disp].
public struct Mem: Sendable {
    public var base: Reg
    public var index: Reg?
    public var scale: UInt8 = 1
    public var disp: Int32 = 0
    public init(_ base: Reg, _ disp: Int32 = 0) { self.base = base; self.disp = disp }
    public init(_ base: Reg, index: Reg, scale: UInt8, disp: Int32 = 0) {
        self.base = base; self.index = index; self.scale = scale; self.disp = disp
    }
}

/// x86 condition codes (low nibble of Jcc/SETcc/CMOVcc).
public enum X64Cond: UInt8, Sendable {
    case o = 0, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
    var inverted: X64Cond { X64Cond(rawValue: rawValue ^ 1)! }
}

public enum ALUOp: UInt8, Sendable {
    // the /digit of the 0x81 group; reg-reg opcode is digit*8 + 1
    case add = 0, or = 1, adc = 2, sbb = 3, and = 4, sub = 5, xor = 6, cmp = 7
}

public enum ShiftOp: UInt8, Sendable { case rol = 0, ror = 1, shl = 4, shr = 5, sar = 7 }

/// Operand size of an integer instruction.
public enum OpSize: Sendable { case b8, b16, b32, b64 }

/// The rel32 field of an emitted jmp/jcc/call/lea-rip: what is patched to point it
/// somewhere (a buffer offset, not an instruction position).
public struct Rel32Site: Sendable, Equatable {
    public let offset: Int
}

/// Up to three opcode bytes (escapes included), inline: no array per instruction.
private struct Opcode {
    let b0: UInt8, b1: UInt8, b2: UInt8, count: Int
    init(_ a: UInt8) { b0 = a; b1 = 0; b2 = 0; count = 1 }
    init(_ a: UInt8, _ b: UInt8) { b0 = a; b1 = b; b2 = 0; count = 2 }
    init(_ a: UInt8, _ b: UInt8, _ c: UInt8) { b0 = a; b1 = b; b2 = c; count = 3 }
}

/// The assembler's code buffer: raw memory, so emitting a byte is a store and an increment
/// (an Array checks uniqueness and capacity on every append, the translator's hottest path).
/// Only the assembler holding it writes it; `empty` is never written (it has no room).
final class CodeBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    init(capacity: Int) { self.capacity = capacity; base = .allocate(capacity: max(capacity, 1)) }
    deinit { base.deallocate() }
    /// The buffer of an assembler that has not emitted anything (its first byte grows it).
    static let empty = CodeBuffer(capacity: 0)
}

/// Not copy-on-write: copies of an assembler share its buffer, so a copy is only for reading
/// (`bytes`, `copyResolved`), never for emitting into both.
public struct X64Assembler {
    private var buffer: CodeBuffer
    /// Bytes emitted so far (the buffer's used part).
    public private(set) var position = 0
    /// The code emitted so far (a copy: for tests and tools; the code cache uses `copyResolved`).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: position)) }
    /// rel32 fields that point at absolute host addresses, resolved when the code is placed.
    public private(set) var absoluteFixups: [AbsoluteFixup] = []
    public struct AbsoluteFixup: Sendable { var at: Int; var target: UInt }
    public init() { buffer = CodeBuffer(capacity: 1024) }
    /// An assembler whose buffer starts with room for `capacity` bytes (0: allocates nothing).
    init(capacity: Int) { buffer = capacity > 0 ? CodeBuffer(capacity: capacity) : .empty }
    /// Empties the buffer for the next block, keeping its storage (the engine reuses one).
    mutating func reset() {
        position = 0
        absoluteFixups.empty()
    }

    // MARK: raw encoding (private: callers use the named forms below)

    /// Room for `count` more bytes.
    @inline(__always) private mutating func reserve(_ count: Int) {
        if position + count > buffer.capacity { grow(count) }
    }
    @inline(never) private mutating func grow(_ count: Int) {
        let bigger = CodeBuffer(capacity: max(2 * buffer.capacity, position + count, 256))
        bigger.base.update(from: buffer.base, count: position)
        buffer = bigger
    }
    @inline(__always) private mutating func byte(_ b: UInt8) {
        reserve(1)
        buffer.base[position] = b
        position += 1
    }
    @inline(__always) private mutating func littleEndian<T: FixedWidthInteger>(_ v: T) {
        reserve(MemoryLayout<T>.size)
        UnsafeMutableRawPointer(buffer.base + position).storeBytes(of: v.littleEndian, as: T.self)
        position += MemoryLayout<T>.size
    }
    private mutating func imm16(_ v: UInt16) { littleEndian(v) }
    private mutating func imm32(_ v: Int32) { littleEndian(v) }
    private mutating func imm64(_ v: UInt64) { littleEndian(v) }
    /// Overwrites the 4 bytes at `offset` (a rel32 field already emitted).
    private func overwrite32(at offset: Int, _ v: UInt32) {
        precondition(offset >= 0 && offset + 4 <= position, "rel32 field outside the code")
        UnsafeMutableRawPointer(buffer.base + offset).storeBytes(of: v.littleEndian, as: UInt32.self)
    }
    /// A rel32 placeholder; returns its site.
    private mutating func rel32Placeholder() -> Rel32Site { let at = Rel32Site(offset: position); imm32(0); return at }

    /// REX prefix; `force` emits it even when empty (byte access to sil/dil/spl/bpl).
    private mutating func rex(w: Bool, r: UInt8, x: UInt8, b: UInt8, force: Bool = false) {
        let v: UInt8 = 0x40 | (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1)
        if v != 0x40 || force { byte(v) }
    }

    /// ModRM (+SIB +disp) for a register/opcode-extension `reg` and a memory operand.
    /// One capacity check for all of it (every load and store has one; ~1 in 3 emitted instructions).
    private mutating func modrm(reg: UInt8, mem: Mem) {
        reserve(6)      // ModRM, SIB, disp32
        let out = buffer.base + position
        let r = (reg & 7) << 3
        let needsSIB = mem.index != nil || mem.base.low3 == 4
        let mod: UInt8
        if mem.disp == 0 && mem.base.low3 != 5 { mod = 0 } else if Int8(exactly: mem.disp) != nil { mod = 1 } else { mod = 2 }
        var count = 1
        if needsSIB {
            out[0] = mod << 6 | r | 4
            let ss = UInt8(mem.scale.trailingZeroBitCount & 3)   // scale 1/2/4/8 -> 0...3
            let idx = mem.index?.low3 ?? 4
            out[1] = ss << 6 | idx << 3 | mem.base.low3
            count = 2
        } else {
            out[0] = mod << 6 | r | mem.base.low3
        }
        if mod == 1 {
            out[count] = UInt8(bitPattern: Int8(truncatingIfNeeded: mem.disp)); count &+= 1
        } else if mod == 2 {
            UnsafeMutableRawPointer(out + count).storeBytes(of: mem.disp.littleEndian, as: Int32.self); count &+= 4
        }
        position &+= count
    }

    private mutating func modrm(reg: UInt8, rm: UInt8) { byte(0xC0 | (reg & 7) << 3 | (rm & 7)) }

    private mutating func opcode(_ o: Opcode) {
        byte(o.b0)
        if o.count > 1 { byte(o.b1) }
        if o.count > 2 { byte(o.b2) }
    }

    /// Legacy prefix, REX (as `rex` decides) and opcode bytes of one instruction, plus `room`
    /// more bytes, behind one capacity check: a check per byte cost more than the stores.
    /// Returns where the bytes after the opcode go (the caller advances `position` past them).
    @inline(__always)
    private mutating func head(_ prefix: UInt8?, w: Bool, r: UInt8, x: UInt8, b: UInt8, force: Bool, _ o: Opcode,
                               room: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(5 + room)   // prefix, REX, three opcode bytes
        var out = buffer.base + position
        if let p = prefix { out.pointee = p; out += 1 }
        let v: UInt8 = 0x40 | (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1)
        if v != 0x40 || force { out.pointee = v; out += 1 }
        out.pointee = o.b0; out += 1
        if o.count > 1 { out.pointee = o.b1; out += 1 }
        if o.count > 2 { out.pointee = o.b2; out += 1 }
        position = out - buffer.base
        return out
    }

    /// "op reg, r/m(reg)" with optional legacy prefix and escape bytes.
    private mutating func opRR(_ prefix: UInt8? = nil, w: Bool, _ op: Opcode, reg: UInt8, rm: UInt8, forceREX: Bool = false) {
        let out = head(prefix, w: w, r: reg, x: 0, b: rm, force: forceREX, op, room: 1)
        out.pointee = 0xC0 | (reg & 7) << 3 | (rm & 7)
        position &+= 1
    }

    private mutating func opRM(_ prefix: UInt8? = nil, w: Bool, _ op: Opcode, reg: UInt8, mem: Mem, forceREX: Bool = false) {
        _ = head(prefix, w: w, r: reg, x: mem.index?.rawValue ?? 0, b: mem.base.rawValue, force: forceREX, op, room: 0)
        modrm(reg: reg, mem: mem)
    }

    // MARK: moves

    public mutating func mov(_ dst: Reg, _ src: Reg, is64: Bool = true) {
        opRR(w: is64, Opcode(0x89), reg: src.rawValue, rm: dst.rawValue)
    }

    /// Loads a constant in the shortest form (never touches flags).
    public mutating func movImm(_ dst: Reg, _ v: UInt64) {
        if v <= UInt64(UInt32.max) {
            rex(w: false, r: 0, x: 0, b: dst.rawValue); byte(0xB8 + dst.low3); imm32(Int32(bitPattern: UInt32(v)))
        } else if Int64(bitPattern: v) >= Int64(Int32.min) && Int64(bitPattern: v) < 0 {
            rex(w: true, r: 0, x: 0, b: dst.rawValue); byte(0xC7); modrm(reg: 0, rm: dst.rawValue)
            imm32(Int32(truncatingIfNeeded: Int64(bitPattern: v)))
        } else {
            rex(w: true, r: 0, x: 0, b: dst.rawValue); byte(0xB8 + dst.low3); imm64(v)
        }
    }

    /// Zero-/sign-extending load of `size` bytes into a 64-bit register.
    public mutating func load(_ dst: Reg, _ m: Mem, size: Int, signed: Bool = false, to64: Bool = true) {
        switch (size, signed) {
        case (1, false): opRM(w: false, Opcode(0x0F, 0xB6), reg: dst.rawValue, mem: m)
        case (2, false): opRM(w: false, Opcode(0x0F, 0xB7), reg: dst.rawValue, mem: m)
        case (4, false): opRM(w: false, Opcode(0x8B), reg: dst.rawValue, mem: m)
        case (8, _): opRM(w: true, Opcode(0x8B), reg: dst.rawValue, mem: m)
        case (1, true): opRM(w: to64, Opcode(0x0F, 0xBE), reg: dst.rawValue, mem: m)
        case (2, true): opRM(w: to64, Opcode(0x0F, 0xBF), reg: dst.rawValue, mem: m)
        case (4, true): opRM(w: true, Opcode(0x63), reg: dst.rawValue, mem: m)
        default: fatalError("bad load size \(size)")
        }
    }

    public mutating func store(_ m: Mem, _ src: Reg, size: Int) {
        switch size {
        case 1: opRM(w: false, Opcode(0x88), reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, Opcode(0x89), reg: src.rawValue, mem: m)
        case 4: opRM(w: false, Opcode(0x89), reg: src.rawValue, mem: m)
        case 8: opRM(w: true, Opcode(0x89), reg: src.rawValue, mem: m)
        default: fatalError("bad store size \(size)")
        }
    }

    public mutating func storeImm32(_ m: Mem, _ v: Int32, is64: Bool) {
        opRM(w: is64, Opcode(0xC7), reg: 0, mem: m); imm32(v)
    }

    /// cmp dword [m], imm8 (sign-extended).
    public mutating func cmpMemImm8(_ m: Mem, _ v: Int8) { opRM(w: false, Opcode(0x83), reg: 7, mem: m); byte(UInt8(bitPattern: v)) }

    public mutating func storeImm8(_ m: Mem, _ v: UInt8) {
        opRM(w: false, Opcode(0xC6), reg: 0, mem: m); byte(v)
    }

    public mutating func storeImm16(_ m: Mem, _ v: UInt16) {
        opRM(0x66, w: false, Opcode(0xC7), reg: 0, mem: m); imm16(v)
    }

    public mutating func lea(_ dst: Reg, _ m: Mem, is64: Bool = true) { opRM(w: is64, Opcode(0x8D), reg: dst.rawValue, mem: m) }

    /// Sign- or zero-extends the low `bits` of src into dst (64-bit result).
    public mutating func extend(_ dst: Reg, _ src: Reg, bits: Int, signed: Bool) {
        switch (bits, signed) {
        case (8, false): opRR(w: false, Opcode(0x0F, 0xB6), reg: dst.rawValue, rm: src.rawValue, forceREX: src.rawValue >= 4)
        case (16, false): opRR(w: false, Opcode(0x0F, 0xB7), reg: dst.rawValue, rm: src.rawValue)
        case (32, false): mov(dst, src, is64: false)
        case (8, true): opRR(w: true, Opcode(0x0F, 0xBE), reg: dst.rawValue, rm: src.rawValue)
        case (16, true): opRR(w: true, Opcode(0x0F, 0xBF), reg: dst.rawValue, rm: src.rawValue)
        case (32, true): opRR(w: true, Opcode(0x63), reg: dst.rawValue, rm: src.rawValue)
        default: mov(dst, src)
        }
    }

    // MARK: integer ALU

    public mutating func alu(_ op: ALUOp, _ dst: Reg, _ src: Reg, is64: Bool) {
        opRR(w: is64, Opcode(op.rawValue << 3 | 1), reg: src.rawValue, rm: dst.rawValue)
    }

    public mutating func alu(_ op: ALUOp, _ dst: Reg, imm: Int32, is64: Bool) {
        if let i8 = Int8(exactly: imm) {
            opRR(w: is64, Opcode(0x83), reg: op.rawValue, rm: dst.rawValue); byte(UInt8(bitPattern: i8))
        } else {
            opRR(w: is64, Opcode(0x81), reg: op.rawValue, rm: dst.rawValue); imm32(imm)
        }
    }

    public mutating func alu(_ op: ALUOp, _ dst: Reg, _ m: Mem, is64: Bool) {
        opRM(w: is64, Opcode(op.rawValue << 3 | 3), reg: dst.rawValue, mem: m)
    }

    public mutating func test(_ a: Reg, _ b: Reg, is64: Bool) { opRR(w: is64, Opcode(0x85), reg: b.rawValue, rm: a.rawValue) }
    public mutating func test(_ a: Reg, imm: Int32, is64: Bool) {
        opRR(w: is64, Opcode(0xF7), reg: 0, rm: a.rawValue); imm32(imm)
    }
    /// bt reg, imm8: CF = selected bit.
    public mutating func bt(_ a: Reg, bit: UInt8) { opRR(w: true, Opcode(0x0F, 0xBA), reg: 4, rm: a.rawValue); byte(bit) }
    /// bts/btc reg, imm8: set / complement the selected bit (64-bit).
    public mutating func bts(_ a: Reg, bit: UInt8) { opRR(w: true, Opcode(0x0F, 0xBA), reg: 5, rm: a.rawValue); byte(bit) }
    public mutating func btc(_ a: Reg, bit: UInt8) { opRR(w: true, Opcode(0x0F, 0xBA), reg: 7, rm: a.rawValue); byte(bit) }

    public mutating func shift(_ op: ShiftOp, _ dst: Reg, imm: UInt8, is64: Bool) {
        opRR(w: is64, Opcode(0xC1), reg: op.rawValue, rm: dst.rawValue); byte(imm)
    }
    public mutating func shiftCL(_ op: ShiftOp, _ dst: Reg, is64: Bool) {
        opRR(w: is64, Opcode(0xD3), reg: op.rawValue, rm: dst.rawValue)
    }

    /// BMI2 shlx/shrx/sarx dst = src shifted by count (flags untouched).
    public mutating func shiftX(_ op: ShiftOp, _ dst: Reg, _ src: Reg, count: Reg, is64: Bool) {
        let pp: UInt8 = op == .shl ? 1 : (op == .shr ? 3 : 2)  // 66 / F2 / F3
        vex(mmmmm: 2, w: is64, vvvv: count.rawValue, l: false, pp: pp, reg: dst.rawValue, rmExt: src.rawValue)
        byte(0xF7); modrm(reg: dst.rawValue, rm: src.rawValue)
    }

    /// BMI1 andn dst, notted, src: dst = ~notted & src (SF/ZF from the result, OF = CF = 0).
    public mutating func andn(_ dst: Reg, not notted: Reg, _ src: Reg, is64: Bool) {
        vex(mmmmm: 2, w: is64, vvvv: notted.rawValue, l: false, pp: 0, reg: dst.rawValue, rmExt: src.rawValue)
        byte(0xF2); modrm(reg: dst.rawValue, rm: src.rawValue)
    }

    public mutating func imul(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(w: is64, Opcode(0x0F, 0xAF), reg: dst.rawValue, rm: src.rawValue) }
    /// One-operand forms on rdx:rax: /4 mul, /5 imul, /6 div, /7 idiv, /3 neg, /2 not.
    private mutating func group3(_ digit: UInt8, _ r: Reg, is64: Bool) { opRR(w: is64, Opcode(0xF7), reg: digit, rm: r.rawValue) }
    /// mul r: rdx:rax = rax * r (unsigned).
    public mutating func mulWide(_ r: Reg, is64: Bool) { group3(4, r, is64: is64) }
    /// imul r: rdx:rax = rax * r (signed).
    public mutating func imulWide(_ r: Reg, is64: Bool) { group3(5, r, is64: is64) }
    /// div r: rax = rdx:rax / r, rdx = remainder (unsigned).
    public mutating func div(_ r: Reg, is64: Bool) { group3(6, r, is64: is64) }
    /// idiv r (signed).
    public mutating func idiv(_ r: Reg, is64: Bool) { group3(7, r, is64: is64) }
    public mutating func neg(_ r: Reg, is64: Bool) { group3(3, r, is64: is64) }
    public mutating func not(_ r: Reg, is64: Bool) { group3(2, r, is64: is64) }
    public mutating func cqo(is64: Bool) { if is64 { byte(0x48) }; byte(0x99) }

    public mutating func lzcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, Opcode(0x0F, 0xBD), reg: dst.rawValue, rm: src.rawValue) }
    public mutating func tzcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, Opcode(0x0F, 0xBC), reg: dst.rawValue, rm: src.rawValue) }
    public mutating func popcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, Opcode(0x0F, 0xB8), reg: dst.rawValue, rm: src.rawValue) }
    public mutating func bswap(_ r: Reg, is64: Bool) { rex(w: is64, r: 0, x: 0, b: r.rawValue); byte(0x0F); byte(0xC8 + r.low3) }
    public mutating func rol16(_ r: Reg, imm: UInt8) { opRR(0x66, w: false, Opcode(0xC1), reg: 0, rm: r.rawValue); byte(imm) }

    public mutating func cmov(_ cc: X64Cond, _ dst: Reg, _ src: Reg, is64: Bool) {
        opRR(w: is64, Opcode(0x0F, 0x40 | cc.rawValue), reg: dst.rawValue, rm: src.rawValue)
    }
    public mutating func setcc(_ cc: X64Cond, _ dst: Reg) {
        opRR(w: false, Opcode(0x0F, 0x90 | cc.rawValue), reg: 0, rm: dst.rawValue, forceREX: dst.rawValue >= 4)
    }

    // MARK: flags

    public mutating func lahf() { byte(0x9F) }
    public mutating func sahf() { byte(0x9E) }
    public mutating func cmc() { byte(0xF5) }
    public mutating func stc() { byte(0xF9) }
    public mutating func clc() { byte(0xF8) }
    public mutating func mfence() { byte(0x0F); byte(0xAE); byte(0xF0) }
    public mutating func addALImm(_ v: UInt8) { byte(0x04); byte(v) }

    // MARK: atomics

    /// lock cmpxchg [m], src (expected value in rax/eax/ax/al).
    public mutating func lockCmpxchg(_ m: Mem, _ src: Reg, size: Int) {
        byte(0xF0)
        switch size {
        case 1: opRM(w: false, Opcode(0x0F, 0xB0), reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, Opcode(0x0F, 0xB1), reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, Opcode(0x0F, 0xB1), reg: src.rawValue, mem: m)
        }
    }
    public mutating func xchg(_ m: Mem, _ src: Reg, size: Int) {
        switch size {
        case 1: opRM(w: false, Opcode(0x86), reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, Opcode(0x87), reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, Opcode(0x87), reg: src.rawValue, mem: m)
        }
    }
    /// lock xadd [m], src: src gets the old value, memory the sum.
    public mutating func lockXadd(_ m: Mem, _ src: Reg, size: Int) {
        byte(0xF0)
        switch size {
        case 1: opRM(w: false, Opcode(0x0F, 0xC0), reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, Opcode(0x0F, 0xC1), reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, Opcode(0x0F, 0xC1), reg: src.rawValue, mem: m)
        }
    }
    /// lock add/or/and/xor [m], src (`size` bytes; no result register).
    public mutating func lockALU(_ op: ALUOp, _ m: Mem, _ src: Reg, size: Int) {
        byte(0xF0)
        switch size {
        case 1: opRM(w: false, Opcode(op.rawValue << 3), reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, Opcode(op.rawValue << 3 | 1), reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, Opcode(op.rawValue << 3 | 1), reg: src.rawValue, mem: m)
        }
    }
    /// lock cmpxchg16b [m]: compares rdx:rax, stores rcx:rbx.
    public mutating func lockCmpxchg16b(_ m: Mem) { byte(0xF0); opRM(w: true, Opcode(0x0F, 0xC7), reg: 1, mem: m) }

    // MARK: SSE control and status

    /// STMXCSR m32: stores MXCSR (its sticky exception flags are bits 0-5).
    public mutating func stmxcsr(_ m: Mem) { opRM(w: false, Opcode(0x0F, 0xAE), reg: 3, mem: m) }
    /// LDMXCSR m32.
    public mutating func ldmxcsr(_ m: Mem) { opRM(w: false, Opcode(0x0F, 0xAE), reg: 2, mem: m) }

    // MARK: control flow

    public mutating func push(_ r: Reg) { rex(w: false, r: 0, x: 0, b: r.rawValue); byte(0x50 + r.low3) }
    public mutating func pop(_ r: Reg) { rex(w: false, r: 0, x: 0, b: r.rawValue); byte(0x58 + r.low3) }
    public mutating func ret() { byte(0xC3) }
    public mutating func callR(_ r: Reg) { opRR(w: false, Opcode(0xFF), reg: 2, rm: r.rawValue) }
    public mutating func jmpR(_ r: Reg) { opRR(w: false, Opcode(0xFF), reg: 4, rm: r.rawValue) }
    /// `call [m]`: an indirect call through a memory operand (helper table).
    public mutating func callM(_ m: Mem) { opRM(w: false, Opcode(0xFF), reg: 2, mem: m) }
    public mutating func jmpM(_ m: Mem) { opRM(w: false, Opcode(0xFF), reg: 4, mem: m) }

    /// Emits `jmp rel32` to a position within this buffer (or a placeholder to patch).
    @discardableResult
    public mutating func jmp(to target: Int? = nil) -> Rel32Site {
        byte(0xE9); let at = rel32Placeholder()
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    @discardableResult
    public mutating func jcc(_ cc: X64Cond, to target: Int? = nil) -> Rel32Site {
        byte(0x0F); byte(0x80 | cc.rawValue); let at = rel32Placeholder()
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    /// `call rel32` to a position within this buffer (or a placeholder to patch).
    @discardableResult
    public mutating func call(to target: Int? = nil) -> Rel32Site {
        byte(0xE8); let at = rel32Placeholder()
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    /// Branches whose rel32 the dispatcher re-points later (block chaining) while other
    /// threads may run this code: the field is 4-byte aligned (blocks are installed
    /// 16-byte aligned), so it never straddles a cache line and one 32-bit store replaces
    /// it atomically.
    public mutating func jmpPatchable() -> Rel32Site { alignPatchable(opcodeBytes: 1); return jmp() }
    public mutating func jccPatchable(_ cc: X64Cond) -> Rel32Site { alignPatchable(opcodeBytes: 2); return jcc(cc) }
    /// `call rel32` (a guest BL: the call's target is chained like a jump).
    public mutating func callPatchable() -> Rel32Site { alignPatchable(opcodeBytes: 1); return call() }
    private mutating func alignPatchable(opcodeBytes: Int) {
        nop((4 - (position + opcodeBytes) % 4) % 4)
    }
    /// Turns the code already emitted in `range` into a short jump to its end, the rest int3
    /// (never run): code entered at the range's start skips it; code entered at its end is as
    /// before. 2 to 129 bytes.
    public mutating func replaceWithJumpOver(_ range: Range<Int>) {
        precondition(range.count >= 2 && range.count <= 129 && range.upperBound <= position, "jump over \(range)")
        buffer.base[range.lowerBound] = 0xEB                        // jmp rel8
        buffer.base[range.lowerBound + 1] = UInt8(range.count - 2)
        for i in range.lowerBound + 2..<range.upperBound { buffer.base[i] = 0xCC }
    }
    /// `count` (0...3) bytes of padding as one instruction (Intel's recommended NOP forms).
    public mutating func nop(_ count: Int) {
        switch count {
        case 0: break
        case 1: byte(0x90)
        case 2: byte(0x66); byte(0x90)
        case 3: byte(0x0F); byte(0x1F); byte(0x00)
        default: preconditionFailure("nop(\(count)): at most 3 bytes")
        }
    }
    /// `call rel32` to an absolute host address (resolved when the code is placed).
    public mutating func call(absolute target: UInt) { setAbsolute(rel32At: call(), target: target) }
    /// An unresolved chain exit's record, placed right after its `call` to the shared chain
    /// stub (never executed: the stub pops its address): the guest target pc, then the
    /// distance from the record back to the chain site's rel32 field.
    public mutating func chainRecord(target: UInt64, site: Rel32Site) {
        let record = position
        imm64(target)
        imm32(Int32(site.offset - record))
    }
    /// An exit's record, placed right after its `call` to the shared exit stub (never
    /// executed): the guest pc to leave at, then the exit code.
    public mutating func exitRecord(pc: UInt64, code: UInt8) {
        imm64(pc)
        byte(code)
    }
    /// `jmp rel32` to an absolute host address (resolved by `resolve(base:)`).
    public mutating func jmp(absolute target: UInt) { setAbsolute(rel32At: jmp(), target: target) }
    public mutating func jcc(_ cc: X64Cond, absolute target: UInt) { setAbsolute(rel32At: jcc(cc), target: target) }
    /// Makes an already emitted rel32 field point at an absolute host address.
    public mutating func setAbsolute(rel32At at: Rel32Site, target: UInt) {
        absoluteFixups.append(AbsoluteFixup(at: at.offset, target: target))
    }
    /// lea r, [rip + (target - next)] for a position in this buffer (nil: patched later);
    /// returns the site of its rel32.
    @discardableResult
    public mutating func leaRIP(_ dst: Reg, position target: Int?) -> Rel32Site {
        rex(w: true, r: dst.rawValue, x: 0, b: 0); byte(0x8D); byte(0x05 | dst.low3 << 3)
        let at = rel32Placeholder()
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    /// lea r, [rip + ...]: the host address of a rel32 site of this buffer.
    @discardableResult
    public mutating func leaRIP(_ dst: Reg, site: Rel32Site) -> Rel32Site { leaRIP(dst, position: site.offset) }
    /// Fixes absolute rel32 fields once the code's final address is known.
    /// Copies the code to `destination` (writable memory that will run at host address
    /// `base`) with its absolute fixups resolved there: the buffer itself stays as it is, so
    /// placing code copies it once and never duplicates the buffer.
    func copyResolved(to destination: UnsafeMutableRawPointer, base: UInt) {
        destination.copyMemory(from: buffer.base, byteCount: position)
        for f in absoluteFixups {
            let rel = Int64(bitPattern: UInt64(f.target)) &- Int64(bitPattern: UInt64(base)) &- Int64(f.at + 4)
            destination.storeBytes(of: UInt32(truncatingIfNeeded: rel).littleEndian, toByteOffset: f.at, as: UInt32.self)
        }
    }

    public mutating func resolve(base: UInt) {
        for f in absoluteFixups {
            let rel = Int64(bitPattern: UInt64(f.target)) &- Int64(bitPattern: UInt64(base)) &- Int64(f.at + 4)
            overwrite32(at: f.at, UInt32(truncatingIfNeeded: rel))
        }
    }

    /// Points a rel32 field (from jmp/jcc/call/leaRIP) at `target`, a buffer offset.
    public mutating func patchRel32(at site: Rel32Site, target: Int) {
        overwrite32(at: site.offset, UInt32(bitPattern: Int32(target - (site.offset + 4))))
    }

    /// The rel32 that makes the field at host address `site` reach host address `target`
    /// (re-pointing an installed chain site).
    public static func rel32(site: UInt, target: UInt) -> Int32 {
        Int32(truncatingIfNeeded: Int(bitPattern: target) - Int(bitPattern: site + 4))
    }

    // MARK: SSE / AVX

    private mutating func vex(mmmmm: UInt8, w: Bool, vvvv: UInt8, l: Bool, pp: UInt8, reg: UInt8, rmExt: UInt8, xExt: UInt8 = 0) {
        byte(0xC4)
        byte((reg >= 8 ? 0 : 0x80) | (xExt >= 8 ? 0 : 0x40) | (rmExt >= 8 ? 0 : 0x20) | mmmmm)
        byte((w ? 0x80 : 0) | ((~vvvv & 0xF) << 3) | (l ? 4 : 0) | pp)
    }

    /// Legacy-SSE "op xmm, xmm" / "op xmm, m" with a mandatory prefix (the 0F escape is in `op`).
    private mutating func sse(_ prefix: UInt8?, _ op: Opcode, _ dst: XMM, _ src: XMM, w: Bool = false) {
        opRR(prefix, w: w, op, reg: dst.index, rm: src.index)
    }
    private mutating func sse(_ prefix: UInt8?, _ op: Opcode, _ dst: XMM, _ m: Mem) {
        opRM(prefix, w: false, op, reg: dst.index, mem: m)
    }
    /// The 66 prefix of packed-double forms (packed single has none).
    private static func pdPrefix(_ double: Bool) -> UInt8? { double ? 0x66 : nil }
    /// The F2 (double) / F3 (single) prefix of scalar forms.
    private static func sdPrefix(_ double: Bool) -> UInt8 { double ? 0xF2 : 0xF3 }

    // moves

    public mutating func movdquLoad(_ x: XMM, _ m: Mem) { sse(0xF3, Opcode(0x0F, 0x6F), x, m) }
    public mutating func movdquStore(_ m: Mem, _ x: XMM) { opRM(0xF3, w: false, Opcode(0x0F, 0x7F), reg: x.index, mem: m) }
    /// movq xmm, m64 (zeroes the upper half).
    public mutating func movqLoad(_ x: XMM, _ m: Mem) { sse(0xF3, Opcode(0x0F, 0x7E), x, m) }
    public mutating func movqStore(_ m: Mem, _ x: XMM) { opRM(0x66, w: false, Opcode(0x0F, 0xD6), reg: x.index, mem: m) }
    /// movq xmm, xmm: the low quadword, bits 127:64 cleared.
    public mutating func movq(_ d: XMM, _ s: XMM) { sse(0xF3, Opcode(0x0F, 0x7E), d, s) }
    /// movd xmm, m32 (zeroes the rest).
    public mutating func movdLoad(_ x: XMM, _ m: Mem) { sse(0x66, Opcode(0x0F, 0x6E), x, m) }
    public mutating func movdStore(_ m: Mem, _ x: XMM) { opRM(0x66, w: false, Opcode(0x0F, 0x7E), reg: x.index, mem: m) }
    /// movq/movd xmm <- gpr and gpr <- xmm.
    public mutating func movToXMM(_ x: XMM, _ r: Reg, is64: Bool) { opRR(0x66, w: is64, Opcode(0x0F, 0x6E), reg: x.index, rm: r.rawValue) }
    public mutating func movFromXMM(_ r: Reg, _ x: XMM, is64: Bool) { opRR(0x66, w: is64, Opcode(0x0F, 0x7E), reg: x.index, rm: r.rawValue) }
    public mutating func movaps(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x28), d, s) }
    /// movmskps/movmskpd r32, xmm: the lanes' sign bits.
    public mutating func movmsk(_ r: Reg, _ x: XMM, double: Bool) {
        opRR(Self.pdPrefix(double), w: false, Opcode(0x0F, 0x50), reg: r.rawValue, rm: x.index)
    }

    // scalar and packed floating point

    /// addss/subss/mulss/divss (sd for double): d = d op s on the low lane.
    public mutating func scalarFP(_ op: SSEArith, _ d: XMM, _ s: XMM, double: Bool) {
        sse(Self.sdPrefix(double), Opcode(0x0F, op.opcode), d, s)
    }
    /// addps/subps/mulps/divps (pd for double) on every lane.
    public mutating func packedFP(_ op: SSEArith, _ d: XMM, _ s: XMM, double: Bool) {
        sse(Self.pdPrefix(double), Opcode(0x0F, op.opcode), d, s)
    }
    /// sqrtss/sqrtsd.
    public mutating func sqrtScalar(_ d: XMM, _ s: XMM, double: Bool) { sse(Self.sdPrefix(double), Opcode(0x0F, 0x51), d, s) }
    /// cvtss2sd (toDouble) or cvtsd2ss.
    public mutating func cvtScalarPrecision(_ d: XMM, _ s: XMM, toDouble: Bool) {
        sse(Self.sdPrefix(!toDouble), Opcode(0x0F, 0x5A), d, s)
    }
    /// cmpps/cmppd d, s, predicate: each lane all ones where the predicate holds.
    public mutating func cmpPacked(_ d: XMM, _ s: XMM, predicate: FPPredicate, double: Bool) {
        sse(Self.pdPrefix(double), Opcode(0x0F, 0xC2), d, s); byte(predicate.rawValue)
    }
    /// ucomiss/ucomisd (invalid only for a signalling NaN) or, `signaling`, comiss/comisd (any NaN).
    public mutating func compareScalar(_ a: XMM, _ b: XMM, double: Bool, signaling: Bool = false) {
        sse(Self.pdPrefix(double), Opcode(0x0F, signaling ? 0x2F : 0x2E), a, b)
    }
    /// cvtsi2sd/ss xmm, r (signed integer of 32/64 bits).
    public mutating func cvtsi2f(_ d: XMM, _ r: Reg, double: Bool, is64: Bool) {
        opRR(Self.sdPrefix(double), w: is64, Opcode(0x0F, 0x2A), reg: d.index, rm: r.rawValue)
    }
    /// cvttsd2si/cvttss2si r, xmm (truncating).
    public mutating func cvttf2si(_ r: Reg, _ s: XMM, double: Bool, is64: Bool) {
        opRR(Self.sdPrefix(double), w: is64, Opcode(0x0F, 0x2C), reg: r.rawValue, rm: s.index)
    }
    /// roundsd/roundss xmm, xmm (SSE4.1) to an integral value; `reportInexact` lets it raise PE.
    public mutating func roundF(_ d: XMM, _ s: XMM, double: Bool, rounding: SSERounding, reportInexact: Bool = false) {
        opRR(0x66, w: false, Opcode(0x0F, 0x3A, double ? 0x0B : 0x0A), reg: d.index, rm: s.index)
        byte(rounding.rawValue | (reportInexact ? 0 : 8))    // imm8 bit 3 suppresses the precision exception
    }
    /// vfmadd231sd/ss d = a*b + d (FMA3).
    public mutating func vfmadd231(_ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex(mmmmm: 2, w: double, vvvv: a.index, l: false, pp: 1, reg: d.index, rmExt: b.index)
        byte(0xB9); modrm(reg: d.index, rm: b.index)
    }

    // packed integer

    public mutating func pand(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xDB), d, s) }
    /// pandn d, s: d = ~d & s.
    public mutating func pandn(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xDF), d, s) }
    public mutating func por(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xEB), d, s) }
    public mutating func pxor(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xEF), d, s) }
    /// pcmpeqb/w/d/q: lanes all ones where equal.
    public mutating func pcmpeq(_ d: XMM, _ s: XMM, lanes: OpSize) {
        switch lanes {
        case .b8: sse(0x66, Opcode(0x0F, 0x74), d, s)
        case .b16: sse(0x66, Opcode(0x0F, 0x75), d, s)
        case .b32: sse(0x66, Opcode(0x0F, 0x76), d, s)
        case .b64: sse(0x66, Opcode(0x0F, 0x38, 0x29), d, s)
        }
    }
    /// paddb/w/d/q.
    public mutating func padd(_ d: XMM, _ s: XMM, lanes: OpSize) {
        let op: UInt8
        switch lanes { case .b8: op = 0xFC; case .b16: op = 0xFD; case .b32: op = 0xFE; case .b64: op = 0xD4 }
        sse(0x66, Opcode(0x0F, op), d, s)
    }
    /// psubb/w/d/q.
    public mutating func psub(_ d: XMM, _ s: XMM, lanes: OpSize) {
        let op: UInt8
        switch lanes { case .b8: op = 0xF8; case .b16: op = 0xF9; case .b32: op = 0xFA; case .b64: op = 0xFB }
        sse(0x66, Opcode(0x0F, op), d, s)
    }
    public mutating func pmaxub(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xDE), d, s) }
    public mutating func pminub(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xDA), d, s) }
    public mutating func paddb(_ d: XMM, _ s: XMM) { padd(d, s, lanes: .b8) }
    /// packuswb: words to bytes with unsigned saturation (d's words low, s's high).
    public mutating func packuswb(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0x67), d, s) }
    /// pmovzx/pmovsx of the low lanes of `from` bytes to twice their size (bw, wd, dq).
    public mutating func pmovx(_ d: XMM, _ s: XMM, from: OpSize, signed: Bool) {
        let op: UInt8
        switch from {
        case .b8: op = signed ? 0x20 : 0x30
        case .b16: op = signed ? 0x23 : 0x33
        case .b32: op = signed ? 0x25 : 0x35
        case .b64: preconditionFailure("pmovx: no 64-bit source lanes")
        }
        sse(0x66, Opcode(0x0F, 0x38, op), d, s)
    }
    /// psllw/d/q, psrlw/d/q, psraw/d by an immediate (no psraq in SSE, no byte lanes).
    public mutating func pshift(_ kind: ShiftOp, _ x: XMM, lanes: OpSize, _ imm: UInt8) {
        let op: UInt8
        switch lanes {
        case .b16: op = 0x71
        case .b32: op = 0x72
        case .b64: precondition(kind != .sar, "pshift: no psraq"); op = 0x73
        case .b8: preconditionFailure("pshift: no byte lanes")
        }
        let digit: UInt8
        switch kind {
        case .shl: digit = 6
        case .shr: digit = 2
        case .sar: digit = 4
        case .rol, .ror: preconditionFailure("pshift: no packed rotates")
        }
        opRR(0x66, w: false, Opcode(0x0F, op), reg: digit, rm: x.index); byte(imm)
    }
    /// psrlw xmm, imm.
    public mutating func psrlw(_ x: XMM, _ imm: UInt8) { pshift(.shr, x, lanes: .b16, imm) }
    public mutating func palignr(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(0x66, Opcode(0x0F, 0x3A, 0x0F), d, s); byte(imm) }
    /// psrldq xmm, imm (byte shift right).
    public mutating func psrldq(_ x: XMM, _ imm: UInt8) { opRR(0x66, w: false, Opcode(0x0F, 0x73), reg: 3, rm: x.index); byte(imm) }
    /// pinsrb/w/d/q: replaces lane `lane` (of `size` bytes) of x with the low bits of r.
    public mutating func pinsr(_ x: XMM, _ r: Reg, lane: UInt8, size: OpSize) {
        switch size {
        case .b8: opRR(0x66, w: false, Opcode(0x0F, 0x3A, 0x20), reg: x.index, rm: r.rawValue)
        case .b16: opRR(0x66, w: false, Opcode(0x0F, 0xC4), reg: x.index, rm: r.rawValue)
        case .b32: opRR(0x66, w: false, Opcode(0x0F, 0x3A, 0x22), reg: x.index, rm: r.rawValue)
        case .b64: opRR(0x66, w: true, Opcode(0x0F, 0x3A, 0x22), reg: x.index, rm: r.rawValue)
        }
        byte(lane)
    }
    public mutating func pinsrq(_ x: XMM, _ r: Reg, lane: UInt8) { pinsr(x, r, lane: lane, size: .b64) }
    public mutating func punpcklqdq(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0x6C), d, s) }
    public mutating func pshufb(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0x00), d, s) }
    public mutating func pshufd(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(0x66, Opcode(0x0F, 0x70), d, s); byte(imm) }
    public mutating func ptest(_ a: XMM, _ b: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0x17), a, b) }

    // AES-NI and PCLMULQDQ (HostCPU.aes, .pclmul)
    /// aesenc: d = MixColumns(ShiftRows(SubBytes(d))) ^ k.
    public mutating func aesenc(_ d: XMM, _ k: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0xDC), d, k) }
    /// aesenclast: d = ShiftRows(SubBytes(d)) ^ k.
    public mutating func aesenclast(_ d: XMM, _ k: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0xDD), d, k) }
    /// aesdeclast: d = InvShiftRows(InvSubBytes(d)) ^ k.
    public mutating func aesdeclast(_ d: XMM, _ k: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0xDF), d, k) }
    /// aesimc: d = InvMixColumns(s).
    public mutating func aesimc(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0x38, 0xDB), d, s) }
    /// pclmulqdq: d = carry-less product of d's and s's quadwords chosen by imm bits 0 and 4.
    public mutating func pclmulqdq(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(0x66, Opcode(0x0F, 0x3A, 0x44), d, s); byte(imm) }

    // SHA extensions (HostCPU.sha)
    /// sha256rnds2: two rounds on d = {C,D,G,H}, s = {A,B,E,F} (lane 3 first) with the message
    /// words plus constants in xmm0's low two lanes; d becomes the new {A,B,E,F}.
    public mutating func sha256rnds2(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x38, 0xCB), d, s) }
    /// sha256msg1: d[i] += sigma0(d[i+1]) with d[4] = s[0] (the schedule's first half).
    public mutating func sha256msg1(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x38, 0xCC), d, s) }
    /// sha256msg2: d[i] += sigma1(W[i+14]) from s's upper lanes and d's own new lanes.
    public mutating func sha256msg2(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x38, 0xCD), d, s) }
    /// sha1rnds4: four rounds on d = {A,B,C,D} (lane 3 first) with s = {W0+E, W1, W2, W3};
    /// imm picks the round function and the constant x86 adds (0 choose, 1 parity, 2 majority).
    public mutating func sha1rnds4(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(nil, Opcode(0x0F, 0x3A, 0xCC), d, s); byte(imm) }
    /// sha1msg2: the schedule's second step (d from s's lanes 0-2 and its own new lane).
    public mutating func sha1msg2(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x38, 0xCA), d, s) }
}

/// The four SSE arithmetic operations with scalar and packed forms (opcode 0F xx).
public enum SSEArith: Sendable {
    case add, sub, mul, div
    fileprivate var opcode: UInt8 {
        switch self {
        case .add: return 0x58
        case .sub: return 0x5C
        case .mul: return 0x59
        case .div: return 0x5E
        }
    }
}

/// ROUNDSS/ROUNDSD rounding (imm8 bits 2:0): a fixed direction, or MXCSR's.
public enum SSERounding: UInt8, Sendable {
    case nearestEven = 0, down = 1, up = 2, towardZero = 3, current = 4
}

/// MXCSR bits the emitter sets and clears.
public enum MXCSRBits {
    /// RC (bits 14:13) = 11: round toward zero.
    public static let roundTowardZero: Int32 = 0x6000
}

/// CMPPS/CMPPD predicates (imm8).
public enum FPPredicate: UInt8, Sendable {
    case equal = 0, less = 1, lessOrEqual = 2, unordered = 3, notEqual = 4, notLess = 5, notLessOrEqual = 6, ordered = 7
}

// MARK: SSE4 / AVX2 forms of the inline vector lowerings (Backend/EmitVector.swift)

extension X64Assembler {
    /// pcmpgtb/w/d/q: lanes all ones where d > s (signed).
    public mutating func pcmpgt(_ d: XMM, _ s: XMM, lanes: OpSize) {
        switch lanes {
        case .b8: sse(0x66, Opcode(0x0F, 0x64), d, s)
        case .b16: sse(0x66, Opcode(0x0F, 0x65), d, s)
        case .b32: sse(0x66, Opcode(0x0F, 0x66), d, s)
        case .b64: sse(0x66, Opcode(0x0F, 0x38, 0x37), d, s)
        }
    }
    /// pmaxs/pmins/pmaxu/pminu on byte, word or dword lanes (no 64-bit form before AVX-512).
    public mutating func pminmax(_ d: XMM, _ s: XMM, lanes: OpSize, max: Bool, signed: Bool) {
        let op: Opcode
        switch (lanes, max, signed) {
        case (.b8, true, true): op = Opcode(0x0F, 0x38, 0x3C)
        case (.b8, false, true): op = Opcode(0x0F, 0x38, 0x38)
        case (.b8, true, false): op = Opcode(0x0F, 0xDE)
        case (.b8, false, false): op = Opcode(0x0F, 0xDA)
        case (.b16, true, true): op = Opcode(0x0F, 0xEE)
        case (.b16, false, true): op = Opcode(0x0F, 0xEA)
        case (.b16, true, false): op = Opcode(0x0F, 0x38, 0x3E)
        case (.b16, false, false): op = Opcode(0x0F, 0x38, 0x3A)
        case (.b32, true, true): op = Opcode(0x0F, 0x38, 0x3D)
        case (.b32, false, true): op = Opcode(0x0F, 0x38, 0x39)
        case (.b32, true, false): op = Opcode(0x0F, 0x38, 0x3F)
        case (.b32, false, false): op = Opcode(0x0F, 0x38, 0x3B)
        case (.b64, _, _): preconditionFailure("pminmax: no 64-bit lanes")
        }
        sse(0x66, op, d, s)
    }
    /// pmullw / pmulld: the low half of each lane's product (16 or 32-bit lanes).
    public mutating func pmull(_ d: XMM, _ s: XMM, lanes: OpSize) {
        switch lanes {
        case .b16: sse(0x66, Opcode(0x0F, 0xD5), d, s)
        case .b32: sse(0x66, Opcode(0x0F, 0x38, 0x40), d, s)
        case .b8, .b64: preconditionFailure("pmull: only word and dword lanes")
        }
    }
    /// pmuludq / pmuldq: 64-bit products of the even dwords.
    public mutating func pmulEvenDwords(_ d: XMM, _ s: XMM, signed: Bool) {
        if signed { sse(0x66, Opcode(0x0F, 0x38, 0x28), d, s) } else { sse(0x66, Opcode(0x0F, 0xF4), d, s) }
    }
    /// punpckl/punpckh bw, wd, dq, qdq: interleave the low (high) lanes of d and s.
    public mutating func punpck(_ d: XMM, _ s: XMM, lanes: OpSize, high: Bool) {
        let op: UInt8
        switch lanes {
        case .b8: op = 0x60
        case .b16: op = 0x61
        case .b32: op = 0x62
        case .b64: op = 0x6C
        }
        sse(0x66, Opcode(0x0F, high ? (lanes == .b64 ? op + 1 : op + 8) : op), d, s)
    }
    /// packssdw: dwords to words with signed saturation (d's lanes low, s's high).
    public mutating func packssdw(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0x6B), d, s) }
    /// shufps d, s, imm: lanes 0-1 from d, 2-3 from s, chosen by imm's 2-bit fields.
    public mutating func shufps(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(nil, Opcode(0x0F, 0xC6), d, s); byte(imm) }
    /// pslldq xmm, imm (byte shift left).
    public mutating func pslldq(_ x: XMM, _ imm: UInt8) { opRR(0x66, w: false, Opcode(0x0F, 0x73), reg: 7, rm: x.index); byte(imm) }
    /// phaddw / phaddd: horizontal sums of adjacent lanes of d then s.
    public mutating func phadd(_ d: XMM, _ s: XMM, lanes: OpSize) {
        switch lanes {
        case .b16: sse(0x66, Opcode(0x0F, 0x38, 0x01), d, s)
        case .b32: sse(0x66, Opcode(0x0F, 0x38, 0x02), d, s)
        case .b8, .b64: preconditionFailure("phadd: only word and dword lanes")
        }
    }
    /// pabsb/w/d: lane magnitudes (no 64-bit form before AVX-512).
    public mutating func pabs(_ d: XMM, _ s: XMM, lanes: OpSize) {
        switch lanes {
        case .b8: sse(0x66, Opcode(0x0F, 0x38, 0x1C), d, s)
        case .b16: sse(0x66, Opcode(0x0F, 0x38, 0x1D), d, s)
        case .b32: sse(0x66, Opcode(0x0F, 0x38, 0x1E), d, s)
        case .b64: preconditionFailure("pabs: no 64-bit lanes")
        }
    }
    /// cvtdq2ps: signed dwords to singles (rounded as MXCSR says).
    public mutating func cvtdq2ps(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x5B), d, s) }
    /// cvttps2dq: singles to signed dwords, truncating (0x80000000 for NaN and out of range).
    public mutating func cvttps2dq(_ d: XMM, _ s: XMM) { sse(0xF3, Opcode(0x0F, 0x5B), d, s) }
    /// sqrtps/sqrtpd.
    public mutating func sqrtPacked(_ d: XMM, _ s: XMM, double: Bool) { sse(Self.pdPrefix(double), Opcode(0x0F, 0x51), d, s) }
    /// roundps/roundpd (SSE4.1) to integral values; `reportInexact` lets it raise PE.
    public mutating func roundPacked(_ d: XMM, _ s: XMM, double: Bool, rounding: SSERounding, reportInexact: Bool = false) {
        sse(0x66, Opcode(0x0F, 0x3A, double ? 0x09 : 0x08), d, s)
        byte(rounding.rawValue | (reportInexact ? 0 : 8))
    }
    /// cvtps2pd: the two low singles to doubles.
    public mutating func cvtps2pd(_ d: XMM, _ s: XMM) { sse(nil, Opcode(0x0F, 0x5A), d, s) }
    /// padds/paddus/psubs/psubus on byte or word lanes: saturating add/subtract.
    public mutating func psat(_ d: XMM, _ s: XMM, lanes: OpSize, subtract: Bool, signed: Bool) {
        let op: UInt8
        switch (lanes, subtract, signed) {
        case (.b8, false, true): op = 0xEC
        case (.b16, false, true): op = 0xED
        case (.b8, false, false): op = 0xDC
        case (.b16, false, false): op = 0xDD
        case (.b8, true, true): op = 0xE8
        case (.b16, true, true): op = 0xE9
        case (.b8, true, false): op = 0xD8
        case (.b16, true, false): op = 0xD9
        case (.b32, _, _), (.b64, _, _): preconditionFailure("psat: only byte and word lanes")
        }
        sse(0x66, Opcode(0x0F, op), d, s)
    }
    /// pmovmskb r32, xmm: the bytes' top bits.
    public mutating func pmovmskb(_ r: Reg, _ x: XMM) { opRR(0x66, w: false, Opcode(0x0F, 0xD7), reg: r.rawValue, rm: x.index) }
    /// psadbw: sums of absolute byte differences per quadword (against zero: byte sums).
    public mutating func psadbw(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xF6), d, s) }
    /// paddusb: bytes added with unsigned saturation.
    public mutating func paddusb(_ d: XMM, _ s: XMM) { sse(0x66, Opcode(0x0F, 0xDC), d, s) }
    /// vpblendvb / vblendvps / vblendvpd d, a, b, mask (AVX): lanes of b where mask's lane
    /// sign bit is set, else of a. `lanes` .b8 is the byte form.
    public mutating func vblendv(_ d: XMM, _ a: XMM, _ b: XMM, mask: XMM, lanes: OpSize) {
        let op: UInt8
        switch lanes {
        case .b8: op = 0x4C
        case .b32: op = 0x4A
        case .b64: op = 0x4B
        case .b16: preconditionFailure("vblendv: no word form")
        }
        vex(mmmmm: 3, w: false, vvvv: a.index, l: false, pp: 1, reg: d.index, rmExt: b.index)
        byte(op); modrm(reg: d.index, rm: b.index); byte(mask.index << 4)
    }
    /// vfmadd231ps/pd d = a*b + d on every lane (FMA3).
    public mutating func vfmadd231Packed(_ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex(mmmmm: 2, w: double, vvvv: a.index, l: false, pp: 1, reg: d.index, rmExt: b.index)
        byte(0xB8); modrm(reg: d.index, rm: b.index)
    }
}

extension X64Assembler {
    /// insertps d, s, imm (SSE4.1): d's lane imm[5:4] = s's lane imm[7:6], then the lanes set in
    /// imm[3:0] zeroed. With 0x0E: the low single of s and zeros, without a general register.
    public mutating func insertps(_ d: XMM, _ s: XMM, _ imm: UInt8) { opRR(0x66, w: false, Opcode(0x0F, 0x3A, 0x21), reg: d.index, rm: s.index); byte(imm) }
}

// MARK: VEX three-operand forms (AVX): d = a op b without a copy of a first

extension X64Assembler {
    /// VEX.128 "op d, a, b": `pp` 1 = 66, 2 = F3, 3 = F2 (the legacy prefix), `map` 1 = 0F,
    /// 2 = 0F38; bits 255:128 of d are cleared (never used: no transition penalty).
    private mutating func vex3(pp: UInt8, map: UInt8, _ op: UInt8, _ d: XMM, _ a: XMM, _ b: XMM) {
        vex(mmmmm: map, w: false, vvvv: a.index, l: false, pp: pp, reg: d.index, rmExt: b.index)
        byte(op); modrm(reg: d.index, rm: b.index)
    }
    /// vaddss/vsubss/vmulss/vdivss (sd for double): d's low lane = a op b, the rest of d = a's.
    public mutating func vscalarFP(_ op: SSEArith, _ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex3(pp: double ? 3 : 2, map: 1, op.opcode, d, a, b)
    }
    /// vaddps/vsubps/vmulps/vdivps (pd for double) on every lane.
    public mutating func vpackedFP(_ op: SSEArith, _ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex3(pp: double ? 1 : 0, map: 1, op.opcode, d, a, b)
    }
    /// vsqrtss/vsqrtsd d, a, b: d's low lane = sqrt(b's), the rest of d = a's.
    public mutating func vsqrtScalar(_ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex3(pp: double ? 3 : 2, map: 1, 0x51, d, a, b)
    }
    /// vcmpps/vcmppd d, a, b, predicate (the quiet predicates raise IE only for a signalling NaN).
    public mutating func vcmpPacked(_ d: XMM, _ a: XMM, _ b: XMM, predicate: VEXPredicate, double: Bool) {
        vex3(pp: double ? 1 : 0, map: 1, 0xC2, d, a, b); byte(predicate.rawValue)
    }
    /// vpand d, a, b.
    public mutating func vpand(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0xDB, d, a, b) }
}

/// VCMPPS/VCMPPD predicates beyond SSE's eight (imm8 0-31).
public enum VEXPredicate: UInt8, Sendable {
    case unordered = 3
    /// Equal, or either operand a NaN (quiet: IE only for a signalling NaN).
    case equalOrUnordered = 8
}

extension X64Assembler {
    /// vpor / vpxor d, a, b.
    public mutating func vpor(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0xEB, d, a, b) }
    public mutating func vpxor(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0xEF, d, a, b) }
    /// vpaddb/w/d/q d, a, b.
    public mutating func vpadd(_ d: XMM, _ a: XMM, _ b: XMM, lanes: OpSize) {
        let op: UInt8
        switch lanes { case .b8: op = 0xFC; case .b16: op = 0xFD; case .b32: op = 0xFE; case .b64: op = 0xD4 }
        vex3(pp: 1, map: 1, op, d, a, b)
    }
    /// vpsubb/w/d/q d, a, b.
    public mutating func vpsub(_ d: XMM, _ a: XMM, _ b: XMM, lanes: OpSize) {
        let op: UInt8
        switch lanes { case .b8: op = 0xF8; case .b16: op = 0xF9; case .b32: op = 0xFA; case .b64: op = 0xFB }
        vex3(pp: 1, map: 1, op, d, a, b)
    }
    /// vpcmpeqb/w/d/q d, a, b.
    public mutating func vpcmpeq(_ d: XMM, _ a: XMM, _ b: XMM, lanes: OpSize) {
        switch lanes {
        case .b8: vex3(pp: 1, map: 1, 0x74, d, a, b)
        case .b16: vex3(pp: 1, map: 1, 0x75, d, a, b)
        case .b32: vex3(pp: 1, map: 1, 0x76, d, a, b)
        case .b64: vex3(pp: 1, map: 2, 0x29, d, a, b)
        }
    }
    /// vpmaxub / vpminub / vpaddb / vpackuswb d, a, b.
    public mutating func vpmaxub(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0xDE, d, a, b) }
    public mutating func vpminub(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0xDA, d, a, b) }
    public mutating func vpackuswb(_ d: XMM, _ a: XMM, _ b: XMM) { vex3(pp: 1, map: 1, 0x67, d, a, b) }
    /// vpsllw / vpsrlw d, s, imm (word lanes).
    public mutating func vpshiftWords(left: Bool, _ d: XMM, _ s: XMM, _ imm: UInt8) {
        let ext: UInt8 = left ? 6 : 2
        vex(mmmmm: 1, w: false, vvvv: d.index, l: false, pp: 1, reg: ext, rmExt: s.index)
        byte(0x71); modrm(reg: ext, rm: s.index); byte(imm)
    }
}

extension X64Assembler {
    /// vpand d, a, m128 (VEX: no alignment needed).
    public mutating func vpand(_ d: XMM, _ a: XMM, _ m: Mem) {
        vex(mmmmm: 1, w: false, vvvv: a.index, l: false, pp: 1, reg: d.index, rmExt: m.base.rawValue, xExt: m.index?.rawValue ?? 0)
        byte(0xDB); modrm(reg: d.index, mem: m)
    }
    /// ucomiss/ucomisd a, m32/m64.
    public mutating func compareScalar(_ a: XMM, _ m: Mem, double: Bool) {
        opRM(Self.pdPrefix(double), w: false, Opcode(0x0F, 0x2E), reg: a.index, mem: m)
    }
}
