// Guest register get/set forwarding inside a block: a read of a register whose
// value the block already has (read or written earlier) reuses that SSA value, and
// a register write that is overwritten before anything could observe it is dropped.
// Helper calls observe and may change the whole state, so they end both windows.

enum RegisterForwarding {
    static func run(_ b: inout IRBlock) {
        var known: [Value?] = Array(repeating: nil, count: 32)
        var pendingStore: [Int?] = Array(repeating: nil, count: 32)
        // rename[v] >= 0: uses of v read that value instead (arrays, not hashing: translation is hot).
        var rename = [Value?](repeating: nil, count: Int(b.valueCount))
        var renamed = false
        var out: [IROp] = [], outInstruction: [UInt16] = []
        out.reserveCapacity(b.ops.count)
        outInstruction.reserveCapacity(b.ops.count)
        var dead = [Bool]()
        for (index, op) in b.ops.enumerated() {
            let op = renamed ? op.mapUses { rename[$0.index] ?? $0 } : op
            if case .getReg(let d, let r) = op {
                if let v = known[r.index] { rename[d.index] = v; renamed = true; continue }
                known[r.index] = d
            } else if case .setReg(let r, let v) = op {
                if let prev = pendingStore[r.index] {
                    if dead.isEmpty { dead = [Bool](repeating: false, count: b.ops.count) }
                    dead[prev] = true
                }
                known[r.index] = v
                pendingStore[r.index] = out.count
            } else if op.callsHelper {
                known = Array(repeating: nil, count: 32)
                pendingStore = Array(repeating: nil, count: 32)
            } else if op.mayFault {
                // A fault here shows the guest registers in the state: earlier writes must stay.
                pendingStore = Array(repeating: nil, count: 32)
            }
            out.append(op)
            outInstruction.append(b.opInstruction[index])
        }
        if !dead.isEmpty {
            let keep = out.indices.filter { !dead[$0] }
            out = keep.map { out[$0] }
            outInstruction = keep.map { outInstruction[$0] }
        }
        b.ops = out
        b.opInstruction = outInstruction
        if renamed { b.terminator = b.terminator.mapUses { rename[$0.index] ?? $0 } }
    }
}
