// The passes every block goes through between the lifter and the backend, in order.
// Each pass is a small type with one `run`; each has a golden test on printed IR
// (Tests/TranslatorTests/PassTests.swift).

enum Optimizer {
    static func run(_ block: IRBlock) -> IRBlock {
        var b = block
        optimize(&b)
        return b
    }

    /// The passes in place (the engine's block, whose storage is reused).
    static func optimize(_ b: inout IRBlock) {
        RegisterForwarding.run(&b)
        ConstantFolding.run(&b)     // after forwarding: a register set to a constant and read back folds
        DeadFlagElimination.run(&b)
    }
}
