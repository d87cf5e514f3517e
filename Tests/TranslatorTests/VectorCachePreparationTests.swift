// The emitter runs the vector cache's per-op step only for ops `needsVectorCachePreparation`
// names (issue 17: most ops are integer ones). An op it wrongly leaves out would skip a flush
// before a helper, a write-back before an atomic that may fault, or the cache's own set-up.
import XCTest
@testable import Translator

final class VectorCachePreparationTests: XCTestCase {
    /// Every op lifted from 300,000 random instruction words (two FPCR modes, so FP ops become
    /// helpers too) agrees with the tables `prepareVectorCache` reads.
    func testPreparationIsNeededExactlyWhenTheStepDoesSomething() {
        var rng = SplitMix64(seed: 17)
        var word: [UInt32] = [0]
        var checked = 0, needed = 0
        for n in 0..<300_000 {
            word[0] = UInt32(truncatingIfNeeded: rng.next())
            word.withUnsafeBufferPointer { code in
                let pc = UInt64(UInt(bitPattern: code.baseAddress!))
                let lifter = Lifter(pc: pc, fpcrMode: n % 2 == 0 ? 0 : 0x0200_0000)
                lifter.liftBlock(at: pc, maxInstructions: 1, fpcrMode: n % 2 == 0 ? 0 : 0x0200_0000)
                for op in lifter.block.ops {
                    let doesSomething: Bool
                    if case .none = op.vectorCacheUse { doesSomething = op.mayFault && !op.faultSiteKeepsVectors } else { doesSomething = true }
                    XCTAssertEqual(op.needsVectorCachePreparation, doesSomething, "\(op)")
                    checked += 1
                    if doesSomething { needed += 1 }
                }
            }
        }
        // Both kinds occur in numbers (the test would pass vacuously otherwise).
        XCTAssertGreaterThan(needed, 10_000)
        XCTAssertGreaterThan(checked - needed, 10_000)
    }
}

/// A small deterministic generator (the test's words are the same on every run).
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
