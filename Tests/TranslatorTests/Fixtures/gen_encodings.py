#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/encodings.txt: seeded random 32-bit words in the
# encoding spaces of FEAT_LSE (atomic memory operations, CAS, CASP), FEAT_LRCPC2 (LDAPUR/
# STLUR), FEAT_FlagM (MSR immediate with CRn = 0100, RMIF, SETF8/16), the FP/SIMD groups
# holding the estimates, FRINT32/64, scalar SQDMULL-family and FCVT to/from half precision,
# and the hint space (PAC and BTI are NOPs), each with the
# mnemonic GNU objdump gives it (".inst" when it is unallocated): the decoder must accept
# exactly the implemented ones and leave every other word undefined.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_encodings.py
#
# Needs aarch64-linux-gnu-objdump (binutils; it decodes every architecture extension).
# Fields the interesting encodings fix (Rs = 11111 for LDAPR, Rt2 = 11111 for CAS, even
# registers for CASP, ...) are forced with probability 1/2 each so such words are common.
import os, random, struct, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from fixture_files import write_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
PER_SPACE = 2000

# name: (mask, value) of the space, [(mask, value) of fields forced half of the time]
SPACES = {
    "atomic memory ops": (0x3B200C00, 0x38200000,
                          [(0x04000000, 0), (0x001F0000, 0x001F0000), (0x0000F000, 0x0000C000), (0x00C00000, 0x00800000)]),
    "CAS": (0x3FA00000, 0x08A00000, [(0x00007C00, 0x00007C00)]),
    "CASP": (0xBFA00000, 0x08200000, [(0x00007C00, 0x00007C00), (0x00010001, 0)]),
    "LDAPUR/STLUR": (0x3F200C00, 0x19000000, []),
    "MSR (immediate), CRn = 0100": (0xFFFFF000, 0xD5004000, [(0x00000F1F, 0x0000001F), (0x00070000, 0)]),
    "RMIF": (0x1FE07C00, 0x1A000400, [(0xE0000000, 0xA0000000), (0x00000010, 0)]),
    "SETF8/SETF16": (0x1FE03C00, 0x1A000800, [(0xE0000000, 0x20000000), (0x001F8000, 0), (0x0000001F, 0x0000000D)]),
    # FP/SIMD: two-register misc FP opcodes 111xx (estimates, FRINT32/64, ...), vector and scalar
    "SIMD 2-reg misc 111xx": (0x9F3FCC00, 0x0E21C800, [(0x00400000, 0)]),
    "SIMD scalar 2-reg misc 111xx": (0xDF3FCC00, 0x5E21C800, []),
    "SIMD scalar 3-different": (0xDF200C00, 0x5E200000, [(0x20000000, 0), (0x00C00000, 0x00400000)]),
    "FCVT (scalar)": (0xFF3E7C00, 0x1E224000, []),
    "FRINT32/64 (scalar)": (0xFF3E7C00, 0x1E284000, [(0x00800000, 0)]),
    "hint space (NOP, PAC, BTI)": (0xFFFFF01F, 0xD503201F, [(0x00000C00, 0)]),
}


def main():
    rng = random.Random(20250418)
    words = []
    for name, (mask, value, forced) in SPACES.items():
        for _ in range(PER_SPACE):
            w = rng.getrandbits(32)
            for fm, fv in forced:
                if rng.random() < 0.5:
                    w = (w & ~fm) | fv
            words.append((w & ~mask) | value)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.bin")
        open(path, "wb").write(b"".join(struct.pack("<I", w) for w in words))
        out = subprocess.run(["aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64", path],
                             check=True, capture_output=True, text=True).stdout
    mnemonics = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].strip().endswith(":"):
            mnemonics.append(parts[2].split()[0])
    assert len(mnemonics) == len(words), (len(mnemonics), len(words))
    write_fixture("encodings", "gen_encodings.py", "GNU objdump", "hex word, objdump's mnemonic (.inst: unallocated)",
                  [f"{w:08x} {m}" for w, m in zip(words, mnemonics)])
    print(f"{len(words)} words, {sum(m != '.inst' for m in mnemonics)} allocated")


if __name__ == "__main__":
    main()
