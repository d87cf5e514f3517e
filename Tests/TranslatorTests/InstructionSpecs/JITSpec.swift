// The instruction-test DSL: one line states an instruction, the registers it starts from
// and what it must leave, e.g.
//
//     jit("adds x0, x1, #4", x1: 5).expect(x0: 9, nzcv: 0b0000)
//
// The text is assembled by GNU as (all specs of a `check` in one run), so the test states the
// instruction as the Arm ARM writes it, never a hand-computed encoding. `check` runs each spec
// as one translated block (its words, then `svc #0`) through the whole JIT and compares every
// guest register: one not named in `expect` must keep its starting value (FPSR, whose cumulative
// flags the qemu fixtures check exhaustively, only when named). Registers not named in `jit`
// start at zero; `.buffer(k)` is the address of byte k of a 128-byte memory buffer (contents
// `memory:`, zeros by default), compared with `expect(memory:)` (else it must be unchanged).
import XCTest

/// A general register's value: a number, or an address inside the spec's memory buffer.
enum GuestValue: Equatable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case value(UInt64)
    case buffer(Int)

    init(integerLiteral v: UInt64) { self = .value(v) }

    var description: String {
        switch self {
        case .value(let v): "0x" + String(v, radix: 16)
        case .buffer(let k): "buffer+\(k)"
        }
    }
}

/// A vector register's 128 bits; an integer literal is the low 64 bits.
struct V128: Equatable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    var lo: UInt64, hi: UInt64

    init(lo: UInt64, hi: UInt64) { self.lo = lo; self.hi = hi }
    init(integerLiteral v: UInt64) { self.init(lo: v, hi: 0) }
    /// Two doubles, lane 0 first.
    static func doubles(_ d0: Double, _ d1: Double) -> V128 { V128(lo: d0.bitPattern, hi: d1.bitPattern) }
    /// Four singles, lane 0 first.
    static func floats(_ s0: Float, _ s1: Float, _ s2: Float, _ s3: Float) -> V128 {
        V128(lo: UInt64(s1.bitPattern) << 32 | UInt64(s0.bitPattern),
             hi: UInt64(s3.bitPattern) << 32 | UInt64(s2.bitPattern))
    }

    var description: String { "0x" + String(hi, radix: 16) + ":" + String(lo, radix: 16) }
}

/// Guest registers a spec names; nil: not named.
struct SpecRegisters {
    var x: [GuestValue?] = Array(repeating: nil, count: 31)
    var v: [V128?] = Array(repeating: nil, count: 32)
    var sp: GuestValue?
    /// The N, Z, C, V flags as a 4-bit number (0b1000 = N).
    var nzcv: UInt8?
    var fpcr: UInt32?
    var fpsr: UInt32?
    var memory: [UInt8]?
}

/// An instruction and its starting registers, waiting for `expect`.
struct JITSpecInput {
    let text: String
    let given: SpecRegisters
    let file: StaticString, line: UInt

    /// What the instruction must leave; every guest register not named here keeps its value.
    func expect(
        x0: GuestValue? = nil, x1: GuestValue? = nil, x2: GuestValue? = nil, x3: GuestValue? = nil,
        x4: GuestValue? = nil, x5: GuestValue? = nil, x6: GuestValue? = nil, x7: GuestValue? = nil,
        x8: GuestValue? = nil, x9: GuestValue? = nil, x10: GuestValue? = nil, x11: GuestValue? = nil,
        x12: GuestValue? = nil, x13: GuestValue? = nil, x14: GuestValue? = nil, x15: GuestValue? = nil,
        x16: GuestValue? = nil, x17: GuestValue? = nil, x18: GuestValue? = nil, x19: GuestValue? = nil,
        x20: GuestValue? = nil, x21: GuestValue? = nil, x22: GuestValue? = nil, x23: GuestValue? = nil,
        x24: GuestValue? = nil, x25: GuestValue? = nil, x26: GuestValue? = nil, x27: GuestValue? = nil,
        x28: GuestValue? = nil, x29: GuestValue? = nil, x30: GuestValue? = nil,
        sp: GuestValue? = nil,
        v0: V128? = nil, v1: V128? = nil, v2: V128? = nil, v3: V128? = nil, v4: V128? = nil, v5: V128? = nil,
        v6: V128? = nil, v7: V128? = nil, v8: V128? = nil, v9: V128? = nil, v10: V128? = nil, v11: V128? = nil,
        v12: V128? = nil, v13: V128? = nil, v14: V128? = nil, v15: V128? = nil, v16: V128? = nil, v17: V128? = nil,
        v18: V128? = nil, v19: V128? = nil, v20: V128? = nil, v21: V128? = nil, v22: V128? = nil, v23: V128? = nil,
        v24: V128? = nil, v25: V128? = nil, v26: V128? = nil, v27: V128? = nil, v28: V128? = nil, v29: V128? = nil,
        v30: V128? = nil, v31: V128? = nil,
        nzcv: UInt8? = nil, fpsr: UInt32? = nil, memory: [UInt8]? = nil
    ) -> JITSpec {
        JITSpec(input: self, expected: SpecRegisters(
            x: [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21,
                 x22, x23, x24, x25, x26, x27, x28, x29, x30],
            v: [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21,
                 v22, v23, v24, v25, v26, v27, v28, v29, v30, v31],
            sp: sp, nzcv: nzcv, fpcr: nil, fpsr: fpsr, memory: memory))
    }
}

/// One instruction test: see the top of this file.
struct JITSpec {
    let input: JITSpecInput
    let expected: SpecRegisters
}

/// An instruction (or a few, "a; b") with the guest registers it starts from.
func jit(
    _ text: String,
    x0: GuestValue? = nil, x1: GuestValue? = nil, x2: GuestValue? = nil, x3: GuestValue? = nil,
    x4: GuestValue? = nil, x5: GuestValue? = nil, x6: GuestValue? = nil, x7: GuestValue? = nil,
    x8: GuestValue? = nil, x9: GuestValue? = nil, x10: GuestValue? = nil, x11: GuestValue? = nil,
    x12: GuestValue? = nil, x13: GuestValue? = nil, x14: GuestValue? = nil, x15: GuestValue? = nil,
    x16: GuestValue? = nil, x17: GuestValue? = nil, x18: GuestValue? = nil, x19: GuestValue? = nil,
    x20: GuestValue? = nil, x21: GuestValue? = nil, x22: GuestValue? = nil, x23: GuestValue? = nil,
    x24: GuestValue? = nil, x25: GuestValue? = nil, x26: GuestValue? = nil, x27: GuestValue? = nil,
    x28: GuestValue? = nil, x29: GuestValue? = nil, x30: GuestValue? = nil,
    sp: GuestValue? = nil,
    v0: V128? = nil, v1: V128? = nil, v2: V128? = nil, v3: V128? = nil, v4: V128? = nil, v5: V128? = nil,
    v6: V128? = nil, v7: V128? = nil, v8: V128? = nil, v9: V128? = nil, v10: V128? = nil, v11: V128? = nil,
    v12: V128? = nil, v13: V128? = nil, v14: V128? = nil, v15: V128? = nil, v16: V128? = nil, v17: V128? = nil,
    v18: V128? = nil, v19: V128? = nil, v20: V128? = nil, v21: V128? = nil, v22: V128? = nil, v23: V128? = nil,
    v24: V128? = nil, v25: V128? = nil, v26: V128? = nil, v27: V128? = nil, v28: V128? = nil, v29: V128? = nil,
    v30: V128? = nil, v31: V128? = nil,
    nzcv: UInt8? = nil, fpcr: UInt32? = nil, memory: [UInt8]? = nil,
    file: StaticString = #filePath, line: UInt = #line
) -> JITSpecInput {
    JITSpecInput(text: text, given: SpecRegisters(
        x: [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21, x22,
             x23, x24, x25, x26, x27, x28, x29, x30],
        v: [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22,
             v23, v24, v25, v26, v27, v28, v29, v30, v31],
        sp: sp, nzcv: nzcv, fpcr: fpcr, fpsr: nil, memory: memory), file: file, line: line)
}
