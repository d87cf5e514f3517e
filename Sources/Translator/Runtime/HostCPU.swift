// The host CPU features generated code uses. The x86-64-v3 features the emitters use freely
// (VEX forms, AVX2, FMA3, ANDN/TZCNT, SHLX/SHRX/SARX, LZCNT, POPCNT, SSE4) are required.
// AES-NI, PCLMULQDQ and the SHA extensions are not part of any x86-64 level, so the Arm crypto
// instructions that map onto them are inline only where the host has them (else out of
// line); which of them the code uses is part of the persistent cache key.
import CSupport

public struct HostCPU: OptionSet, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let avx2 = HostCPU(rawValue: 1 << 0)
    public static let fma = HostCPU(rawValue: 1 << 1)
    public static let bmi1 = HostCPU(rawValue: 1 << 2)
    public static let lzcnt = HostCPU(rawValue: 1 << 3)
    public static let sse42 = HostCPU(rawValue: 1 << 4)
    public static let popcnt = HostCPU(rawValue: 1 << 5)
    public static let aes = HostCPU(rawValue: 1 << 6)
    public static let pclmul = HostCPU(rawValue: 1 << 7)
    public static let sha = HostCPU(rawValue: 1 << 8)
    public static let bmi2 = HostCPU(rawValue: 1 << 9)

    /// What the emitters assume, with the name each is reported by.
    static let required: [(HostCPU, String)] = [
        (.sse42, "SSE4.2"), (.popcnt, "POPCNT"), (.avx2, "AVX2"), (.fma, "FMA3"), (.bmi1, "BMI1"),
        (.bmi2, "BMI2"), (.lzcnt, "LZCNT"),
    ]

    /// This machine's features (CPUID leaves 1, 7 and 0x80000001), read once.
    public static let current: HostCPU = {
        var leaf1: [UInt32] = [0, 0, 0, 0], leaf7: [UInt32] = [0, 0, 0, 0], extended: [UInt32] = [0, 0, 0, 0]
        cr_cpuid(1, 0, &leaf1)
        cr_cpuid(7, 0, &leaf7)
        cr_cpuid(0x8000_0001, 0, &extended)
        func bit(_ word: UInt32, _ n: UInt32) -> Bool { word >> n & 1 != 0 }
        var f: HostCPU = []
        let table: [(Bool, HostCPU)] = [
            (bit(leaf1[2], 20), .sse42), (bit(leaf1[2], 23), .popcnt), (bit(leaf1[2], 12), .fma),
            (bit(leaf1[2], 25), .aes), (bit(leaf1[2], 1), .pclmul),
            (bit(leaf7[1], 5), .avx2), (bit(leaf7[1], 3), .bmi1), (bit(leaf7[1], 8), .bmi2), (bit(leaf7[1], 29), .sha),
            (bit(extended[2], 5), .lzcnt),
        ]
        for (present, feature) in table where present { f.insert(feature) }
        // AVX state must be enabled by the OS (OSXSAVE and XCR0's SSE/AVX bits).
        if !bit(leaf1[2], 27) || cr_xgetbv0() & 0b110 != 0b110 { f.remove([.avx2, .fma]) }
        return f
    }()

    /// The features translation may use: `current`, narrowed by tests that check the
    /// out-of-line paths too.
    nonisolated(unsafe) public static var usable: HostCPU = current

    /// The names of required features this host lacks (empty: compat-run can run here).
    public static var missingRequirements: [String] {
        required.filter { !current.contains($0.0) }.map(\.1)
    }

    /// The optional features that change generated code (a persistent cache key word).
    static var codeShapingWord: UInt64 { usable.intersection([.aes, .pclmul, .sha]).rawValue }
}
