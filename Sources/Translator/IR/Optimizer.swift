// IR passes run on every block before emission.

enum Optimizer {
    static func run(_ block: IRBlock) -> IRBlock {
        var b = block
        RegisterForwarding.run(&b)
        DeadFlagElimination.run(&b)
        return b
    }
}

/// Most NZCV writes are overwritten before anything reads them; drop them so the
/// backend neither computes nor saves those flags.
enum DeadFlagElimination {
    static func run(_ b: inout IRBlock) {
        var live = true   // flags are live out of every block
        for i in b.ops.indices.reversed() {
            let op = b.ops[i]
            if op.writesFlags {
                if !live, case .binary(let o, let d, let x, let y, let is64, .set) = op {
                    b.ops[i] = .binary(o, d, x, y, is64: is64, flags: .none)
                }
                live = false
            }
            if op.readsFlags { live = true }
            if case .helper = op { live = true }
        }
    }
}
