// Loading and writing back the guest registers a self-loop keeps in host registers
// (the plan is Passes/LoopPromotion.swift).

extension X64Emitter {
    /// Loads the promoted registers before the loop head.
    mutating func loadPromoted() {
        for p in promotion?.registers ?? [] { asm.load(p.host, Self.state(CPUStateLayout.x(Int(p.guest))), size: 8) }
    }

    /// Writes the promoted registers back (every exit from the loop).
    mutating func storePromoted() {
        for p in promotion?.registers ?? [] { asm.store(Self.state(CPUStateLayout.x(Int(p.guest))), p.host, size: 8) }
    }
}
