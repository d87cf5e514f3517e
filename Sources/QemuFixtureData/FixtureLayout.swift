/// Which registers a fixture's input and output rows hold, in this order: V halves (lo, hi),
/// X0..., SP, NZCV, then FPCR (inputs) / the FPSR bits compared (outputs).
public struct FixtureLayout: Equatable, Sendable {
    public let vectors: Int, registers: Int, hasSP: Bool, hasFP: Bool
    /// The FPSR bits an output row holds: QC, or (fp-status) QC and the cumulative exception flags.
    public let fpsrMask: UInt32

    /// V0-V7, X0-X7, NZCV, FPCR in; QC out (outofline, simd-chains).
    public static let simd = FixtureLayout(vectors: 8, registers: 8, hasSP: false, hasFP: true, fpsrMask: 1 << 27)
    /// The same with QC and the cumulative exception flags out (fp-status).
    public static let simdStatus = FixtureLayout(vectors: 8, registers: 8, hasSP: false, hasFP: true, fpsrMask: 0x0800_009F)
    /// V0-V3, X0-X15, SP, NZCV (integer, atomics).
    public static let integer = FixtureLayout(vectors: 4, registers: 16, hasSP: true, hasFP: false, fpsrMask: 0)

    /// The row index of Xr (31: SP).
    public func x(_ r: Int) -> Int { r == 31 ? sp : 2 * vectors + r }
    public var sp: Int { 2 * vectors + registers }
    public var nzcv: Int { sp + (hasSP ? 1 : 0) }
    /// FPCR in an input row, the FPSR bits in an output row.
    public var fpcr: Int { nzcv + 1 }
    public var count: Int { nzcv + (hasFP ? 2 : 1) }

    public func name(_ i: Int, output: Bool) -> String {
        if i < 2 * vectors { return "V\(i / 2).\(i % 2 == 0 ? "lo" : "hi")" }
        if i < sp { return "X\(i - 2 * vectors)" }
        if hasSP && i == sp { return "SP" }
        if i == nzcv { return "NZCV" }
        return output ? (fpsrMask == 1 << 27 ? "QC" : "FPSR") : "FPCR"
    }
}
