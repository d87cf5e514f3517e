// Cryptographic extension (Arm ARM C4.1.97-99, shared/functions/crypto): AESE, AESD,
// AESMC, AESIMC; SHA1C/P/M/H/SU0/SU1; SHA256H/H2/SU0/SU1. Registers are 128-bit
// values, byte i = bits 8i+7..8i (the AES state is column-major: row i % 4, column i / 4).

enum CryptoSemantics {
    // MARK: decoding

    enum AES: UInt8 { case encrypt, decrypt, mixColumns, inverseMixColumns }
    enum SHA3: UInt8 { case sha1Choose, sha1Parity, sha1Majority, sha1ScheduleUpdate0, sha256Hash, sha256Hash2, sha256ScheduleUpdate1 }
    enum SHA2: UInt8 { case sha1FixedRotate, sha1ScheduleUpdate1, sha256ScheduleUpdate0 }

    private static func operation(_ family: OutOfLine, _ op: UInt8, _ w: InstructionWord) -> SemanticOperation {
        var o = SemanticOperation(family, op: op)
        (o.d, o.n, o.m) = (w.vreg(.rd).number, w.vreg(.rn).number, w.vreg(.rm).number)
        return o
    }

    /// AES: opcode 00100...00111.
    static func aes(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.miscOpcode]
        guard (0b00100...0b00111).contains(opcode) else { return nil }
        return operation(.cryptoAES, UInt8(opcode - 0b00100), w)
    }

    /// SHA three-register: opcode 000...110.
    static func sha3(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.sha3Opcode]
        guard opcode != 0b111 else { return nil }
        return operation(.cryptoSHA3, UInt8(opcode), w)
    }

    /// SHA two-register: opcode 00000...00010.
    static func sha2(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.miscOpcode]
        guard opcode <= 0b00010 else { return nil }
        return operation(.cryptoSHA2, UInt8(opcode), w)
    }

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

    @inline(__always) private static func byte(_ v: UInt128, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: v >> (8 * i)) }

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

    /// MixColumns' (or InvMixColumns') coefficient for distance k along a column.
    @inline(__always) private static func mixCoefficient(_ k: Int, inverse: Bool) -> UInt8 {
        switch k {
        case 0: return inverse ? 14 : 2
        case 1: return inverse ? 11 : 3
        case 2: return inverse ? 13 : 1
        default: return inverse ? 9 : 1
        }
    }

    static func executeAES(_ o: SemanticOperation, _ cpu: CPUState) {
        let n = read(cpu, o.n), op = AES(rawValue: o.op)!
        var r: UInt128 = 0
        switch op {
        case .encrypt, .decrypt:  // AddRoundKey, (Inv)ShiftRows, (Inv)SubBytes
            let decrypt = op == .decrypt
            let s = read(cpu, o.d) ^ n
            for c in 0..<4 {
                for row in 0..<4 {
                    let from = row + 4 * ((decrypt ? c - row + 4 : c + row) % 4)
                    let b = decrypt ? inverseSbox[Int(byte(s, from))] : sbox[Int(byte(s, from))]
                    r |= UInt128(b) << (8 * (row + 4 * c))
                }
            }
        case .mixColumns, .inverseMixColumns:
            let inverse = op == .inverseMixColumns
            for c in 0..<4 {
                for row in 0..<4 {
                    var x: UInt8 = 0
                    for k in 0..<4 { x ^= gmul(mixCoefficient((k - row + 4) % 4, inverse: inverse), byte(n, k + 4 * c)) }
                    r |= UInt128(x) << (8 * (row + 4 * c))
                }
            }
        }
        write(cpu, o.d, r)
    }

    // MARK: SHA

    @inline(__always) private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { ((y ^ z) & x) ^ z }
    @inline(__always) private static func parity(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { x ^ y ^ z }
    @inline(__always) private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & y) | ((x | y) & z) }

    static func executeSHA3(_ o: SemanticOperation, _ cpu: CPUState) {
        let d = read(cpu, o.d), n = read(cpu, o.n), m = read(cpu, o.m), op = SHA3(rawValue: o.op)!
        switch op {
        case .sha1Choose, .sha1Parity, .sha1Majority:
            var x = d, y = lane(n, 0)
            for e in 0..<4 {
                let (b, c, dd) = (lane(x, 1), lane(x, 2), lane(x, 3))
                let t = op == .sha1Choose ? choose(b, c, dd) : op == .sha1Parity ? parity(b, c, dd) : majority(b, c, dd)
                y = y &+ rol(lane(x, 0), 5) &+ t &+ lane(m, e)
                setLane(&x, 1, rol(lane(x, 1), 30))
                let top = lane(x, 3)
                x = x << 32 | UInt128(y)
                y = top
            }
            write(cpu, o.d, x)
        case .sha1ScheduleUpdate0:
            write(cpu, o.d, ((n << 64) | (d >> 64)) ^ d ^ m)
        case .sha256Hash, .sha256Hash2:
            let part1 = op == .sha256Hash
            write(cpu, o.d, sha256Hash(part1 ? d : n, part1 ? n : d, m, part1: part1))
        case .sha256ScheduleUpdate1:
            let t0 = UInt128(lane(m, 0)) << 96 | n >> 32
            var r: UInt128 = 0
            for e in 0..<4 {
                let src = e < 2 ? lane(m, 2 + e) : lane(r, e - 2)
                let s = ror(src, 17) ^ ror(src, 19) ^ src >> 10
                setLane(&r, e, s &+ lane(d, e) &+ lane(t0, e))
            }
            write(cpu, o.d, r)
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

    static func executeSHA2(_ o: SemanticOperation, _ cpu: CPUState) {
        let n = read(cpu, o.n)
        switch SHA2(rawValue: o.op)! {
        case .sha1FixedRotate:  // SHA1H
            write(cpu, o.d, UInt128(rol(lane(n, 0), 30)))
        case .sha1ScheduleUpdate1:
            let t = read(cpu, o.d) ^ (n >> 32)
            var r: UInt128 = 0
            for e in 0..<3 { setLane(&r, e, rol(lane(t, e), 1)) }
            setLane(&r, 3, rol(lane(t, 3), 1) ^ rol(lane(t, 0), 2))
            write(cpu, o.d, r)
        case .sha256ScheduleUpdate0:
            let d = read(cpu, o.d), t = UInt128(lane(n, 0)) << 96 | d >> 32
            var r: UInt128 = 0
            for e in 0..<4 {
                let x = lane(t, e)
                setLane(&r, e, (ror(x, 7) ^ ror(x, 18) ^ x >> 3) &+ lane(d, e))
            }
            write(cpu, o.d, r)
        }
    }
}
