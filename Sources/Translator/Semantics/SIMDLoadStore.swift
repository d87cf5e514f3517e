// Advanced SIMD structure loads and stores (Arm ARM C4.1.5-C4.1.8): LD1-LD4/ST1-ST4
// multiple structures, single structure, and LD1R-LD4R, with post-indexing.
// Guest memory is identity-mapped, so a guest address is a host address.

enum SIMDLoadStore {
    /// The three shapes of structure access.
    enum Operation: UInt8 { case multiple, singleLane, replicate }

    /// LD/ST multiple: opcode -> (registers repeated, structure elements).
    private static func multipleShape(_ w: InstructionWord) -> (rpt: Int, selem: Int)? {
        let shape: (Int, Int)
        switch w[.ldstOpcode] {
        case 0b0000: shape = (1, 4)
        case 0b0010: shape = (4, 1)
        case 0b0100: shape = (1, 3)
        case 0b0110: shape = (3, 1)
        case 0b0111: shape = (1, 1)
        case 0b1000: shape = (1, 2)
        case 0b1010: shape = (2, 1)
        default: return nil
        }
        if shape.1 > 1 && w[.ldstSize] == 3 && !w.flag(.q) { return nil }
        return shape
    }

    /// Registers and modifiers every structure access shares: d = Vt, n = Rn, m = Rm
    /// (post-index register, 31 = by the access size); `count` registers repeated,
    /// `index2` structure elements, `esize` element bits.
    private static func common(_ w: InstructionWord, _ op: Operation) -> SemanticOperation {
        var o = SemanticOperation(op == .multiple ? .simdLoadStoreMultiple : .simdLoadStoreSingle, op: op.rawValue)
        o.d = w.vreg(.rt).number; o.n = w.gpr(.rn).number; o.m = w.gpr(.rm).number
        o.q = w.flag(.q)
        if w.flag(.load) { o.modifiers.insert(.load) }
        if w.flag(.post) { o.modifiers.insert(.postIndex) }
        return o
    }

    /// LD1-LD4/ST1-ST4 (multiple structures).
    static func multiple(_ w: InstructionWord) -> SemanticOperation? {
        guard let (rpt, selem) = multipleShape(w) else { return nil }
        var o = common(w, .multiple)
        o.count = UInt8(rpt); o.index2 = UInt8(selem); o.esize = UInt8(8 << w[.ldstSize])
        return o
    }

    /// LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R.
    static func single(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.singleOpcode], s = Int(w[.structS]), size = Int(w[.ldstSize]), q = w.flag(.q) ? 1 : 0
        let selem = Int((opcode & 1) << 1 | w[.structR]) + 1
        let ebytes: Int, index: Int?
        switch opcode >> 1 {
        case 0: (ebytes, index) = (1, q << 3 | s << 2 | size)
        case 1:
            guard size & 1 == 0 else { return nil }
            (ebytes, index) = (2, q << 2 | s << 1 | size >> 1)
        case 2:
            guard size & 2 == 0 else { return nil }
            if size == 0 { (ebytes, index) = (4, q << 1 | s) } else {
                guard s == 0 else { return nil }
                (ebytes, index) = (8, q)
            }
        default:
            guard w.flag(.load) && s == 0 else { return nil }
            (ebytes, index) = (1 << size, nil)
        }
        var o = common(w, index == nil ? .replicate : .singleLane)
        o.count = 1; o.index2 = UInt8(selem); o.esize = UInt8(8 * ebytes); o.index = UInt8(index ?? 0)
        return o
    }

    /// The bytes the access reads or writes at its base (the lifter probes them first).
    static func accessBytes(_ o: SemanticOperation) -> Int {
        let structure = Int(o.count) * Int(o.index2)
        return Operation(rawValue: o.op)! == .multiple ? structure * (o.q ? 16 : 8) : structure * Int(o.esize) / 8
    }

    @inline(__always) private static func host(_ addr: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(addr))!
    }

    @inline(__always) private static func lane(_ cpu: CPUState, _ reg: Int, _ byteOffset: Int) -> UnsafeMutableRawPointer {
        cpu.raw + Int(CPUStateLayout.v(reg)) + byteOffset
    }

    /// Base address (Rn = 31 is SP) and, after the access, the post-index writeback.
    private static func writeBack(_ o: SemanticOperation, _ cpu: CPUState, base: UInt64, total: Int) {
        guard o.has(.postIndex) else { return }
        cpu.setX(o.vn, base &+ (o.m == 31 ? UInt64(total) : cpu.x(o.vm)))
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

    static func execute(_ o: SemanticOperation, _ cpu: CPUState) {
        switch Operation(rawValue: o.op)! {
        case .multiple: executeMultiple(o, cpu)
        case .singleLane, .replicate: executeSingle(o, cpu)
        }
    }

    private static func executeMultiple(_ o: SemanticOperation, _ cpu: CPUState) {
        let rpt = Int(o.count), selem = Int(o.index2)
        let q = o.q, load = o.has(.load), ebytes = Int(o.esize) / 8, t = o.vd
        let elements = (q ? 16 : 8) / ebytes
        let base = cpu.x(o.vn)
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
        writeBack(o, cpu, base: base, total: rpt * selem * (q ? 16 : 8))
    }

    private static func executeSingle(_ o: SemanticOperation, _ cpu: CPUState) {
        let ebytes = Int(o.esize) / 8, selem = Int(o.index2)
        let index: Int? = Operation(rawValue: o.op)! == .singleLane ? Int(o.index) : nil
        let load = o.has(.load), t = o.vd, q = o.q
        let base = cpu.x(o.vn)
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
        writeBack(o, cpu, base: base, total: selem * ebytes)
    }
}
