// Cryptographic extension (Arm ARM C4.1.97-99, shared/functions/crypto): AESE, AESD,
// AESMC, AESIMC; SHA1C/P/M/H/SU0/SU1; SHA256H/H2/SU0/SU1. Registers are 128-bit
// values, byte i = bits 8i+7..8i (the AES state is column-major: row i % 4, column i / 4).

enum CryptoSemantics {
    // MARK: decoding

    /// AES: opcode 00100...00111 (bits 16:12).
    static func supportsAES(_ w: UInt32) -> Bool { (0b00100...0b00111).contains(w.bits(16, 12)) }
    /// SHA three-register: opcode 000...110 (bits 14:12).
    static func supportsSHA3(_ w: UInt32) -> Bool { w.bits(14, 12) != 0b111 }
    /// SHA two-register: opcode 00000...00010 (bits 16:12).
    static func supportsSHA2(_ w: UInt32) -> Bool { w.bits(16, 12) <= 0b00010 }

    // MARK: helpers

    private static func read(_ cpu: CPUState, _ n: UInt8) -> UInt128 {
        let (lo, hi) = cpu.v(Int(n))
        return UInt128(hi) << 64 | UInt128(lo)
    }

    private static func write(_ cpu: CPUState, _ d: UInt8, _ v: UInt128) {
        cpu.setV(Int(d), lo: UInt64(truncatingIfNeeded: v), hi: UInt64(truncatingIfNeeded: v >> 64))
    }

    @inline(__always) private static func lane(_ v: UInt128, _ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: v >> (32 * i)) }
    @inline(__always) private static func setLane(_ v: inout UInt128, _ i: Int, _ x: UInt32) {
        v = v & ~(UInt128(0xFFFF_FFFF) << (32 * i)) | UInt128(x) << (32 * i)
    }
    @inline(__always) private static func rol(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
    @inline(__always) private static func ror(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    private static func bytes(_ v: UInt128) -> [UInt8] { (0..<16).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    private static func value(_ b: [UInt8]) -> UInt128 { (0..<16).reduce(UInt128(0)) { $0 | UInt128(b[$1]) << (8 * $1) } }

    // MARK: AES

    /// GF(2^8) multiply modulo x^8 + x^4 + x^3 + x + 1.
    private static func gmul(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, r: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { r ^= a }
            a = a << 1 ^ (a & 0x80 != 0 ? 0x1B : 0)
            b >>= 1
        }
        return r
    }

    /// The AES S-box: multiplicative inverse followed by the affine transform.
    private static let sbox: [UInt8] = (0..<256).map { x -> UInt8 in
        var inv: UInt8 = 0
        if x != 0 { inv = UInt8((1..<256).first { gmul(UInt8(x), UInt8($0)) == 1 }!) }
        var s = inv
        for k in 1...4 { s ^= inv << k | inv >> (8 - k) }
        return s ^ 0x63
    }

    private static let inverseSbox: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for (i, s) in sbox.enumerated() { t[Int(s)] = UInt8(i) }
        return t
    }()

    static func executeAES(_ w: UInt32, _ cpu: CPUState) {
        let n = read(cpu, w.rn)
        switch w.bits(16, 12) {
        case 0b00100, 0b00101:  // AESE / AESD: AddRoundKey, (Inv)ShiftRows, (Inv)SubBytes
            let decrypt = w.bits(16, 12) == 0b00101
            let s = bytes(read(cpu, w.rd) ^ n)
            var r = [UInt8](repeating: 0, count: 16)
            for c in 0..<4 {
                for row in 0..<4 {
                    let from = row + 4 * ((decrypt ? c - row + 4 : c + row) % 4)
                    r[row + 4 * c] = decrypt ? inverseSbox[Int(s[from])] : sbox[Int(s[from])]
                }
            }
            write(cpu, w.rd, value(r))
        default:  // AESMC / AESIMC
            let m: [UInt8] = w.bits(16, 12) == 0b00110 ? [2, 3, 1, 1] : [14, 11, 13, 9]
            let s = bytes(n)
            var r = [UInt8](repeating: 0, count: 16)
            for c in 0..<4 {
                for row in 0..<4 {
                    var x: UInt8 = 0
                    for k in 0..<4 { x ^= gmul(m[(k - row + 4) % 4], s[k + 4 * c]) }
                    r[row + 4 * c] = x
                }
            }
            write(cpu, w.rd, value(r))
        }
    }

    // MARK: SHA

    @inline(__always) private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { ((y ^ z) & x) ^ z }
    @inline(__always) private static func parity(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { x ^ y ^ z }
    @inline(__always) private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & y) | ((x | y) & z) }

    static func executeSHA3(_ w: UInt32, _ cpu: CPUState) {
        let d = read(cpu, w.rd), n = read(cpu, w.rn), m = read(cpu, w.rm)
        switch w.bits(14, 12) {
        case 0b000, 0b001, 0b010:  // SHA1C / SHA1P / SHA1M
            let op = w.bits(14, 12)
            var x = d, y = lane(n, 0)
            for e in 0..<4 {
                let (b, c, dd) = (lane(x, 1), lane(x, 2), lane(x, 3))
                let t = op == 0 ? choose(b, c, dd) : op == 1 ? parity(b, c, dd) : majority(b, c, dd)
                y = y &+ rol(lane(x, 0), 5) &+ t &+ lane(m, e)
                setLane(&x, 1, rol(lane(x, 1), 30))
                let top = lane(x, 3)
                x = x << 32 | UInt128(y)
                y = top
            }
            write(cpu, w.rd, x)
        case 0b011:  // SHA1SU0
            write(cpu, w.rd, ((n << 64) | (d >> 64)) ^ d ^ m)
        case 0b100, 0b101:  // SHA256H / SHA256H2
            let part1 = w.bits(14, 12) == 0b100
            write(cpu, w.rd, sha256Hash(part1 ? d : n, part1 ? n : d, m, part1: part1))
        default:  // SHA256SU1
            let t0 = UInt128(lane(m, 0)) << 96 | n >> 32
            var r: UInt128 = 0
            for e in 0..<4 {
                let src = e < 2 ? lane(m, 2 + e) : lane(r, e - 2)
                let s = ror(src, 17) ^ ror(src, 19) ^ src >> 10
                setLane(&r, e, s &+ lane(d, e) &+ lane(t0, e))
            }
            write(cpu, w.rd, r)
        }
    }

    private static func sha256Hash(_ x0: UInt128, _ y0: UInt128, _ w: UInt128, part1: Bool) -> UInt128 {
        var x = x0, y = y0
        for e in 0..<4 {
            let chs = choose(lane(y, 0), lane(y, 1), lane(y, 2))
            let maj = majority(lane(x, 0), lane(x, 1), lane(x, 2))
            let y0 = lane(y, 0), x0 = lane(x, 0)
            let t = lane(y, 3) &+ (ror(y0, 6) ^ ror(y0, 11) ^ ror(y0, 25)) &+ chs &+ lane(w, e)
            setLane(&x, 3, t &+ lane(x, 3))
            setLane(&y, 3, t &+ (ror(x0, 2) ^ ror(x0, 13) ^ ror(x0, 22)) &+ maj)
            let xTop = lane(x, 3), yTop = lane(y, 3)
            x = x << 32 | UInt128(yTop)
            y = y << 32 | UInt128(xTop)
        }
        return part1 ? x : y
    }

    static func executeSHA2(_ w: UInt32, _ cpu: CPUState) {
        let n = read(cpu, w.rn)
        switch w.bits(16, 12) {
        case 0b00000:  // SHA1H
            write(cpu, w.rd, UInt128(rol(lane(n, 0), 30)))
        case 0b00001:  // SHA1SU1
            let t = read(cpu, w.rd) ^ (n >> 32)
            var r: UInt128 = 0
            for e in 0..<3 { setLane(&r, e, rol(lane(t, e), 1)) }
            setLane(&r, 3, rol(lane(t, 3), 1) ^ rol(lane(t, 0), 2))
            write(cpu, w.rd, r)
        default:  // SHA256SU0
            let d = read(cpu, w.rd), t = UInt128(lane(n, 0)) << 96 | d >> 32
            var r: UInt128 = 0
            for e in 0..<4 {
                let x = lane(t, e)
                setLane(&r, e, (ror(x, 7) ^ ror(x, 18) ^ x >> 3) &+ lane(d, e))
            }
            write(cpu, w.rd, r)
        }
    }
}
