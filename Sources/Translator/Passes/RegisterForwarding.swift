// Guest register get/set forwarding inside a block: a read of a register whose
// value the block already has (read or written earlier) reuses that SSA value, and
// a register write that is overwritten before anything could observe it is dropped.
// Helper calls observe and may change the whole state, so they end both windows.

enum RegisterForwarding {
    /// No register's value or pending store is known (an SSA id / op index of -1).
    private static let none: Int32 = -1

    /// Rewrites the block in place: kept ops slide down over dropped ones, so the pass
    /// allocates nothing on the heap (its tables are stack temporaries; translation is hot).
    static func run(_ b: inout IRBlock) {
        let valueCount = Int(b.valueCount), opCount = b.ops.count
        // known[r], pendingStore[r] (32 each), rename[v] (valueCount), dead[i] (opCount): all Int32.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64 + valueCount + opCount) { scratch in
            let known = UnsafeMutableBufferPointer(rebasing: scratch[0..<32])
            let pendingStore = UnsafeMutableBufferPointer(rebasing: scratch[32..<64])
            let rename = UnsafeMutableBufferPointer(rebasing: scratch[64..<(64 + valueCount)])
            let dead = UnsafeMutableBufferPointer(rebasing: scratch[(64 + valueCount)...])
            scratch.initialize(repeating: none)
            var renamed = false, anyDead = false
            var kept = 0
            b.ops.withUnsafeMutableBufferPointer { ops in
                b.opInstruction.withUnsafeMutableBufferPointer { instruction in
                    for index in 0..<opCount {
                        var op = ops[index]
                        if renamed { renameUses(&op, rename) }
                        if case .getReg(let d, let r) = op {
                            if known[r.index] != none { rename[d.index] = known[r.index]; renamed = true; continue }
                            known[r.index] = d.id
                        } else if case .setReg(let r, let v) = op {
                            if pendingStore[r.index] != none { dead[Int(pendingStore[r.index])] = 1; anyDead = true }
                            known[r.index] = v.id
                            pendingStore[r.index] = Int32(kept)
                        } else if op.callsHelper {
                            known.update(repeating: none)
                            pendingStore.update(repeating: none)
                        } else if op.mayFault || op.exitsEarly {
                            // A fault or a side exit here shows the guest registers in the state:
                            // earlier writes must stay.
                            pendingStore.update(repeating: none)
                        }
                        ops[kept] = op
                        instruction[kept] = instruction[index]
                        kept += 1
                    }
                    if anyDead {
                        var out = 0
                        for i in 0..<kept where dead[i] == none {
                            ops[out] = ops[i]; instruction[out] = instruction[i]; out += 1
                        }
                        kept = out
                    }
                }
            }
            if kept < opCount {
                b.ops.truncate(to: kept)
                b.opInstruction.truncate(to: kept)
            }
            if renamed { b.terminator = b.terminator.mapUses { rename[$0.index] == none ? $0 : Value(rename[$0.index]) } }
        }
    }

    /// Points `op`'s uses of forwarded reads at the values they forward to. Most ops use none:
    /// looking (inline) costs less than rebuilding every op through `mapUses`.
    @inline(__always)
    private static func renameUses(_ op: inout IROp, _ rename: UnsafeMutableBufferPointer<Int32>) {
        var any = false
        op.forEachUse { if rename[$0.index] != none { any = true } }
        if any { op = op.mapUses { rename[$0.index] == none ? $0 : Value(rename[$0.index]) } }
    }
}
