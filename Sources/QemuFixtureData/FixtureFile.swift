// The known-answer data files (Data/*.txt, written by Tests/TranslatorTests/Fixtures/gen_*.py),
// as compiled into the binary by Embed/fixture_files.c.
import QemuFixtureFiles

public enum FixtureFile: CaseIterable, Sendable {
    /// FP/SIMD single instructions in every FPCR mode (gen_outofline.py).
    case outOfLine
    /// FP/SIMD cases whose whole FPSR is compared (gen_fpstatus.py).
    case floatStatus
    /// Chains of 2-8 FP/SIMD instructions run as one block (gen_simd_chains.py).
    case simdChains
    /// Integer and load/store instructions, flag chains, spill-heavy blocks (gen_integer.py).
    case integer
    /// LSE atomics, RCpc loads/stores, FlagM under qemu -cpu max (gen_atomics.py).
    case atomics
    /// Random words labelled by GNU objdump: "word mnemonic" (gen_encodings.py).
    case encodings

    private var id: QemuFixtureFileID {
        switch self {
        case .outOfLine: QEMU_FIXTURE_OUTOFLINE
        case .floatStatus: QEMU_FIXTURE_FP_STATUS
        case .simdChains: QEMU_FIXTURE_SIMD_CHAINS
        case .integer: QEMU_FIXTURE_INTEGER
        case .atomics: QEMU_FIXTURE_ATOMICS
        case .encodings: QEMU_FIXTURE_ENCODINGS
        }
    }

    /// The file's lines (all its parts, in order), without the "#" header lines.
    public var lines: [Substring] {
        var lines: [Substring] = []
        var part: UInt32 = 0
        while case let data = qemu_fixture_part(id, part), data.count > 0 {
            let text = String(decoding: UnsafeRawBufferPointer(start: data.bytes, count: Int(data.count)), as: UTF8.self)
            lines += FixtureFile.caseLines(text)
            part += 1
        }
        return lines
    }

    /// The case lines of a fixture text: not empty, not a "#" comment.
    public static func caseLines(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }.map { Substring($0) }
    }
}
