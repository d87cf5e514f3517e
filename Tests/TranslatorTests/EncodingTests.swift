import QemuFixtureData
import XCTest
@testable import Translator

/// Random words in the FEAT_LSE / LRCPC2 / FlagM encoding spaces, the FP/SIMD groups of the
/// estimates, FRINT32/64, scalar SQDMULL and half-precision FCVT, and the hint space (Data/encodings.txt,
/// Fixtures/gen_encodings.py, labelled by GNU objdump): exactly the words whose mnemonic is
/// an implemented instruction translate to something other than a guest SIGILL, and every
/// word translates without a host crash.
final class EncodingTests: XCTestCase {
    /// Mnemonics of the instructions this space holds that compat-run implements.
    static let implemented: Set<String> = {
        var s: Set<String> = ["ldapr", "ldaprb", "ldaprh", "ldapur", "ldapurb", "ldapurh", "ldapursb", "ldapursh",
                              "ldapursw", "stlur", "stlurb", "stlurh", "cfinv", "axflag", "xaflag", "rmif", "setf8", "setf16"]
        // FP/SIMD groups: every allocated form but BFCVT (FEAT_BF16).
        s.formUnion(["fcvtas", "fcvtau", "scvtf", "ucvtf", "frint32z", "frint32x", "frint64z", "frint64x", "urecpe",
                     "ursqrte", "frecpe", "frsqrte", "frecpx", "fsqrt", "sqdmull", "sqdmlal", "sqdmlsl", "fcvt"])
        // The hint space: all NOPs (PAC and BTI are not advertised, so they behave as NOPs).
        s.formUnion(["hint", "nop", "yield", "wfe", "wfi", "sev", "sevl", "dgh", "esb", "psb", "tsb", "csdb", "bti",
                     "clearbhb", "xpaclri", "pacia1716", "pacib1716", "autia1716", "autib1716", "paciaz", "paciasp",
                     "pacibz", "pacibsp", "autiaz", "autiasp", "autibz", "autibsp"])
        let ops = ["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"]
        for order in ["", "a", "l", "al"] {
            s.insert("casp" + order)
            for size in ["", "b", "h"] {
                for op in ops { s.insert("ld" + op + order + size) }
                s.insert("swp" + order + size)
                s.insert("cas" + order + size)
                if order == "" || order == "l" { for op in ops { s.insert("st" + op + order + size) } }
            }
        }
        return s
    }()

    func testExactlyTheImplementedWordsDecode() {
        let lines = FixtureFile.encodings.lines
        XCTAssertGreaterThan(lines.count, 10_000)
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)
        defer { code.deallocate() }
        let pc = UInt64(UInt(bitPattern: code))
        var failures = 0, allocated = 0
        for line in lines {
            let parts = line.split(separator: " ")
            let word = UInt32(parts[0], radix: 16)!, mnemonic = String(parts[1])
            code[0] = word; code[1] = A64Harness.svc
            let block = Lifter.liftBlock(at: pc, maxInstructions: 1)
            var undefined = false
            if case .exit(.undefined, let at) = block.terminator, at == pc { undefined = true }
            let want = Self.implemented.contains(mnemonic)
            if want { allocated += 1 }
            if undefined == want {
                failures += 1
                if failures <= 20 { XCTFail("\(parts[0]) (\(mnemonic)): \(undefined ? "undefined" : "translated")") }
            }
        }
        XCTAssertEqual(failures, 0)
        XCTAssertGreaterThan(allocated, 5000)
    }

    /// Every word of the fixture goes through lifting, the passes, the emitter and the code cache.
    func testEveryWordTranslates() {
        let lines = FixtureFile.encodings.lines
        let engine = Engine()
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * lines.count)
        defer { code.deallocate() }
        for (i, line) in lines.enumerated() {
            code[2 * i] = UInt32(line.split(separator: " ")[0], radix: 16)!
            code[2 * i + 1] = A64Harness.svc
            XCTAssertNotEqual(engine.hostCode(for: UInt64(UInt(bitPattern: code + 2 * i))), 0)
        }
    }
}
