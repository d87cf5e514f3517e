// ContentHash.of tells versions of a mapping apart: any one changed bit, anywhere (in the
// 64-byte stripes, the 16-byte steps or the tail), and any other length give another hash.
import XCTest
@testable import Translator

final class ContentHashTests: XCTestCase {
    private func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { ContentHash.of($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: $0.count) }
    }

    func testEveryFlippedBitAndLengthChangesTheHash() {
        let bytes = (0..<203).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let original = hash(bytes)
        XCTAssertEqual(hash(bytes), original, "the same bytes, the same hash")
        var seen: Set<UInt64> = [original]
        for i in bytes.indices {
            for bit in 0..<8 {
                var changed = bytes
                changed[i] ^= UInt8(1 << bit)
                XCTAssertTrue(seen.insert(hash(changed)).inserted, "byte \(i) bit \(bit)")
            }
        }
        for n in 0..<bytes.count { XCTAssertTrue(seen.insert(hash(Array(bytes[..<n]))).inserted, "length \(n)") }
        XCTAssertNotEqual(hash([UInt8](repeating: 0, count: 64)), hash([UInt8](repeating: 0, count: 128)))
    }
}
