// Advanced SIMD structure loads and stores (Arm ARM C4.1.5-C4.1.8): LD1-LD4/ST1-ST4
// multiple structures, single structure, and LD1R-LD4R, with post-indexing.
// Guest memory is identity-mapped, so a guest address is a host address.

enum SIMDLoadStore {
    /// LD/ST multiple: opcode -> (registers repeated, structure elements).
    private static func multipleShape(_ w: UInt32) -> (rpt: Int, selem: Int)? {
        let shape: (Int, Int)
        switch w.bits(15, 12) {
        case 0b0000: shape = (1, 4)
        case 0b0010: shape = (4, 1)
        case 0b0100: shape = (1, 3)
        case 0b0110: shape = (3, 1)
        case 0b0111: shape = (1, 1)
        case 0b1000: shape = (1, 2)
        case 0b1010: shape = (2, 1)
        default: return nil
        }
        if shape.1 > 1 && w.bits(11, 10) == 3 && !w.bit(30) { return nil }
        return shape
    }

    static func supportsMultiple(_ w: UInt32) -> Bool { multipleShape(w) != nil }

    /// The bytes one LD/ST multiple structures instruction reads or writes at its base.
    static func multipleBytes(_ w: UInt32) -> Int? {
        multipleShape(w).map { $0.rpt * $0.selem * (w.bit(30) ? 16 : 8) }
    }

    /// The bytes one LD/ST single structure (or LDnR) instruction reads or writes at its base.
    static func singleBytes(_ w: UInt32) -> Int? { singleShape(w).map { $0.selem * $0.ebytes } }

    @inline(__always) private static func host(_ addr: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(addr))!
    }

    @inline(__always) private static func lane(_ cpu: CPUState, _ reg: Int, _ byteOffset: Int) -> UnsafeMutableRawPointer {
        cpu.raw + Int(CPUStateLayout.v(reg)) + byteOffset
    }

    /// Base address (Rn = 31 is SP) and, after the access, the post-index writeback.
    private static func writeBack(_ w: UInt32, _ cpu: CPUState, base: UInt64, total: Int) {
        guard w.bit(23) else { return }
        let m = Int(w.rm)
        cpu.setX(Int(w.rn), base &+ (m == 31 ? UInt64(total) : cpu.x(m)))
    }

    /// One element by value: a byte-count memcpy per element dominated LD4-heavy loops.
    @inline(__always) private static func copyElement(from src: UnsafeMutableRawPointer, to dst: UnsafeMutableRawPointer, _ bytes: Int) {
        switch bytes {
        case 1: dst.storeBytes(of: src.load(as: UInt8.self), as: UInt8.self)
        case 2: dst.storeBytes(of: src.loadUnaligned(as: UInt16.self), as: UInt16.self)
        case 4: dst.storeBytes(of: src.loadUnaligned(as: UInt32.self), as: UInt32.self)
        default: dst.storeBytes(of: src.loadUnaligned(as: UInt64.self), as: UInt64.self)
        }
    }

    static func executeMultiple(_ w: UInt32, _ cpu: CPUState) {
        guard let (rpt, selem) = multipleShape(w) else { return }
        let q = w.bit(30), load = w.bit(22), ebytes = 1 << Int(w.bits(11, 10)), t = Int(w.rd)
        let elements = (q ? 16 : 8) / ebytes
        let base = cpu.x(Int(w.rn))
        var addr = base
        if load && !q {
            for k in 0..<rpt * selem { lane(cpu, (t + k) % 32, 8).storeBytes(of: UInt64(0), as: UInt64.self) }
        }
        for r in 0..<rpt {
            for e in 0..<elements {
                for s in 0..<selem {
                    let reg = lane(cpu, (t + r + s) % 32, e * ebytes)
                    if load { copyElement(from: host(addr), to: reg, ebytes) } else { copyElement(from: reg, to: host(addr), ebytes) }
                    addr &+= UInt64(ebytes)
                }
            }
        }
        writeBack(w, cpu, base: base, total: rpt * selem * (q ? 16 : 8))
    }

    /// LD/ST single structure: (element bytes, lane index or nil for replicate, structure elements).
    private static func singleShape(_ w: UInt32) -> (ebytes: Int, index: Int?, selem: Int)? {
        let opcode = w.bits(15, 13), s = w.bit(12) ? 1 : 0, size = Int(w.bits(11, 10)), q = w.bit(30) ? 1 : 0
        let selem = Int((opcode & 1) << 1 | w.bits(21, 21)) + 1
        switch opcode >> 1 {
        case 0: return (1, q << 3 | s << 2 | size, selem)
        case 1: return size & 1 == 0 ? (2, q << 2 | s << 1 | size >> 1, selem) : nil
        case 2:
            if size & 2 != 0 { return nil }
            if size == 0 { return (4, q << 1 | s, selem) }
            return s == 0 ? (8, q, selem) : nil
        default:
            return w.bit(22) && s == 0 ? (1 << size, nil, selem) : nil
        }
    }

    static func supportsSingle(_ w: UInt32) -> Bool { singleShape(w) != nil }

    static func executeSingle(_ w: UInt32, _ cpu: CPUState) {
        guard let (ebytes, index, selem) = singleShape(w) else { return }
        let load = w.bit(22), t = Int(w.rd), q = w.bit(30)
        let base = cpu.x(Int(w.rn))
        var addr = base
        for s in 0..<selem {
            let reg = (t + s) % 32
            if let index {
                let p = lane(cpu, reg, index * ebytes)
                if load { copyElement(from: host(addr), to: p, ebytes) } else { copyElement(from: p, to: host(addr), ebytes) }
            } else {
                var v: UInt64 = 0
                withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: host(addr), byteCount: ebytes) }
                var r = Vec128()
                for i in 0..<(q ? 16 : 8) / ebytes { r[i, ebytes * 8] = v }
                r.store(cpu, reg, q: q)
            }
            addr &+= UInt64(ebytes)
        }
        writeBack(w, cpu, base: base, total: selem * ebytes)
    }
}
