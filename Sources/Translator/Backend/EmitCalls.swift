// Guest calls and returns use the host's own return-address prediction: BL/BLR
// become host CALLs (pushing the address of a landing pad after the call) and RET a
// host RET. The landing pad checks that the guest really returned to the instruction
// after its call, and otherwise looks the target up like any indirect branch. The
// host stack under the dispatcher frame holds only these return addresses: a sentinel
// pad at its bottom (pushed on entry, re-pushed when popped) handles a RET with no
// matching call, and a call too deep resets the stack to the sentinel.

/// Code shared by blocks and the entry trampoline for indirect-branch lookups.
enum JumpCache {
    /// The entry of `pc`: its word index (pc >> 2) folded with the bits 16 above it, so
    /// targets a multiple of 256 KiB apart (the same function offset in two libraries,
    /// e.g. a PLT's two callees) do not evict each other at every call. pc 0 maps to
    /// entry 0, whose initial pc (~0) matches nothing.
    static func index(of pc: UInt64, mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((pc ^ (pc >> 16)) >> 2) & mask)
    }

    /// Entry `index(of:)` holds (guest pc, host address); `miss` runs when it does not match.
    /// The table is the running thread's own (its address is in the state block).
    static func emitLookup(_ asm: inout X64Assembler, target: Reg, mask: UInt64,
                           miss: (inout X64Assembler) -> Void) {
        // rcx = index(of: target) * 16, the entry's byte offset: ((t ^ t >> 16) << 2) & (mask << 4).
        asm.mov(.rcx, target)
        asm.shift(.shr, .rcx, imm: 16, is64: true)
        asm.alu(.xor, .rcx, target, is64: true)
        asm.shift(.shl, .rcx, imm: 2, is64: false)
        asm.alu(.and, .rcx, imm: Int32(mask << 4), is64: false)
        asm.load(.rdx, Mem(.r15, CPUStateLayout.jumpCacheTable), size: 8)
        asm.alu(.cmp, target, Mem(.rdx, index: .rcx, scale: 1), is64: true)
        let notFound = asm.jcc(.ne)
        asm.jmpM(Mem(.rdx, index: .rcx, scale: 1, disp: 8))
        asm.patchRel32(at: notFound, target: asm.position)
        miss(&asm)
    }
}

extension X64Emitter {
    /// Bounds the return-address stack: past the limit, drop it and start again at the sentinel.
    mutating func emitReturnStackCheck() {
        asm.alu(.cmp, .rsp, Self.state(CPUStateLayout.returnStackLimit), is64: true)
        let fine = asm.jcc(.a)
        asm.load(.rsp, Self.state(CPUStateLayout.hostSP), size: 8)
        asm.setAbsolute(rel32At: asm.leaRIP(.rcx, position: nil), target: ctx.returnSentinel)   // relocatable
        asm.push(.rcx)
        asm.patchRel32(at: fine, target: asm.position)
    }

    /// The landing pad after a host CALL: continue at `returnTo` if the guest returned
    /// there (rax = guest target of the RET), else look the target up (in the shared stub:
    /// returning elsewhere is rare, and a copy of the lookup per call site was most of the
    /// landing's code).
    mutating func emitReturnLanding(returnTo: UInt64) {
        if let imm = Int32(exactly: Int64(bitPattern: returnTo)) {
            asm.alu(.cmp, .rax, imm: imm, is64: true)
        } else {
            asm.movImm(.rdx, returnTo); asm.alu(.cmp, .rax, .rdx, is64: true)
        }
        asm.jcc(.ne, absolute: ctx.lookupStub)     // relocatable, as every trampoline target
        link(rel32At: asm.jmpPatchable(), to: returnTo)
    }

    /// BL: host CALL to the (chained) target block, landing pad right after it.
    mutating func emitCall(to target: UInt64, returnTo: UInt64) {
        emitReturnStackCheck()
        let site = asm.callPatchable()
        emitReturnLanding(returnTo: returnTo)
        link(rel32At: site, to: target)
    }

    /// BLR: host CALL to a local jump-cache lookup of the target.
    mutating func emitIndirectCall(_ target: Reg, returnTo: UInt64) {
        asm.mov(.rax, target)
        asm.store(Self.state(CPUStateLayout.pc), .rax, size: 8)
        emitReturnStackCheck()
        let site = asm.callPatchable()
        emitReturnLanding(returnTo: returnTo)
        asm.patchRel32(at: site, target: asm.position)
        emitJumpCacheLookup(.rax)
    }

    /// RET: host RET with the guest target in rax (the landing pad checks it).
    mutating func emitReturn(_ target: Reg) {
        asm.mov(.rax, target)
        asm.ret()
    }
}
