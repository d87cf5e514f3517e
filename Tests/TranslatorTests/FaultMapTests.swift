// FaultMap: the block and site of a faulting host pc, for translated blocks (sites copied) and
// for blocks installed from a cache file (sites read in place from the record).
import XCTest
@testable import Translator

final class FaultMapTests: XCTestCase {
    private let sites = [FaultSite(hostOffset: 3, instruction: 0, flagsInEFLAGS: false),
                         FaultSite(hostOffset: 20, instruction: 5, flagsInEFLAGS: true,
                                   vectors: { var v = VectorSlotMap(); v.set(xmm: 7, guest: 30); return v }())]
    private let promoted = [PromotedRegister(guest: 4, host: .rbx), PromotedRegister(guest: 31, host: .rbp)]

    func testTranslatedAndSavedBlocksAnswerTheSame() throws {
        let saved = StoredBlock(guestPC: 0x2000, guestEnd: 0x2040, code: Array(repeating: 0xCC, count: 32),
                                relocations: [], faultSites: sites, promoted: promoted)
        var payload: [UInt8] = []
        CacheFileFormat.appendRecord(saved, to: &payload)
        try payload.withUnsafeBytes { raw in
            let view = try XCTUnwrap(CacheFileFormat.view(in: raw, at: 0))
            var map = FaultMap()
            map.add(FaultMap.Block(guestPC: 0x1000, sites: sites, promoted: promoted), at: 0x10_0000)
            map.add(view, at: 0x10_0100)
            map.add(FaultMap.Block(guestPC: 0x3000, sites: [sites[0]], promoted: []), at: 0x10_0200)
            for (host, pc) in [(UInt(0x10_0000), UInt64(0x1000)), (0x10_0100, 0x2000)] {
                let (b, site) = try XCTUnwrap(map.lookup(hostPC: host + 20))
                XCTAssertEqual(b.guestPC, pc)
                XCTAssertEqual(b.hostStart, host)
                XCTAssertEqual(site, sites[1])
                XCTAssertEqual(b.sites, sites)
                XCTAssertEqual(b.promoted, promoted)
                XCTAssertEqual(try XCTUnwrap(map.lookup(hostPC: host + 3)).site, sites[0])
                XCTAssertNil(map.lookup(hostPC: host + 4), "not an access")
            }
            XCTAssertEqual(try XCTUnwrap(map.lookup(hostPC: 0x10_0203)).block.guestPC, 0x3000)
            XCTAssertNil(map.lookup(hostPC: 0xF_FFFF), "before every block")
            map.removeAll()
            XCTAssertNil(map.lookup(hostPC: 0x10_0114))
        }
    }
}
