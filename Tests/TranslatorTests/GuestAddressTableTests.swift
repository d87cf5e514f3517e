// The code cache's block map and page index table, against Swift's Dictionary as the model.
import XCTest
@testable import Translator

final class GuestAddressTableTests: XCTestCase {
    /// Seeded inserts, overwrites and removals (clustered keys, so probe chains wrap and
    /// backward-shift deletion moves entries), growth, then removeAll; with the block map's
    /// filter, the page index's small one and a one-word filter (a bit set for nearly every key).
    func testMatchesDictionary() {
        for filterWordsLog2 in [13, 9, 0] { checkAgainstDictionary(GuestAddressTable(capacity: 16, filterWordsLog2: filterWordsLog2)) }
    }

    private func checkAgainstDictionary(_ table: GuestAddressTable) {
        var seed: UInt64 = 0x1234_5678
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        var model: [UInt64: UInt64] = [:]
        let base: UInt64 = 0x6000_0000_0000
        for step in 0..<60_000 {
            let key = base + 4 * (next() % 5_000)
            switch next() % 4 {
            case 0, 1: let v = next(); table[key] = v; model[key] = v
            case 2: table[key] = nil; model[key] = nil
            default: XCTAssertEqual(table[key], model[key], "step \(step)")
            }
            XCTAssertEqual(table.count, model.count)
        }
        for (k, v) in model { XCTAssertEqual(table[k], v) }
        var seen = 0
        table.forEach { k, v in XCTAssertEqual(model[k], v); seen += 1 }
        XCTAssertEqual(seen, model.count)
        XCTAssertNil(table[base + 2])      // never inserted
        table.removeAll()
        XCTAssertEqual(table.count, 0)
        for k in model.keys.prefix(100) { XCTAssertNil(table[k]) }
    }
}
