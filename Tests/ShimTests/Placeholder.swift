import XCTest
final class ShimTestsPlaceholder: XCTestCase { func testNothing() {} }
