// The cases `compat-run selftest` runs: the qemu-computed fixtures of Sources/QemuFixtureData
// (the translator's tests check the same known answers), by class.
import QemuFixtureData

enum SelfTestClass: String, CaseIterable {
    case int, mem, fp
}

extension FixtureCase {
    /// FP/SIMD cases are "fp"; integer-layout cases with a memory buffer "mem", the others "int"
    /// (the atomics fixture's FlagM instructions, for one).
    var selfTestClass: SelfTestClass { layout.hasFP ? .fp : memBase == nil ? .int : .mem }
}

enum SelfTestFixtures {
    static func load(_ classes: Set<SelfTestClass>) -> [FixtureCase] {
        var out: [FixtureCase] = []
        if classes.contains(.int) || classes.contains(.mem) {
            out += (FixtureCases.integer + FixtureCases.atomics).filter { classes.contains($0.selfTestClass) }
        }
        if classes.contains(.fp) { out += FixtureCases.outOfLine + FixtureCases.simdChains }
        return out
    }
}
