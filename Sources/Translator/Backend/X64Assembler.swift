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

public struct X64Assembler {
    public private(set) var bytes: [UInt8] = []
    /// rel32 fields that point at absolute host addresses, resolved when the code is placed.
    public private(set) var absoluteFixups: [AbsoluteFixup] = []
    public struct AbsoluteFixup: Sendable { var at: Int; var target: UInt }
    public init() { bytes.reserveCapacity(1024) }
    public var position: Int { bytes.count }

    // MARK: raw encoding helpers

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func imm16(_ v: UInt16) { byte(UInt8(v & 0xFF)); byte(UInt8(v >> 8)) }
    mutating func imm32(_ v: Int32) { let u = UInt32(bitPattern: v); for i in 0..<4 { byte(UInt8((u >> (8 * UInt32(i))) & 0xFF)) } }
    mutating func imm64(_ v: UInt64) { for i in 0..<8 { byte(UInt8((v >> (8 * UInt64(i))) & 0xFF)) } }

    /// REX prefix; `force` emits it even when empty (byte access to sil/dil/spl/bpl).
    mutating func rex(w: Bool, r: UInt8, x: UInt8, b: UInt8, force: Bool = false) {
        let v: UInt8 = 0x40 | (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1)
        if v != 0x40 || force { byte(v) }
    }

    /// ModRM (+SIB +disp) for a register/opcode-extension `reg` and a memory operand.
    mutating func modrm(reg: UInt8, mem: Mem) {
        let r = (reg & 7) << 3
        let needsSIB = mem.index != nil || mem.base.low3 == 4
        let mod: UInt8
        if mem.disp == 0 && mem.base.low3 != 5 { mod = 0 } else if Int8(exactly: mem.disp) != nil { mod = 1 } else { mod = 2 }
        if needsSIB {
            byte(mod << 6 | r | 4)
            let ss = UInt8(mem.scale.trailingZeroBitCount & 3)   // scale 1/2/4/8 -> 0...3
            let idx = mem.index?.low3 ?? 4
            byte(ss << 6 | idx << 3 | mem.base.low3)
        } else {
            byte(mod << 6 | r | mem.base.low3)
        }
        if mod == 1 { byte(UInt8(bitPattern: Int8(mem.disp))) } else if mod == 2 { imm32(mem.disp) }
    }

    mutating func modrm(reg: UInt8, rm: UInt8) { byte(0xC0 | (reg & 7) << 3 | (rm & 7)) }

    /// Generic "op reg, r/m(reg)" with optional legacy prefix and escape bytes.
    mutating func opRR(_ prefix: UInt8? = nil, w: Bool, _ opcode: [UInt8], reg: UInt8, rm: UInt8, forceREX: Bool = false) {
        if let p = prefix { byte(p) }
        rex(w: w, r: reg, x: 0, b: rm, force: forceREX)
        for o in opcode { byte(o) }
        modrm(reg: reg, rm: rm)
    }

    mutating func opRM(_ prefix: UInt8? = nil, w: Bool, _ opcode: [UInt8], reg: UInt8, mem: Mem, forceREX: Bool = false) {
        if let p = prefix { byte(p) }
        rex(w: w, r: reg, x: mem.index?.rawValue ?? 0, b: mem.base.rawValue, force: forceREX)
        for o in opcode { byte(o) }
        modrm(reg: reg, mem: mem)
    }

    // MARK: moves

    public mutating func mov(_ dst: Reg, _ src: Reg, is64: Bool = true) {
        opRR(w: is64, [0x89], reg: src.rawValue, rm: dst.rawValue)
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
        case (1, false): opRM(w: false, [0x0F, 0xB6], reg: dst.rawValue, mem: m)
        case (2, false): opRM(w: false, [0x0F, 0xB7], reg: dst.rawValue, mem: m)
        case (4, false): opRM(w: false, [0x8B], reg: dst.rawValue, mem: m)
        case (8, _): opRM(w: true, [0x8B], reg: dst.rawValue, mem: m)
        case (1, true): opRM(w: to64, [0x0F, 0xBE], reg: dst.rawValue, mem: m)
        case (2, true): opRM(w: to64, [0x0F, 0xBF], reg: dst.rawValue, mem: m)
        case (4, true): opRM(w: true, [0x63], reg: dst.rawValue, mem: m)
        default: fatalError("bad load size \(size)")
        }
    }

    public mutating func store(_ m: Mem, _ src: Reg, size: Int) {
        switch size {
        case 1: opRM(w: false, [0x88], reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, [0x89], reg: src.rawValue, mem: m)
        case 4: opRM(w: false, [0x89], reg: src.rawValue, mem: m)
        case 8: opRM(w: true, [0x89], reg: src.rawValue, mem: m)
        default: fatalError("bad store size \(size)")
        }
    }

    public mutating func storeImm32(_ m: Mem, _ v: Int32, is64: Bool) {
        opRM(w: is64, [0xC7], reg: 0, mem: m); imm32(v)
    }

    /// cmp dword [m], imm8 (sign-extended).
    public mutating func cmpMemImm8(_ m: Mem, _ v: Int8) { opRM(w: false, [0x83], reg: 7, mem: m); byte(UInt8(bitPattern: v)) }

    public mutating func storeImm16(_ m: Mem, _ v: UInt16) {
        opRM(0x66, w: false, [0xC7], reg: 0, mem: m); imm16(v)
    }

    public mutating func lea(_ dst: Reg, _ m: Mem, is64: Bool = true) { opRM(w: is64, [0x8D], reg: dst.rawValue, mem: m) }

    /// Sign- or zero-extends the low `bits` of src into dst (64-bit result).
    public mutating func extend(_ dst: Reg, _ src: Reg, bits: Int, signed: Bool) {
        switch (bits, signed) {
        case (8, false): opRR(w: false, [0x0F, 0xB6], reg: dst.rawValue, rm: src.rawValue, forceREX: src.rawValue >= 4)
        case (16, false): opRR(w: false, [0x0F, 0xB7], reg: dst.rawValue, rm: src.rawValue)
        case (32, false): mov(dst, src, is64: false)
        case (8, true): opRR(w: true, [0x0F, 0xBE], reg: dst.rawValue, rm: src.rawValue)
        case (16, true): opRR(w: true, [0x0F, 0xBF], reg: dst.rawValue, rm: src.rawValue)
        case (32, true): opRR(w: true, [0x63], reg: dst.rawValue, rm: src.rawValue)
        default: mov(dst, src)
        }
    }

    // MARK: integer ALU

    public mutating func alu(_ op: ALUOp, _ dst: Reg, _ src: Reg, is64: Bool) {
        opRR(w: is64, [op.rawValue << 3 | 1], reg: src.rawValue, rm: dst.rawValue)
    }

    public mutating func alu(_ op: ALUOp, _ dst: Reg, imm: Int32, is64: Bool) {
        if let i8 = Int8(exactly: imm) {
            opRR(w: is64, [0x83], reg: op.rawValue, rm: dst.rawValue); byte(UInt8(bitPattern: i8))
        } else {
            opRR(w: is64, [0x81], reg: op.rawValue, rm: dst.rawValue); imm32(imm)
        }
    }

    public mutating func alu(_ op: ALUOp, _ dst: Reg, _ m: Mem, is64: Bool) {
        opRM(w: is64, [op.rawValue << 3 | 3], reg: dst.rawValue, mem: m)
    }

    public mutating func test(_ a: Reg, _ b: Reg, is64: Bool) { opRR(w: is64, [0x85], reg: b.rawValue, rm: a.rawValue) }
    public mutating func test(_ a: Reg, imm: Int32, is64: Bool) {
        opRR(w: is64, [0xF7], reg: 0, rm: a.rawValue); imm32(imm)
    }
    /// bt reg, imm8: CF = selected bit.
    public mutating func bt(_ a: Reg, bit: UInt8) { opRR(w: true, [0x0F, 0xBA], reg: 4, rm: a.rawValue); byte(bit) }

    public mutating func shift(_ op: ShiftOp, _ dst: Reg, imm: UInt8, is64: Bool) {
        opRR(w: is64, [0xC1], reg: op.rawValue, rm: dst.rawValue); byte(imm)
    }
    public mutating func shiftCL(_ op: ShiftOp, _ dst: Reg, is64: Bool) {
        opRR(w: is64, [0xD3], reg: op.rawValue, rm: dst.rawValue)
    }

    /// BMI2 shlx/shrx/sarx dst = src shifted by count (flags untouched).
    public mutating func shiftX(_ op: ShiftOp, _ dst: Reg, _ src: Reg, count: Reg, is64: Bool) {
        let pp: UInt8 = op == .shl ? 1 : (op == .shr ? 3 : 2)  // 66 / F2 / F3
        vex(mmmmm: 2, w: is64, vvvv: count.rawValue, l: false, pp: pp, reg: dst.rawValue, rmExt: src.rawValue)
        byte(0xF7); modrm(reg: dst.rawValue, rm: src.rawValue)
    }

    public mutating func imul(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(w: is64, [0x0F, 0xAF], reg: dst.rawValue, rm: src.rawValue) }
    /// One-operand forms on rdx:rax: /4 mul, /5 imul, /6 div, /7 idiv, /3 neg, /2 not.
    public mutating func group3(_ digit: UInt8, _ r: Reg, is64: Bool) { opRR(w: is64, [0xF7], reg: digit, rm: r.rawValue) }
    public mutating func neg(_ r: Reg, is64: Bool) { group3(3, r, is64: is64) }
    public mutating func not(_ r: Reg, is64: Bool) { group3(2, r, is64: is64) }
    public mutating func cqo(is64: Bool) { if is64 { byte(0x48) }; byte(0x99) }

    public mutating func lzcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, [0x0F, 0xBD], reg: dst.rawValue, rm: src.rawValue) }
    public mutating func tzcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, [0x0F, 0xBC], reg: dst.rawValue, rm: src.rawValue) }
    public mutating func popcnt(_ dst: Reg, _ src: Reg, is64: Bool) { opRR(0xF3, w: is64, [0x0F, 0xB8], reg: dst.rawValue, rm: src.rawValue) }
    public mutating func bswap(_ r: Reg, is64: Bool) { rex(w: is64, r: 0, x: 0, b: r.rawValue); byte(0x0F); byte(0xC8 + r.low3) }
    public mutating func rol16(_ r: Reg, imm: UInt8) { opRR(0x66, w: false, [0xC1], reg: 0, rm: r.rawValue); byte(imm) }

    public mutating func cmov(_ cc: X64Cond, _ dst: Reg, _ src: Reg, is64: Bool) {
        opRR(w: is64, [0x0F, 0x40 | cc.rawValue], reg: dst.rawValue, rm: src.rawValue)
    }
    public mutating func setcc(_ cc: X64Cond, _ dst: Reg) {
        opRR(w: false, [0x0F, 0x90 | cc.rawValue], reg: 0, rm: dst.rawValue, forceREX: dst.rawValue >= 4)
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
        case 1: opRM(w: false, [0x0F, 0xB0], reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, [0x0F, 0xB1], reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, [0x0F, 0xB1], reg: src.rawValue, mem: m)
        }
    }
    public mutating func xchg(_ m: Mem, _ src: Reg, size: Int) {
        switch size {
        case 1: opRM(w: false, [0x86], reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, [0x87], reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, [0x87], reg: src.rawValue, mem: m)
        }
    }
    /// lock xadd [m], src: src gets the old value, memory the sum.
    public mutating func lockXadd(_ m: Mem, _ src: Reg, size: Int) {
        byte(0xF0)
        switch size {
        case 1: opRM(w: false, [0x0F, 0xC0], reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, [0x0F, 0xC1], reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, [0x0F, 0xC1], reg: src.rawValue, mem: m)
        }
    }
    /// lock add/or/and/xor [m], src (`size` bytes; no result register).
    public mutating func lockALU(_ op: ALUOp, _ m: Mem, _ src: Reg, size: Int) {
        byte(0xF0)
        switch size {
        case 1: opRM(w: false, [op.rawValue << 3], reg: src.rawValue, mem: m, forceREX: src.rawValue >= 4)
        case 2: opRM(0x66, w: false, [op.rawValue << 3 | 1], reg: src.rawValue, mem: m)
        default: opRM(w: size == 8, [op.rawValue << 3 | 1], reg: src.rawValue, mem: m)
        }
    }
    /// lock cmpxchg16b [m]: compares rdx:rax, stores rcx:rbx.
    public mutating func lockCmpxchg16b(_ m: Mem) { byte(0xF0); opRM(w: true, [0x0F, 0xC7], reg: 1, mem: m) }

    // MARK: SSE control and status

    /// STMXCSR m32: stores MXCSR (its sticky exception flags are bits 0-5).
    public mutating func stmxcsr(_ m: Mem) { opRM(w: false, [0x0F, 0xAE], reg: 3, mem: m) }
    /// LDMXCSR m32.
    public mutating func ldmxcsr(_ m: Mem) { opRM(w: false, [0x0F, 0xAE], reg: 2, mem: m) }

    // MARK: control flow

    public mutating func push(_ r: Reg) { rex(w: false, r: 0, x: 0, b: r.rawValue); byte(0x50 + r.low3) }
    public mutating func pop(_ r: Reg) { rex(w: false, r: 0, x: 0, b: r.rawValue); byte(0x58 + r.low3) }
    public mutating func ret() { byte(0xC3) }
    public mutating func callR(_ r: Reg) { opRR(w: false, [0xFF], reg: 2, rm: r.rawValue) }
    public mutating func jmpR(_ r: Reg) { opRR(w: false, [0xFF], reg: 4, rm: r.rawValue) }
    public mutating func jmpM(_ m: Mem) { opRM(w: false, [0xFF], reg: 4, mem: m) }

    /// Emits `jmp rel32` to an absolute position within this buffer (or a placeholder);
    /// returns the offset of the rel32 field for later patching.
    @discardableResult
    public mutating func jmp(to target: Int? = nil) -> Int {
        byte(0xE9); let at = position; imm32(0)
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    @discardableResult
    public mutating func jcc(_ cc: X64Cond, to target: Int? = nil) -> Int {
        byte(0x0F); byte(0x80 | cc.rawValue); let at = position; imm32(0)
        if let t = target { patchRel32(at: at, target: t) }
        return at
    }
    /// Branches whose rel32 the dispatcher re-points later (block chaining) while other
    /// threads may run this code: the field is 4-byte aligned (blocks are installed
    /// 16-byte aligned), so it never straddles a cache line and one 32-bit store replaces
    /// it atomically. Returns the offset of the rel32 field.
    public mutating func jmpPatchable() -> Int { alignPatchable(opcodeBytes: 1); return jmp() }
    public mutating func jccPatchable(_ cc: X64Cond) -> Int { alignPatchable(opcodeBytes: 2); return jcc(cc) }
    /// `call rel32` (a guest BL: the call's target is chained like a jump).
    public mutating func callPatchable() -> Int {
        alignPatchable(opcodeBytes: 1)
        byte(0xE8); let at = position; imm32(0)
        return at
    }
    private mutating func alignPatchable(opcodeBytes: Int) {
        nop((4 - (position + opcodeBytes) % 4) % 4)
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
    /// `jmp rel32` to an absolute host address (resolved by `resolve(base:)`).
    public mutating func jmp(absolute target: UInt) { byte(0xE9); absoluteFixups.append(AbsoluteFixup(at: position, target: target)); imm32(0) }
    public mutating func jcc(_ cc: X64Cond, absolute target: UInt) {
        byte(0x0F); byte(0x80 | cc.rawValue); absoluteFixups.append(AbsoluteFixup(at: position, target: target)); imm32(0)
    }
    /// Makes an already emitted rel32 field point at an absolute host address.
    public mutating func setAbsolute(rel32At at: Int, target: UInt) { absoluteFixups.append(AbsoluteFixup(at: at, target: target)) }
    /// lea r, [rip + (target - next)] for a position in this buffer.
    public mutating func leaRIP(_ dst: Reg, position target: Int) {
        rex(w: true, r: dst.rawValue, x: 0, b: 0); byte(0x8D); byte(0x05 | dst.low3 << 3)
        let at = position; imm32(0); patchRel32(at: at, target: target)
    }
    /// Fixes absolute rel32 fields once the code's final address is known.
    public mutating func resolve(base: UInt) {
        for f in absoluteFixups {
            let rel = Int64(bitPattern: UInt64(f.target)) &- Int64(bitPattern: UInt64(base)) &- Int64(f.at + 4)
            let u = UInt32(truncatingIfNeeded: rel)
            for i in 0..<4 { bytes[f.at + i] = UInt8((u >> (8 * UInt32(i))) & 0xFF) }
        }
    }

    /// Points a rel32 field (from jmp/jcc) at `target`, both buffer offsets.
    public mutating func patchRel32(at: Int, target: Int) {
        let rel = Int32(target - (at + 4))
        let u = UInt32(bitPattern: rel)
        for i in 0..<4 { bytes[at + i] = UInt8((u >> (8 * UInt32(i))) & 0xFF) }
    }

    // MARK: SSE / AVX

    mutating func vex(mmmmm: UInt8, w: Bool, vvvv: UInt8, l: Bool, pp: UInt8, reg: UInt8, rmExt: UInt8, xExt: UInt8 = 0) {
        byte(0xC4)
        byte((reg >= 8 ? 0 : 0x80) | (xExt >= 8 ? 0 : 0x40) | (rmExt >= 8 ? 0 : 0x20) | mmmmm)
        byte((w ? 0x80 : 0) | ((~vvvv & 0xF) << 3) | (l ? 4 : 0) | pp)
    }

    /// Legacy-SSE "op xmm, xmm/m" with mandatory prefix and 0F-escaped opcode.
    public mutating func sse(_ prefix: UInt8?, _ opcode: [UInt8], _ dst: XMM, _ src: XMM, w: Bool = false) {
        opRR(prefix, w: w, [0x0F] + opcode, reg: dst.index, rm: src.index)
    }
    public mutating func sse(_ prefix: UInt8?, _ opcode: [UInt8], _ dst: XMM, _ m: Mem, w: Bool = false) {
        opRM(prefix, w: w, [0x0F] + opcode, reg: dst.index, mem: m)
    }
    /// Forms whose reg field is a GPR and r/m an XMM (or the reverse), e.g. movq r64, xmm.
    public mutating func sseGX(_ prefix: UInt8?, _ opcode: [UInt8], reg: UInt8, rm: UInt8, w: Bool) {
        opRR(prefix, w: w, [0x0F] + opcode, reg: reg, rm: rm)
    }

    public mutating func movdquLoad(_ x: XMM, _ m: Mem) { sse(0xF3, [0x6F], x, m) }
    public mutating func movdquStore(_ m: Mem, _ x: XMM) { opRM(0xF3, w: false, [0x0F, 0x7F], reg: x.index, mem: m) }
    /// movq xmm, m64 (zeroes the upper half).
    public mutating func movqLoad(_ x: XMM, _ m: Mem) { sse(0xF3, [0x7E], x, m) }
    public mutating func movqStore(_ m: Mem, _ x: XMM) { opRM(0x66, w: false, [0x0F, 0xD6], reg: x.index, mem: m) }
    /// movd xmm, m32 (zeroes the rest).
    public mutating func movdLoad(_ x: XMM, _ m: Mem) { sse(0x66, [0x6E], x, m) }
    public mutating func movdStore(_ m: Mem, _ x: XMM) { opRM(0x66, w: false, [0x0F, 0x7E], reg: x.index, mem: m) }
    /// movq/movd xmm <- gpr and gpr <- xmm.
    public mutating func movToXMM(_ x: XMM, _ r: Reg, is64: Bool) { sseGX(0x66, [0x6E], reg: x.index, rm: r.rawValue, w: is64) }
    public mutating func movFromXMM(_ r: Reg, _ x: XMM, is64: Bool) { sseGX(0x66, [0x7E], reg: x.index, rm: r.rawValue, w: is64) }
    public mutating func movaps(_ d: XMM, _ s: XMM) { sse(nil, [0x28], d, s) }

    /// cvtsi2sd/ss xmm, r (signed integer of 32/64 bits).
    public mutating func cvtsi2f(_ d: XMM, _ r: Reg, double: Bool, is64: Bool) {
        sseGX(double ? 0xF2 : 0xF3, [0x2A], reg: d.index, rm: r.rawValue, w: is64)
    }
    /// cvttsd2si/cvttss2si r, xmm (truncating).
    public mutating func cvttf2si(_ r: Reg, _ s: XMM, double: Bool, is64: Bool) {
        sseGX(double ? 0xF2 : 0xF3, [0x2C], reg: r.rawValue, rm: s.index, w: is64)
    }
    /// roundsd/roundss xmm, xmm, imm (SSE4.1).
    public mutating func roundF(_ d: XMM, _ s: XMM, double: Bool, mode: UInt8) {
        opRR(0x66, w: false, [0x0F, 0x3A, double ? 0x0B : 0x0A], reg: d.index, rm: s.index); byte(mode)
    }
    /// vfmadd231sd/ss d = a*b + d (FMA3).
    public mutating func vfmadd231(_ d: XMM, _ a: XMM, _ b: XMM, double: Bool) {
        vex(mmmmm: 2, w: double, vvvv: a.index, l: false, pp: 1, reg: d.index, rmExt: b.index)
        byte(0xB9); modrm(reg: d.index, rm: b.index)
    }
    /// psrlw/psllw xmm, imm (66 0F 71 /2 and /6).
    public mutating func psrlw(_ x: XMM, _ imm: UInt8) { opRR(0x66, w: false, [0x0F, 0x71], reg: 2, rm: x.index); byte(imm) }
    public mutating func palignr(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(0x66, [0x3A, 0x0F], d, s); byte(imm) }
    /// psrldq xmm, imm (byte shift right).
    public mutating func psrldq(_ x: XMM, _ imm: UInt8) { opRR(0x66, w: false, [0x0F, 0x73], reg: 3, rm: x.index); byte(imm) }
    public mutating func pinsrq(_ x: XMM, _ r: Reg, lane: UInt8) {
        opRR(0x66, w: true, [0x0F, 0x3A, 0x22], reg: x.index, rm: r.rawValue); byte(lane)
    }
    public mutating func punpcklqdq(_ d: XMM, _ s: XMM) { sse(0x66, [0x6C], d, s) }
    public mutating func pshufb(_ d: XMM, _ s: XMM) { sse(0x66, [0x38, 0x00], d, s) }
    public mutating func pshufd(_ d: XMM, _ s: XMM, _ imm: UInt8) { sse(0x66, [0x70], d, s); byte(imm) }
    public mutating func ptest(_ a: XMM, _ b: XMM) { sse(0x66, [0x38, 0x17], a, b) }
}
