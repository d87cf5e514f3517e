import XCTest
final class LoaderTestsPlaceholder: XCTestCase { func testNothing() {} }
