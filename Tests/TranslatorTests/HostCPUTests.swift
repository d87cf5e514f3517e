import Foundation
import XCTest
@testable import Translator

/// CPUID decoding against the kernel's own reading of it (/proc/cpuinfo's flags).
final class HostCPUTests: XCTestCase {
    func testFeaturesMatchProcCPUInfo() throws {
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
            throw XCTSkip("no flags line in /proc/cpuinfo")
        }
        let flags = Set(line.split(separator: " ").map(String.init))
        let names: [(HostCPU, String)] = [
            (.avx2, "avx2"), (.fma, "fma"), (.bmi1, "bmi1"), (.bmi2, "bmi2"), (.lzcnt, "abm"), (.sse42, "sse4_2"),
            (.popcnt, "popcnt"), (.aes, "aes"), (.pclmul, "pclmulqdq"), (.sha, "sha_ni"),
        ]
        for (feature, flag) in names {
            XCTAssertEqual(HostCPU.current.contains(feature), flags.contains(flag), flag)
        }
    }

    func testMissingRequirementsNameWhatIsAbsent() {
        XCTAssertEqual(HostCPU.missingRequirements.isEmpty, HostCPU.current.isSuperset(of: HostCPU(HostCPU.required.map(\.0))))
    }
}
