#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/outofline.txt: known answers for the
# out-of-line FP/SIMD semantics, computed by running each instruction (from
# instructions.py) under qemu-aarch64 on seeded edge-case and random inputs.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_outofline.py
#
# Needs aarch64-linux-gnu-gcc and qemu-aarch64. For every case the generated program
# loads V0-V7, X0-X7, NZCV and FPCR from a table, clears FPSR, runs the instruction,
# and stores V0-V7, X0-X7, NZCV, FPSR, the instruction word and (memory forms) the
# address of its 128-byte buffer. Line format of the fixture, fields separated by
# spaces: word mem | 16 V halves, 8 X, nzcv, fpcr [, 128-byte buffer] | outputs (X0 of
# a memory form relative to its buffer; FPSR reduced to QC) # assembly text.
# Input kinds f32m/f64m (FPCR mode cases) draw subnormal, near-normal-limit and
# near-overflow operands and a random FPCR.FZ, RMode and DN.
import os, random, struct, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from instructions import lst
from fixture_files import WRITE_RESULTS_AND_EXIT, write_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
M64 = (1 << 64) - 1

F32 = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000,
       0x7F800000, 0xFF800000, 0x7FC00000, 0x7FC12345, 0xFFC00001, 0x7F800001, 0xFF812345, 0x00000001,
       0x807FFFFF, 0x7F7FFFFF, 0x4F000000, 0xCF000000, 0x4F800000, 0x4EFFFFFF, 0x5F000000, 0x5F800000,
       0xDF000000, 0x501502F9, 0xD01502F9, 0x406CCCCD, 0xC0600000, 0x3EFFFFFF, 0x00800000, 0x3F000001]
F64 = [0x0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000, 0x3FF8000000000000,
       0x4004000000000000, 0xC004000000000000, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
       0x7FF8000000012345, 0xFFF8000000000001, 0x7FF0000000000001, 0xFFF4000000012345, 0x0000000000000001,
       0x800FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0x41E0000000000000, 0xC1E0000000000000, 0x41F0000000000000,
       0x41DFFFFFFFC00000, 0x43E0000000000000, 0x43F0000000000000, 0xC3E0000000000000, 0x41EFFFFFFFF00000,
       0x4202A05F20000000, 0x400D99999999999A, 0x3FDFFFFFFFFFFFFF, 0x47EFFFFFE0000000, 0x47EFFFFFF0000000,
       0x36A0000000000000, 0x0010000000000000, 0xC1E0000000200000, 0x41E0000000100000]
X = [0, 1, M64, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 63, (1 << 63) - 1, 0xFFFFFFFF80000000, 0x100000000]


def word64(rng, kind):
    if kind == "f32":
        lanes = [rng.choice(F32) if rng.random() < 0.7 else struct.unpack("<I", struct.pack("<f", rng.uniform(-1e3, 1e3)))[0]
                 for _ in range(2)]
        return lanes[0] | lanes[1] << 32
    if kind == "f64":
        return rng.choice(F64) if rng.random() < 0.7 else struct.unpack("<Q", struct.pack("<d", rng.uniform(-1e6, 1e6)))[0]
    if kind == "tbl":
        return int.from_bytes(bytes(rng.randrange(0, 80) for _ in range(8)), "little")
    style = rng.randrange(6)
    if style == 0:
        return rng.getrandbits(64)
    if style == 1:
        return int.from_bytes(bytes(rng.choice([0, 0xFF, 0x80, 0x7F, 0x01, rng.getrandbits(8)]) for _ in range(8)), "little")
    if style == 2:
        h = rng.choice([0x8000, 0x7FFF, 0xFFFF, 0, 1, 0x00FF, 0xFF00, rng.getrandbits(16)])
        return h * 0x0001000100010001 if rng.random() < 0.5 else h | rng.getrandbits(48) << 16
    if style == 3:
        s = rng.choice([0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0, 1, 0xFFFF, rng.getrandbits(32)])
        return s | rng.choice([s, rng.getrandbits(32)]) << 32
    if style == 4:
        return rng.choice(X + [rng.getrandbits(64)])
    return int.from_bytes(bytes(rng.randrange(0, 20) if rng.random() < 0.7 else (256 - rng.randrange(1, 20))
                                for _ in range(8)), "little")


def mode_float(rng, double):
    """A float for FPCR mode cases: subnormals, values near the smallest normal, values
    whose products or quotients land there, near the largest finite, and the edge list."""
    ebits, mbits = (11, 52) if double else (8, 23)
    bias = (1 << (ebits - 1)) - 1
    if rng.random() < 0.2:
        v = rng.choice(F64 if double else F32)
        return v
    e = rng.choice([0, 0, 1, 2, 3, bias // 2 + rng.randrange(-3, 4), bias // 2 + rng.randrange(-3, 4),
                    bias + rng.randrange(-30, 31), bias + rng.randrange(-2, 3), 2 * bias - rng.randrange(0, 3),
                    bias + bias // 2 + rng.randrange(-3, 4)])
    m = rng.choice([rng.getrandbits(mbits)] * 3 + [(1 << mbits) - 1 - rng.getrandbits(4), rng.getrandbits(4)])
    return rng.getrandbits(1) << (ebits + mbits) | e << mbits | m


def inputs(rng, kind, text):
    k = {"int2": "int", "mem": "int"}.get(kind, kind)
    if kind in ("f32m", "f64m"):
        if kind == "f32m":
            v = [mode_float(rng, False) | mode_float(rng, False) << 32 for _ in range(16)]
        else:
            v = [mode_float(rng, True) for _ in range(16)]
        x = [rng.choice(X) if rng.random() < 0.3 else rng.getrandbits(rng.choice([8, 24, 32, 54, 64])) for _ in range(8)]
        # FZ half the time, each rounding mode, DN a quarter of the time
        fpcr = (rng.random() < 0.5) << 24 | rng.randrange(4) << 22 | (rng.random() < 0.25) << 25
        return v, x, rng.randrange(16) << 28, fpcr, None
    v = [word64(rng, k) for _ in range(16)]
    if kind == "tbl":
        v = [word64(rng, "int") for _ in range(12)] + [word64(rng, "tbl"), word64(rng, "tbl")] + [word64(rng, "int")] * 2
    x = [rng.choice(X) if rng.random() < 0.6 else rng.getrandbits(rng.choice([8, 32, 64])) for _ in range(8)]
    nzcv = rng.randrange(16) << 28
    fpcr = 0
    if kind in ("f32", "f64") and rng.random() < 0.25:
        fpcr |= 1 << 25
    if "frintx" in text or "frinti" in text:
        fpcr |= rng.randrange(4) << 22
    mem = bytes(rng.getrandbits(8) for _ in range(128)) if kind == "mem" else None
    if mem is not None:
        x[1] = 24
    return v, x, nzcv, fpcr, mem


def build(cases, words=1):
    """The qemu program; with words > 1 (a multiple of 4) each record is 224 + 4 * words
    bytes and ends with the first `words` instruction words (cases of several lines)."""
    rec = 224 if words == 1 else 224 + 4 * words
    asm = [".text", ".global _start", "_start:"]
    data = [".data", ".balign 16"]
    for i, (text, kind, (v, x, nzcv, fpcr, mem)) in enumerate(cases):
        asm += [f"adrp x9, in{i}", f"add x9, x9, :lo12:in{i}"]
        asm += [f"ldp q{2*j}, q{2*j+1}, [x9, #{32*j}]" for j in range(4)]
        asm += [f"ldp x{2*j}, x{2*j+1}, [x9, #{128+16*j}]" for j in range(4)]
        asm += ["ldr x10, [x9, #192]", "msr nzcv, x10", "ldr x10, [x9, #200]", "msr fpcr, x10", "msr fpsr, xzr"]
        if mem is not None:
            asm += [f"adrp x0, mem{i}", f"add x0, x0, :lo12:mem{i}", "add x0, x0, #32"]
        asm += [f"insn{i}:", text]
        asm += [f"adrp x9, out{i}", f"add x9, x9, :lo12:out{i}"]
        asm += [f"stp q{2*j}, q{2*j+1}, [x9, #{32*j}]" for j in range(4)]
        asm += [f"stp x{2*j}, x{2*j+1}, [x9, #{128+16*j}]" for j in range(4)]
        asm += ["mrs x10, nzcv", "str x10, [x9, #192]", "mrs x10, fpsr", "str x10, [x9, #200]",
                f"adrp x10, insn{i}", f"add x10, x10, :lo12:insn{i}", "ldr w10, [x10]", "str x10, [x9, #208]"]
        if mem is not None:
            asm += [f"adrp x10, mem{i}", f"add x10, x10, :lo12:mem{i}", "str x10, [x9, #216]"]
        if words > 1:
            asm += [f"adrp x10, insn{i}", f"add x10, x10, :lo12:insn{i}"]
            asm += [f"ldp x11, x12, [x10, #{16 * j}]\nstp x11, x12, [x9, #{224 + 16 * j}]" for j in range(words // 4)]
        blob = b"".join(struct.pack("<Q", w) for w in v + x + [nzcv, fpcr])
        data += [f"in{i}: .byte " + ",".join(str(b) for b in blob)]
    data += ["outs:"] + [f"out{i}: .zero {rec}" for i in range(len(cases))] + ["outs_end:"]
    data += ["mems:"] + [f"mem{i}: .byte " + ",".join(str(b) for b in (c[2][4] or bytes(128))) for i, c in enumerate(cases)]
    data += ["mems_end:"]
    asm += WRITE_RESULTS_AND_EXIT
    return "\n".join(asm + data) + "\n"


def main():
    rng = random.Random(20240611)
    cases = []
    for text, kinds in lst():
        for kind in kinds:
            cases.append((text, kind, inputs(rng, kind, text)))
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "t.S"), os.path.join(tmp, "t")
        open(src, "w").write(build(cases))
        subprocess.run(["aarch64-linux-gnu-gcc", "-march=armv8-a+crypto", "-static", "-nostdlib", "-o", exe, src], check=True)
        raw = subprocess.run(["qemu-aarch64", exe], check=True, capture_output=True).stdout
    n = len(cases)
    assert len(raw) == n * 224 + n * 128, (len(raw), n)
    lines = []
    for i, (text, kind, (v, x, nzcv, fpcr, mem)) in enumerate(cases):
        o = struct.unpack("<28Q", raw[224 * i:224 * (i + 1)])
        ov, ox, onzcv, ofpsr, word, membase = list(o[:16]), list(o[16:24]), o[24], o[25], o[26], o[27]
        if mem is not None:
            ox[0] = (ox[0] - membase) & M64
        ins = " ".join(f"{w:x}" for w in v + x + [nzcv, fpcr])
        outs = " ".join(f"{w:x}" for w in ov + ox + [onzcv, ofpsr & (1 << 27)])
        if mem is not None:
            ins += " " + mem.hex()
            outs += " " + raw[224 * n + 128 * i:224 * n + 128 * (i + 1)].hex()
        lines.append(f"{word:08x} {1 if mem is not None else 0} | {ins} | {outs} # {text}")
    write_fixture("outofline", "gen_outofline.py", "qemu-aarch64 runs", "word mem | inputs | expected outputs # assembly", lines)
    print(f"{n} cases")


if __name__ == "__main__":
    main()
