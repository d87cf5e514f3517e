// The A64 encodings the fixture harnesses write themselves (the code slots' final `svc #0`,
// the FPSR fold around a case, `compat-run selftest --reference`'s generated programs), in one
// place; A64HarnessTests checks each against GNU as.

public enum A64Harness {
    /// MOVZ/MOVK: Xd = v.
    public static func mov(_ d: Int, _ v: UInt64) -> [UInt32] {
        var out = [0xD280_0000 | UInt32(v & 0xFFFF) << 5 | UInt32(d)]
        for hw in 1..<4 where (v >> (16 * hw)) & 0xFFFF != 0 {
            out.append(0xF280_0000 | UInt32(hw) << 21 | UInt32((v >> (16 * hw)) & 0xFFFF) << 5 | UInt32(d))
        }
        return out
    }
    static func pair(_ op: UInt32, _ t1: Int, _ t2: Int, _ n: Int, _ imm7: Int) -> UInt32 {
        op | UInt32(imm7 & 0x7F) << 15 | UInt32(t2) << 10 | UInt32(n) << 5 | UInt32(t1)
    }
    public static func ldpQ(_ t1: Int, _ t2: Int, _ n: Int, _ off: Int) -> UInt32 { pair(0xAD40_0000, t1, t2, n, off / 16) }
    public static func stpQ(_ t1: Int, _ t2: Int, _ n: Int, _ off: Int) -> UInt32 { pair(0xAD00_0000, t1, t2, n, off / 16) }
    public static func ldpX(_ t1: Int, _ t2: Int, _ n: Int, _ off: Int) -> UInt32 { pair(0xA940_0000, t1, t2, n, off / 8) }
    public static func stpX(_ t1: Int, _ t2: Int, _ n: Int, _ off: Int) -> UInt32 { pair(0xA900_0000, t1, t2, n, off / 8) }
    public static func ldrX(_ t: Int, _ n: Int, _ off: Int) -> UInt32 { unsignedOffset(0xF940_0000, t, n, off / 8) }
    public static func strX(_ t: Int, _ n: Int, _ off: Int) -> UInt32 { unsignedOffset(0xF900_0000, t, n, off / 8) }
    static func unsignedOffset(_ op: UInt32, _ t: Int, _ n: Int, _ imm12: Int) -> UInt32 {
        op | UInt32(imm12) << 10 | UInt32(n) << 5 | UInt32(t)
    }
    public static let movSPfromX17: UInt32 = 0x9100_023F  // add sp, x17, #0
    public static let movX17fromSP: UInt32 = 0x9100_03F1  // add x17, sp, #0
    public static let msrNZCV17: UInt32 = 0xD51B_4211
    public static let mrsNZCV17: UInt32 = 0xD53B_4211
    public static let msrFPCR17: UInt32 = 0xD51B_4411
    public static let msrFPSRzero: UInt32 = 0xD51B_443F
    public static let mrsFPSR17: UInt32 = mrsFPSR(17)
    /// MRS Xt, FPSR.
    public static func mrsFPSR(_ t: Int) -> UInt32 { 0xD53B_4420 | UInt32(t) }
    /// MSR FPSR, Xt.
    public static func msrFPSR(_ t: Int) -> UInt32 { 0xD51B_4420 | UInt32(t) }
    public static let clrex: UInt32 = 0xD503_305F
    /// svc #0
    public static let svc: UInt32 = 0xD400_0001
}
