// IR as text, for `-d op`/`op_opt`, `compat-run inspect --ir` and the pass tests:
// `%3 = add.64 %1, %2 !flags`, `setReg x0, %3`, `br.cond ne, 0x4010, 0x4008`.
// Every op has a line of its own (exhaustive switch: a new op must say how it prints).

extension IROp: CustomStringConvertible {
    public var description: String {
        switch self {
        case .const(let d, let c): return "\(d) = const \(hex(c))"
        case .getReg(let d, let r): return "\(d) = getReg \(gpr(r))"
        case .setReg(let r, let v): return "setReg \(gpr(r)), \(v)"
        case .loadState(let d, let off, let size): return "\(d) = loadState.\(size) state[\(hex(off))]"
        case .storeState(let off, let v, let size): return "storeState.\(size) state[\(hex(off))], \(v)"
        case .binary(let op, let d, let a, let b, let is64, let flags):
            return "\(d) = \(op.rawValue).\(width(is64)) \(a), \(b)\(flags == .set ? " !flags" : "")"
        case .unary(let op, let d, let a, let is64): return "\(d) = \(op.rawValue).\(width(is64)) \(a)"
        case .addScaled(let d, let a, let b, let shift, let is64): return "\(d) = addScaled.\(width(is64)) \(a), \(b) << \(shift)"
        case .extend(let d, let v, let bits, let signed): return "\(d) = \(signed ? "sext" : "zext")\(bits) \(v)"
        case .select(let c, let d, let a, let b, let is64): return "\(d) = select.\(width(is64)) \(c), \(a), \(b)"
        case .condCompare(let c, let a, let b, let is64, let add, let nzcv):
            return "\(add ? "condCmn" : "condCmp").\(width(is64)) \(c), \(a), \(b), else nzcv=\(nzcv) !flags"
        case .load(let d, let a, let disp, let size, let signed, let is64):
            return "\(d) = load.\(signed ? "s" : "u")\(size)\(signed && !is64 ? ".32" : "") \(mem(a, disp))"
        case .store(let v, let a, let disp, let size): return "store.\(size) \(mem(a, disp)), \(v)"
        case .storeRelease(let v, let a, let size): return "storeRelease.\(size) \(mem(a, 0)), \(v)"
        case .loadExclusive(let d, let a, let size): return "\(d) = loadExclusive.\(size) \(mem(a, 0))"
        case .storeExclusive(let d, let v, let a, let size): return "\(d) = storeExclusive.\(size) \(mem(a, 0)), \(v)"
        case .loadExclusivePair(let d, let a): return "\(d) = loadExclusivePair \(mem(a, 0))"
        case .storeExclusivePair(let d, let lo, let hi, let a): return "\(d) = storeExclusivePair \(mem(a, 0)), \(lo), \(hi)"
        case .clearExclusive: return "clearExclusive"
        case .fence: return "fence"
        case .readMXCSR(let d): return "\(d) = readMXCSR"
        case .writeMXCSR(let v): return "writeMXCSR \(v)"
        case .checkAlignment(let a, let disp, let size): return "checkAlignment.\(size) \(mem(a, disp))"
        case .atomicRMW(let op, let d, let a, let s, let size): return "\(d) = atomic.\(op.rawValue).\(size) \(mem(a, 0)), \(s)"
        case .compareAndSwap(let d, let a, let e, let n, let size): return "\(d) = cas.\(size) \(mem(a, 0)), \(e), \(n)"
        case .compareAndSwapPair(let d, let a, let el, let eh, let nl, let nh):
            return "\(d) = casp \(mem(a, 0)), \(el):\(eh), \(nl):\(nh)"
        case .getNZCV(let d): return "\(d) = getNZCV"
        case .setNZCV(let v): return "setNZCV \(v) !flags"
        case .vecLoad(let r, let a, let disp, let size): return "vecLoad.\(size) \(vreg(r)), \(mem(a, disp))"
        case .vecStore(let r, let a, let disp, let size): return "vecStore.\(size) \(mem(a, disp)), \(vreg(r))"
        case .vecToGPR(let d, let n, let lane, let size, let signed):
            return "\(d) = vecToGPR.\(signed ? "s" : "u")\(size) \(vreg(n))[\(lane)]"
        case .gprToVec(let r, let v, let lane, let size, let zeroRest):
            return "gprToVec.\(size) \(vreg(r))[\(lane)], \(v)\(zeroRest ? " zeroRest" : "")"
        case .vecDup(let r, let v, let size, let q): return "vecDup.\(size)\(half(q)) \(vreg(r)), \(v)"
        case .vecConst(let r, let lo, let hi): return "vecConst \(vreg(r)), \(hex(hi)):\(hex(lo))"
        case .vecLogicalImmediate(let r, let imm, let orr, let q): return "\(orr ? "vecOrrImm" : "vecBicImm")\(half(q)) \(vreg(r)), \(hex(imm))"
        case .vecExtract(let d, let n, let m, let imm, let q): return "vecExtract\(half(q)) \(vreg(d)), \(vreg(n)), \(vreg(m)), #\(imm)"
        case .vecShiftImmediate(let k, let d, let n, let esize, let shift, let q):
            return "vec.\(k.rawValue).\(esize)\(half(q)) \(vreg(d)), \(vreg(n)), #\(shift)"
        case .vecWiden(let d, let n, let esize, let signed, let upper, let shift):
            return "vecWiden.\(signed ? "s" : "u")\(esize)\(upper ? ".upper" : "") \(vreg(d)), \(vreg(n)), #\(shift)"
        case .vecFloatBinary(let op, let d, let n, let m, let double, let q):
            return "vec.f\(op.rawValue).\(double ? "f64" : "f32")\(half(q)) \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .vecDupElement(let d, let n, let lane, let size, let q): return "vecDupElement.\(size)\(half(q)) \(vreg(d)), \(vreg(n))[\(lane)]"
        case .vecShuffleBytes(let d, let n, let lo, let hi, let q):
            return "vecShuffleBytes\(half(q)) \(vreg(d)), \(vreg(n)), \(hex(hi)):\(hex(lo))"
        case .vecShiftNarrowHalves(let d, let n, let shift): return "vecShiftNarrowHalves \(vreg(d)), \(vreg(n)), #\(shift)"
        case .vecBinary(let op, let d, let n, let m, let esize, let q): return "vec.\(op.rawValue).\(esize)\(half(q)) \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .fpBinary(let op, let d, let n, let m, let double): return "f\(op.rawValue).\(fp(double)) \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .fpUnary(let op, let d, let n, let double): return "f\(op.rawValue).\(fp(double)) \(vreg(d)), \(vreg(n))"
        case .fpFused(let d, let n, let m, let a, let double, let negProduct, let negAddend):
            return "fma.\(fp(double)) \(vreg(d)), \(negProduct ? "-" : "")\(vreg(n))*\(vreg(m)) + \(negAddend ? "-" : "")\(vreg(a))"
        case .fpCompare(let n, let m, let double, let signaling):
            return "\(signaling ? "fcmpe" : "fcmp").\(fp(double)) \(vreg(n)), \(m.map(vreg) ?? "#0.0") !flags"
        case .fpSelect(let c, let d, let n, let m, let double): return "fselect.\(fp(double)) \(c), \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .fpConvertPrecision(let d, let n, let toDouble): return "fcvt.\(toDouble ? "f32.f64" : "f64.f32") \(vreg(d)), \(vreg(n))"
        case .intToFP(let r, let v, let double, let srcIs64, let signed):
            return "\(signed ? "scvtf" : "ucvtf").\(width(srcIs64)).\(fp(double)) \(vreg(r)), \(v)"
        case .fpToInt(let d, let n, let double, let dstIs64, let signed):
            return "\(d) = \(signed ? "fcvtzs" : "fcvtzu").\(fp(double)).\(width(dstIs64)) \(vreg(n))"
        case .helper(let kind, let args, let result):
            let call = "helper \(kind)" + (args.values.isEmpty ? "" : "(" + args.values.map(\.description).joined(separator: ", ") + ")")
            return result.map { "\($0) = \(call)" } ?? call
        case .vecFloatFused(let d, let n, let m, let double, let q, let negProduct):
            return "vec.ffma.\(fp(double))\(half(q)) \(vreg(d)), \(negProduct ? "-" : "")\(vreg(n))*\(vreg(m)) + \(vreg(d))"
        case .vecWideBinary(let op, let d, let n, let m, let esize, let signed, let upper):
            return "vec.\(signed ? "s" : "u")\(op.rawValue).\(esize)\(upper ? ".upper" : "") \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .vecNarrow(let d, let n, let esize, let shift, let upper):
            return "vecNarrow.\(esize)\(upper ? ".upper" : "") \(vreg(d)), \(vreg(n)), #\(shift)"
        case .vecReduce(let op, let d, let n, let esize, let q): return "vec.\(op.rawValue).\(esize)\(half(q)) \(vreg(d)), \(vreg(n))"
        case .vecCrypto(let op, let d, let n, let m): return "vec.\(op.rawValue) \(vreg(d)), \(vreg(n)), \(vreg(m))"
        case .vecTableLookup(let d, let first, let count, let m, let q, let keep):
            return "\(keep ? "vecTbx" : "vecTbl")\(half(q)) \(vreg(d)), {\(vreg(first))+\(count)}, \(vreg(m))"
        case .vecStructures(let first, let count, let a, let esize, let q, let load):
            return "\(load ? "vecLoadStructures" : "vecStoreStructures").\(esize)\(half(q)) {\(vreg(first))+\(count)}, \(mem(a, 0))"
        case .sideExit(let c, let taken, let live): return "\(branchTest(c, "exit")), \(hex(taken))\(live ? "" : " !flagsdead")"
        }
    }
}

extension HelperKind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .semantic(let operation): return "\(operation)"
        case .readNZCV: return "readNZCV"
        case .writeNZCV: return "writeNZCV"
        case .readCounter: return "readCounter"
        case .dcZVA: return "dcZVA"
        case .crc32(let variant): return "crc32 \(variant)"
        }
    }
}

extension Terminator: CustomStringConvertible {
    public var description: String {
        switch self {
        case .jump(let t): return "br \(hex(t))"
        case .branch(let c, let taken, let notTaken):
            return "\(branchTest(c, "br")), \(hex(taken)), else \(hex(notTaken))"
        case .indirect(let v): return "br.indirect \(v)"
        case .call(let t, let returnTo): return "call \(hex(t)), return \(hex(returnTo))"
        case .callIndirect(let v, let returnTo): return "call.indirect \(v), return \(hex(returnTo))"
        case .ret(let v): return "ret \(v)"
        case .exit(let code, let pc): return "exit \(code), pc \(hex(pc))"
        }
    }
}

extension Cond: CustomStringConvertible {
    public var description: String {
        ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"][Int(rawValue)]
    }
}

extension IRBlock {
    /// The block as text: ops grouped under the guest instruction they came from
    /// (`;; 0xPC`), then the terminator and the flag liveness the passes used.
    public var text: String {
        var out = ""
        var last = -1
        for (i, op) in ops.enumerated() {
            let insn = i < opInstruction.count ? Int(opInstruction[i]) : 0
            if insn != last { out += ";; \(hex(guestPC &+ 4 * UInt64(insn)))\n"; last = insn }
            out += "  \(op)\n"
        }
        out += "  \(terminator)\n"
        if !flagsLiveOut { out += "  ; flags dead after the block\n" }
        return out
    }
}

private func hex<T: BinaryInteger>(_ v: T) -> String {
    v < 0 ? "-0x" + String(v.magnitude, radix: 16) : "0x" + String(v, radix: 16)
}
private func width(_ is64: Bool) -> String { is64 ? "64" : "32" }
private func fp(_ double: Bool) -> String { double ? "f64" : "f32" }
/// ".8b"-style halves are left to the disassembly: only the 64-bit (upper half cleared) forms are marked.
private func half(_ q: Bool) -> String { q ? "" : ".lo" }
/// A getReg/setReg operand: register 31 is SP there (XZR is a constant).
private func gpr(_ r: GPR) -> String { r.isZROrSP ? "sp" : "x\(r.number)" }
private func vreg(_ r: UInt8) -> String { "v\(r)" }
private func mem(_ a: Value, _ disp: Int32) -> String { disp == 0 ? "[\(a)]" : "[\(a) \(disp < 0 ? "-" : "+") \(hex(disp.magnitude))]" }

/// A branch condition as the printer shows it: `br.cond ne`, `exit.zero.64 %3`, `br.bitset %2[5]`.
private func branchTest(_ c: BranchCondition, _ prefix: String) -> String {
    switch c {
    case .flags(let cond): return "\(prefix).cond \(cond)"
    case .zero(let v, let is64): return "\(prefix).zero.\(is64 ? "64" : "32") \(v)"
    case .nonZero(let v, let is64): return "\(prefix).nonzero.\(is64 ? "64" : "32") \(v)"
    case .bitZero(let v, let bit): return "\(prefix).bitclear \(v)[\(bit)]"
    case .bitSet(let v, let bit): return "\(prefix).bitset \(v)[\(bit)]"
    }
}
