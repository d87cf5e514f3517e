// The guest registers as gdb numbers them for aarch64 (its features aarch64-core and
// aarch64-fpu), and the target description that tells gdb so.
import Translator

/// One register in gdb's numbering: x0-x30 (0-30), sp (31), pc (32), cpsr (33),
/// v0-v31 (34-65), fpsr (66), fpcr (67).
enum GDBRegister: Equatable {
    case x(Int), sp, pc, cpsr, v(Int), fpsr, fpcr

    static let all: [GDBRegister] = (0..<31).map { .x($0) } + [.sp, .pc, .cpsr] + (0..<32).map { .v($0) } + [.fpsr, .fpcr]

    var name: String {
        switch self {
        case .x(let n): return "x\(n)"
        case .v(let n): return "v\(n)"
        case .sp: return "sp"
        case .pc: return "pc"
        case .cpsr: return "cpsr"
        case .fpsr: return "fpsr"
        case .fpcr: return "fpcr"
        }
    }

    var bitSize: Int {
        switch self {
        case .x, .sp, .pc: return 64
        case .cpsr, .fpsr, .fpcr: return 32
        case .v: return 128
        }
    }

    /// The type gdb's own aarch64 description gives it.
    var type: String {
        switch self {
        case .x: return "int"
        case .sp: return "data_ptr"
        case .pc: return "code_ptr"
        case .cpsr: return "cpsr_flags"
        case .v: return "aarch64v"
        case .fpsr, .fpcr: return "int"
        }
    }

    var isCore: Bool {
        switch self {
        case .x, .sp, .pc, .cpsr: return true
        case .v, .fpsr, .fpcr: return false
        }
    }

    /// The value, little-endian, `bitSize / 8` bytes.
    func read(_ cpu: CPUState) -> [UInt8] {
        switch self {
        case .x(let n): return bytes(cpu.x(n))
        case .sp: return bytes(cpu.sp)
        case .pc: return bytes(cpu.pc)
        case .cpsr: return bytes(cpu.nzcv)
        case .v(let n): let v = cpu.v(n); return bytes(v.lo) + bytes(v.hi)
        case .fpsr: return bytes(cpu.fpsr)
        case .fpcr: return bytes(cpu.fpcr)
        }
    }

    /// Sets it from little-endian bytes (exactly `bitSize / 8` of them).
    func write(_ cpu: CPUState, _ b: [UInt8]) {
        guard b.count == bitSize / 8 else { return }
        switch self {
        case .x(let n): cpu.setX(n, word(b, 0))
        case .sp: cpu.sp = word(b, 0)
        case .pc: cpu.pc = word(b, 0)
        case .cpsr: cpu.nzcv = UInt32(truncatingIfNeeded: word(b, 0)) & 0xF000_0000
        case .v(let n): cpu.setV(n, lo: word(b, 0), hi: word(b, 8))
        case .fpsr: cpu.fpsr = UInt32(truncatingIfNeeded: word(b, 0)) & CPUState.fpsrWritable
        case .fpcr: cpu.fpcr = UInt32(truncatingIfNeeded: word(b, 0)) & CPUState.fpcrWritable
        }
    }

    private func bytes<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    private func word(_ b: [UInt8], _ from: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in (from..<min(b.count, from + 8)).reversed() { v = v << 8 | UInt64(b[i]) }
        return v
    }
}

/// target.xml: gdb's aarch64 core and fpu features, inline (no xi:include annexes).
enum GDBTargetDescription {
    static let xml: String = {
        var s = """
            <?xml version="1.0"?>
            <!DOCTYPE target SYSTEM "gdb-target.dtd">
            <target version="1.0">
            <architecture>aarch64</architecture>
            <osabi>GNU/Linux</osabi>
            <feature name="org.gnu.gdb.aarch64.core">
            <flags id="cpsr_flags" size="4">
            <field name="V" start="28" end="28"/><field name="C" start="29" end="29"/>
            <field name="Z" start="30" end="30"/><field name="N" start="31" end="31"/>
            </flags>

            """
        for (n, r) in GDBRegister.all.enumerated() where r.isCore { s += reg(r, n) }
        s += """
            </feature>
            <feature name="org.gnu.gdb.aarch64.fpu">
            <vector id="v2d" type="ieee_double" count="2"/><vector id="v2u" type="uint64" count="2"/>
            <vector id="v2i" type="int64" count="2"/><vector id="v4f" type="ieee_single" count="4"/>
            <vector id="v4u" type="uint32" count="4"/><vector id="v4i" type="int32" count="4"/>
            <vector id="v8u" type="uint16" count="8"/><vector id="v8i" type="int16" count="8"/>
            <vector id="v16u" type="uint8" count="16"/><vector id="v16i" type="int8" count="16"/>
            <vector id="v1u" type="uint128" count="1"/><vector id="v1i" type="int128" count="1"/>
            <union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/><field name="s" type="v2i"/></union>
            <union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/><field name="s" type="v4i"/></union>
            <union id="vnh"><field name="u" type="v8u"/><field name="s" type="v8i"/></union>
            <union id="vnb"><field name="u" type="v16u"/><field name="s" type="v16i"/></union>
            <union id="vnq"><field name="u" type="v1u"/><field name="s" type="v1i"/></union>
            <union id="aarch64v"><field name="d" type="vnd"/><field name="s" type="vns"/>
            <field name="h" type="vnh"/><field name="b" type="vnb"/><field name="q" type="vnq"/></union>

            """
        for (n, r) in GDBRegister.all.enumerated() where !r.isCore { s += reg(r, n) }
        s += "</feature>\n</target>\n"
        return s
    }()

    private static func reg(_ r: GDBRegister, _ n: Int) -> String {
        "<reg name=\"\(r.name)\" bitsize=\"\(r.bitSize)\" type=\"\(r.type)\" regnum=\"\(n)\"/>\n"
    }
}
