// A 128-bit guest vector register as a value, with typed lane access, and the
// field decoding shared by the out-of-line SIMD semantics.

/// One V register: `lo` holds bytes 0..7, `hi` bytes 8..15 (little-endian lanes).
struct Vec128: Equatable {
    var lo: UInt64 = 0
    var hi: UInt64 = 0

    init() {}
    init(lo: UInt64, hi: UInt64) { self.lo = lo; self.hi = hi }
    init(_ cpu: CPUState, _ n: Int) { (lo, hi) = cpu.v(n) }

    /// Writes the register; a 64-bit (Q=0) result clears the upper half.
    func store(_ cpu: CPUState, _ n: Int, q: Bool = true) {
        cpu.setV(n, lo: lo, hi: q ? hi : 0)
    }

    /// Lane `i` of `esize` bits (8, 16, 32 or 64), zero-extended.
    @inline(__always) subscript(i: Int, esize: Int) -> UInt64 {
        get {
            let bit = i * esize
            let word = bit < 64 ? lo : hi
            return esize == 64 ? word : (word >> UInt64(bit & 63)) & laneMask(esize)
        }
        set {
            let bit = i * esize, shift = UInt64(bit & 63), mask = laneMask(esize) << shift
            let v = (newValue << shift) & mask
            if bit < 64 { lo = lo & ~mask | v } else { hi = hi & ~mask | v }
        }
    }

    /// Lane `i` sign-extended.
    @inline(__always) func signed(_ i: Int, _ esize: Int) -> Int64 {
        signExtend(self[i, esize], bits: esize)
    }

    /// Byte `i` (0...15).
    @inline(__always) subscript(byte i: Int) -> UInt8 {
        get { UInt8(truncatingIfNeeded: self[i, 8]) }
        set { self[i, 8] = UInt64(newValue) }
    }
}

@inline(__always) func laneMask(_ esize: Int) -> UInt64 {
    esize >= 64 ? ~0 : (1 << UInt64(esize)) - 1
}

/// Element size and count of a vector arrangement such as 8B, 4S or 2D.
struct Arrangement {
    let esize: Int
    let count: Int

    /// From the usual `size` field (element 8 << size) and Q (64 or 128 bits).
    init(size: Int, q: Bool) {
        esize = 8 << size
        count = (q ? 128 : 64) / esize
    }
    init(esize: Int, count: Int) { self.esize = esize; self.count = count }
}

/// Applies `f` to every lane of one source, writing `esize`-bit results.
@inline(__always) func mapLanes(_ a: Vec128, _ arr: Arrangement, _ f: (UInt64) -> UInt64) -> Vec128 {
    var r = Vec128()
    for i in 0..<arr.count { r[i, arr.esize] = f(a[i, arr.esize]) }
    return r
}

/// Applies `f` lane-wise to two sources.
@inline(__always) func mapLanes(_ a: Vec128, _ b: Vec128, _ arr: Arrangement, _ f: (UInt64, UInt64) -> UInt64) -> Vec128 {
    var r = Vec128()
    for i in 0..<arr.count { r[i, arr.esize] = f(a[i, arr.esize], b[i, arr.esize]) }
    return r
}
