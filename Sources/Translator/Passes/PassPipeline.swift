// The passes every block goes through between the lifter and the backend, in order.
// Each pass is a small type with one `run`; each has a golden test on printed IR
// (Tests/TranslatorTests/PassTests.swift).

enum Optimizer {
    static func run(_ block: IRBlock) -> IRBlock {
        var b = block
        RegisterForwarding.run(&b)
        DeadFlagElimination.run(&b)
        return b
    }
}
