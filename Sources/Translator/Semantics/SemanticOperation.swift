// What an out-of-line helper does, decided once at translation time: the family, its
// operation and the typed operands (registers, element size, immediates, rounding rule,
// modifiers) the family's decoder read from the instruction's named fields. It reaches
// the helper as the two immediates of the helper call, a plain copy of this 16-byte
// value, so a helper never looks at the instruction word again. (16 bytes: no larger
// than the other helper kinds, so the IR op does not grow.)

/// The rounding rule of an operation: a fixed one, or FPCR.RMode when it runs.
enum RoundingChoice: UInt8, Sendable {
    case fpcr, nearestEven, nearestAway, up, down, towardZero

    init(_ rule: FloatingPointRoundingRule) {
        switch rule {
        case .toNearestOrEven: self = .nearestEven
        case .toNearestOrAwayFromZero: self = .nearestAway
        case .up: self = .up
        case .down: self = .down
        default: self = .towardZero
        }
    }

    @inline(__always) func rule(_ c: FPControl) -> FloatingPointRoundingRule {
        switch self {
        case .fpcr: return c.rounding
        case .nearestEven: return .toNearestOrEven
        case .nearestAway: return .toNearestOrAwayFromZero
        case .up: return .up
        case .down: return .down
        case .towardZero: return .towardZero
        }
    }
}

/// Yes/no choices an operation's decoder made (each family documents which it uses).
struct OperandModifiers: OptionSet, Sendable, Equatable {
    let rawValue: UInt16
    /// Rounding shifts and halving forms.
    static let round = OperandModifiers(rawValue: 1 << 0)
    /// Accumulating forms (SRA, SADALP, MLA...).
    static let accumulate = OperandModifiers(rawValue: 1 << 1)
    /// Signedness of the source and of the destination where they differ (SQSHLU, SQXTUN).
    static let sourceSigned = OperandModifiers(rawValue: 1 << 2)
    static let destinationSigned = OperandModifiers(rawValue: 1 << 3)
    /// Pairwise forms: lanes of the concatenation n:m.
    static let pairwise = OperandModifiers(rawValue: 1 << 4)
    /// Compares with zero as the first operand (CMLT, FCMLE...).
    static let swap = OperandModifiers(rawValue: 1 << 5)
    /// FRINTX: inexact results raise IXC.
    static let exact = OperandModifiers(rawValue: 1 << 6)
    /// Negations (FNMUL's result; FMSUB/FNMADD's product and addend).
    static let negate = OperandModifiers(rawValue: 1 << 7)
    static let negateAddend = OperandModifiers(rawValue: 1 << 8)
    /// Loads (else stores) and post-indexed writeback.
    static let load = OperandModifiers(rawValue: 1 << 9)
    static let postIndex = OperandModifiers(rawValue: 1 << 10)
    /// Signalling compares (FCMPE, FCCMPE).
    static let signaling = OperandModifiers(rawValue: 1 << 11)
    /// The upper half of a vector ("2" forms), or a second bank of an operation.
    static let upper = OperandModifiers(rawValue: 1 << 12)
    /// 64-bit general register (sf), or double precision for scalar FP.
    static let wide = OperandModifiers(rawValue: 1 << 13)
    /// Compares with +0.0 (FCMP #0.0).
    static let withZero = OperandModifiers(rawValue: 1 << 14)
}

/// One out-of-line operation with its operands. `op` is the family's own operation enum
/// (its raw value; each family reads it back with a typed accessor).
public struct SemanticOperation: Sendable, Equatable {
    // Immediate 0.
    public let family: OutOfLine
    var op: UInt8
    /// A second operation the first is built from (e.g. the compare of a compare-with-zero).
    var subOp: UInt8 = 0
    /// Register numbers (V or X registers, as the operation says).
    var d: UInt8 = 0
    var n: UInt8 = 0
    var m: UInt8 = 0
    var a: UInt8 = 0
    /// Element size in bits (8...64), 0 where the operation has none.
    var esize: UInt8 = 0
    // Immediate 1.
    var modifiers: OperandModifiers = []
    var rounding: RoundingChoice = .fpcr
    /// A 128-bit vector (Q = 1).
    var q = false
    /// Signed elements (U = 0 for most integer forms).
    var signed = false
    /// Lane indexes, counts and small immediates (shift amounts, fraction bits, condition...).
    var index: UInt8 = 0
    var index2: UInt8 = 0
    var count: UInt8 = 0

    init(_ family: OutOfLine, op: UInt8) {
        self.family = family
        self.op = op
    }

    /// Packed into the helper call's immediates: the value's own bytes.
    public var packed: (UInt64, UInt64) { unsafeBitCast(self, to: (UInt64, UInt64).self) }

    /// The helper's trivial unpack of `packed`.
    init(packed: (UInt64, UInt64)) { self = unsafeBitCast(packed, to: SemanticOperation.self) }

    @inline(__always) func has(_ m: OperandModifiers) -> Bool { modifiers.contains(m) }
    @inline(__always) var vd: Int { Int(d) }
    @inline(__always) var vn: Int { Int(n) }
    @inline(__always) var vm: Int { Int(m) }
    @inline(__always) var va: Int { Int(a) }
    @inline(__always) var elementBits: Int { Int(esize) }
    /// The arrangement of a vector operation (element size, Q).
    @inline(__always) var arrangement: Arrangement { Arrangement(esize: Int(esize), count: (q ? 128 : 64) / Int(esize)) }
}

extension SemanticOperation: CustomStringConvertible {
    /// `-d op`: the routine, the operation and the operands that are set.
    public var description: String {
        var text = "\(family).\(OutOfLineSemantics.operationName(self)) d=\(d) n=\(n) m=\(m)"
        if a != 0 { text += " a=\(a)" }
        if subOp != 0 { text += " sub=\(subOp)" }
        if esize != 0 { text += " e=\(esize)" }
        if q { text += " q" }
        if signed { text += " signed" }
        if !modifiers.isEmpty { text += " mod=0x\(String(modifiers.rawValue, radix: 16))" }
        if rounding != .fpcr { text += " round=\(rounding)" }
        if index != 0 || index2 != 0 || count != 0 { text += " i=\(index),\(index2),\(count)" }
        return text
    }
}
