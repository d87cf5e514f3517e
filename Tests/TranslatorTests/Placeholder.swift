import XCTest
final class TranslatorTestsPlaceholder: XCTestCase { func testNothing() {} }
