// The code cache's guest pc -> host map against a Dictionary doing the same operations.
import XCTest
@testable import Translator

final class BlockMapTests: XCTestCase {
    func testMatchesADictionaryThroughGrowthRemovalAndClearing() {
        let map = BlockMap(capacity: 8)
        var model: [UInt64: UInt] = [:]
        var seed: UInt64 = 0x1234_5678
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 20 }
        for round in 0..<20_000 {
            let pc = (next() % 4096) * 4 + 0x40_0000
            switch next() % 4 {
            case 0: map[pc] = nil; model[pc] = nil
            default: let host = UInt(next()); map[pc] = host; model[pc] = host
            }
            if round % 997 == 0 { map.reserveCapacity(map.count + 100) }
        }
        XCTAssertEqual(map.count, model.count)
        for i in 0..<4096 { let pc = UInt64(i) * 4 + 0x40_0000; XCTAssertEqual(map[pc], model[pc]) }
        XCTAssertNil(map[1], "an unaligned pc is never a block (and never matches a free slot)")
        XCTAssertNil(map[3])
        map.removeAll(keepingCapacity: true)
        XCTAssertEqual(map.count, 0)
        XCTAssertNil(map[0x40_0000])
        map[0x40_0000] = 7
        XCTAssertEqual(map[0x40_0000], 7)
    }
}
