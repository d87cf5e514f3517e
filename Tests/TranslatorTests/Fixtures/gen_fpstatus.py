#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/fp-status.txt:
# known answers computed under qemu-aarch64 for the instructions of status_instructions.py,
# in the format of gen_outofline.py except that the last output is the whole FPSR
# (QC and the cumulative exception flags IOC, DZC, OFC, UFC, IXC, IDC), not just QC.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_fpstatus.py
#   python3 Tests/TranslatorTests/Fixtures/gen_fpstatus.py --stress ROUNDS:SEED FILE
#
# --stress writes ROUNDS x the list's cases (other inputs, from SEED) to FILE, one fixture
# line each, for JITDifferentialTests' COMPAT_RUN_FP_STATUS_FIXTURE run.
#
# Needs aarch64-linux-gnu-gcc and qemu-aarch64 (its default CPU, which has FP16: FPCR.FZ16
# is left 0, as compat-run keeps it RES0).
import os, random, struct, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from status_instructions import lst
from fixture_files import write_fixture
import gen_outofline as g

FPSR_FLAGS = 0x0800009F
F16 = [0x0000, 0x8000, 0x3C00, 0xBC00, 0x3800, 0x3E00, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0x7E01, 0xFE3F,
       0x7C01, 0xFD55, 0x0001, 0x8001, 0x03FF, 0x83FF, 0x0400, 0x8400, 0x7BFE, 0x4000, 0x5640, 0x1234, 0x0200]


def half(rng, mode):
    if rng.random() < (0.2 if mode else 0.6):
        return rng.choice(F16)
    e = rng.choice([0, 0, 1, 2, 15, rng.randrange(32), 29, 30, 31] if mode else [rng.randrange(32), 14, 15, 16, 0, 1])
    return rng.getrandbits(1) << 15 | e << 10 | rng.getrandbits(10)


SAT16 = [0x8000, 0x7FFF, 0xFFFF, 0x0001, 0x8001, 0x4000]
SAT64 = [1 << 63, (1 << 63) - 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF80000000, 0x7FFFFFFF00000000, 0x3FFFFFFF]


def near_half(rng, double):
    """A single or double in or near half precision's range (subnormal halves to just past
    the largest alternative-format value), often exactly halfway between two halves."""
    ebits, mbits = (11, 52) if double else (8, 23)
    bias = (1 << (ebits - 1)) - 1
    e = bias + rng.choice([rng.randrange(-27, 18), -25, -24, -15, -14, 15, 16, 17])
    drop = mbits - 10
    low = rng.choice([rng.getrandbits(drop), 1 << (drop - 1), (1 << (drop - 1)) - 1, (1 << (drop - 1)) + 1, 0])
    m = rng.getrandbits(10) << drop | low
    if rng.random() < 0.1:
        m = ((1 << mbits) - 1) ^ rng.getrandbits(drop - 1)  # rounds up into the next binade
    return rng.getrandbits(1) << (ebits + mbits) | e << mbits | m


def near_int_limit(rng, double):
    """A float near +-2^31 or +-2^63 (the FRINT32/64 limits), or a random integral or half-integral one."""
    ebits, mbits = (11, 52) if double else (8, 23)
    bias = (1 << (ebits - 1)) - 1
    e = bias + rng.choice([30, 31, 31, 32, 62, 63, 63, 64, rng.randrange(0, 24)])
    m = rng.choice([0, 0, (1 << mbits) - 1, rng.getrandbits(mbits), 1 << (mbits - 1)])
    return rng.getrandbits(1) << (ebits + mbits) | e << mbits | m


def to_bits(x, double):
    return struct.unpack("<Q", struct.pack("<d", x))[0] if double else struct.unpack("<I", struct.pack("<f", x))[0]


def from_bits(b, double):
    return struct.unpack("<d", struct.pack("<Q", b))[0] if double else struct.unpack("<f", struct.pack("<I", b))[0]


def near_min_normal(rng, double):
    """Operands whose product, quotient, fused sum or narrowing lands just around the
    smallest normal: V1 = n, V2 = m (n * m or n / m near it), V3 = an addend of about its
    size, V4 = a double near the single-precision smallest normal."""
    mbits = 52 if double else 23
    tiny = 2.0 ** (-1022 if double else -126)
    lanes = []
    for _ in range(1 if double else 2):
        n = from_bits(to_bits(rng.uniform(0.5, 4.0) * 2.0 ** rng.randrange(-20, 21), double), double)
        t = tiny * (1 - 2.0 ** -rng.randrange(mbits - 1, mbits + 6)) * rng.choice([1, -1, 1.0000001])
        m = from_bits(to_bits(t / n, double), double)
        if rng.random() < 0.3:  # n / m near it
            n, m = from_bits(to_bits(t * n, double), double), n
        a = rng.choice([tiny, -tiny, 2 * tiny, 0.0, t])
        f = 2.0 ** -126 * (1 - 2.0 ** -rng.randrange(23, 40)) * rng.choice([1, -1])
        lanes.append([to_bits(n, double), to_bits(m, double), to_bits(a, double), to_bits(f, True)])
    if double:
        return [lanes[0][k] for k in range(4)]
    return [lanes[0][k] | lanes[1][k] << 32 if k < 3 else lanes[0][3] for k in range(4)]


def inputs(rng, kind, text):
    if kind in ("f32t", "f64t"):  # results at the smallest normal: tininess before rounding
        v = [g.word64(rng, "int") for _ in range(16)]
        n, m, a, f = near_min_normal(rng, kind == "f64t")
        v[2], v[4], v[6], v[8] = n, m, a, f
        if "d0, d1" in text and kind == "f32t":
            v[2] = f
        return v, [rng.getrandbits(64) for _ in range(8)], rng.randrange(16) << 28, (rng.random() < 0.2) << 25, None
    if kind in ("f32x", "f64x"):  # FPCR-mode operands (subnormals, near the limits) in the default mode (DN at most)
        v, x, nzcv, fpcr, mem = g.inputs(rng, kind[:3] + "m", text)
        return v, x, nzcv, fpcr & (1 << 25), mem
    if kind in ("int32", "int64"):  # FRINT32/64 near their limits, random FPCR
        double = kind == "int64"
        v = [near_int_limit(rng, True) if double else near_int_limit(rng, False) | near_int_limit(rng, False) << 32
             for _ in range(16)]
        fpcr = (rng.random() < 0.3) << 24 | rng.randrange(4) << 22 | (rng.random() < 0.25) << 25
        return v, [rng.getrandbits(64) for _ in range(8)], rng.randrange(16) << 28, fpcr, None
    if kind in ("s2h", "d2h"):  # narrowing to half: values near its range, random FPCR with AHP
        double = kind == "d2h"
        v = [(near_half(rng, True) if double else near_half(rng, False) | near_half(rng, False) << 32)
             if rng.random() < 0.8 else g.word64(rng, "f64" if double else "f32") for _ in range(16)]
        fpcr = (rng.random() < 0.33) << 26 | (rng.random() < 0.4) << 24 | rng.randrange(4) << 22 | (rng.random() < 0.25) << 25
        return v, [rng.getrandbits(64) for _ in range(8)], rng.randrange(16) << 28, fpcr, None
    if kind == "sat":  # saturating multiplies: extreme lanes and accumulators near the limits
        v = [sum((rng.choice(SAT16) if rng.random() < 0.7 else rng.getrandbits(16)) << (16 * j) for j in range(4))
             for _ in range(16)]
        v[0] = rng.choice(SAT64) if rng.random() < 0.8 else rng.getrandbits(64)
        for r in (2, 4):  # V1, V2: the most negative H or S element half of the time
            if rng.random() < 0.5:
                v[r] = v[r] & ~0xFFFFFFFF | (0x80000000 if "d0" in text or "d1" in text else 0x8000)
        return v, [rng.getrandbits(64) for _ in range(8)], rng.randrange(16) << 28, 0, None
    if kind in ("f16", "f16m"):
        mode = kind == "f16m"
        v = [sum(half(rng, mode) << (16 * j) for j in range(4)) for _ in range(16)]
        x = [rng.getrandbits(64) for _ in range(8)]
        # AHP a third of the time; FZ, RMode and DN at random for f16m
        fpcr = (rng.random() < 0.33) << 26
        if mode:
            fpcr |= (rng.random() < 0.5) << 24 | rng.randrange(4) << 22 | (rng.random() < 0.25) << 25
        return v, x, rng.randrange(16) << 28, fpcr, None
    return g.inputs(rng, kind, text)


def run(cases):
    """The fixture lines of `cases`, computed under qemu-aarch64."""
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "t.S"), os.path.join(tmp, "t")
        open(src, "w").write(g.build(cases))
        subprocess.run(["aarch64-linux-gnu-gcc", "-march=armv8.5-a", "-static", "-nostdlib", "-o", exe, src], check=True)
        raw = subprocess.run(["qemu-aarch64", exe], check=True, capture_output=True).stdout
    n = len(cases)
    assert len(raw) == n * 224 + n * 128, (len(raw), n)
    lines = []
    for i, (text, kind, (v, x, nzcv, fpcr, mem)) in enumerate(cases):
        o = struct.unpack("<28Q", raw[224 * i:224 * (i + 1)])
        ov, ox, onzcv, ofpsr, word = list(o[:16]), list(o[16:24]), o[24], o[25], o[26]
        ins = " ".join(f"{w:x}" for w in v + x + [nzcv, fpcr])
        outs = " ".join(f"{w:x}" for w in ov + ox + [onzcv, ofpsr & FPSR_FLAGS])
        lines.append(f"{word:08x} 0 | {ins} | {outs} # {text}")
    return lines


def stress(path, rounds, seed):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for r in range(rounds):
            cases = [(text, kind, inputs(rng, kind, text)) for text, kinds in lst() for kind in kinds]
            f.write("\n".join(run(cases)) + "\n")
            print(f"round {r + 1}/{rounds}", file=sys.stderr)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--stress":
        rounds, seed = (int(v) for v in sys.argv[2].split(":"))
        return stress(sys.argv[3], rounds, seed)
    rng = random.Random(20250602)
    cases = []
    for text, kinds in lst():
        for kind in kinds:
            cases.append((text, kind, inputs(rng, kind, text)))
    lines = run(cases)
    n = len(lines)
    write_fixture("fp-status", "gen_fpstatus.py", "qemu-aarch64 runs",
                  "word mem | inputs | expected outputs (FPSR whole) # assembly", lines)
    print(f"{n} cases")


if __name__ == "__main__":
    main()
