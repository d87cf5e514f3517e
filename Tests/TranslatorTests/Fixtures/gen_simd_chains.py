#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/simd-chains.txt:
# known answers for seeded chains of 2-8 FP/SIMD instructions that run as one
# translated block, computed under qemu-aarch64.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_simd_chains.py
#
# Single-instruction cases (gen_outofline.py) cannot see state the backend keeps
# across the instructions of a block: a V register carried in xmm0 to the next op,
# scalar results stored without clearing their upper bits, FCMP flags read by
# FCSEL/CSEL, GPR<->V moves. The chains therefore go through a few registers: an
# operand is mostly the register written by the previous (or the one before)
# instruction, a destination is often its own source, Q=0 results are read by Q=1
# and scalar ops, single results are read as doubles and vice versa.
#
# Registers, inputs and the line format are those of gen_outofline.py (V0-V7, X0-X7,
# NZCV, FPCR in; QC out) with the words comma-separated:
#   w1,w2,... 0 | inputs | outputs # insn; insn; ...
import os, random, struct, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gen_outofline import F32, F64, X, M64, build, mode_float, word64
from fixture_files import write_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = 8          # instructions per chain at most
COUNT = 2500

SIZES = {"8b": 1, "16b": 1, "4h": 2, "8h": 2, "2s": 4, "4s": 4, "2d": 8}
LANE = {1: "b", 2: "h", 4: "s", 8: "d"}
CONDS = "eq ne cs cc mi pl vs vc hi ls ge lt gt le".split()


class Chain:
    """Picks registers so that instructions feed each other."""

    def __init__(self, rng):
        self.rng, self.written = rng, []

    def src(self):
        r = self.rng.random()
        if self.written and r < 0.45:
            return self.written[-1]
        if len(self.written) > 1 and r < 0.65:
            return self.written[-2]
        return self.rng.randrange(8)

    def dst(self, first):
        r = self.rng.random()
        d = first if r < 0.35 else (self.written[-1] if self.written and r < 0.6 else self.rng.randrange(8))
        self.written.append(d)
        return d

    def gpr(self):
        return self.rng.randrange(8)


def vector_int(c, rng):
    n, m = c.src(), c.src()
    pick = rng.randrange(30)
    t = rng.choice(list(SIZES))
    t8 = rng.choice(["8b", "16b"])
    tn = rng.choice(["8b", "16b", "4h", "8h", "2s", "4s"])
    if pick == 0:
        op = rng.choice(["add", "sub", "cmeq"])
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{t}" if t != "1d" else None
    if pick == 1:
        op = rng.choice(["and", "orr", "eor", "bic", "orn", "bsl", "bit", "bif"])
        return f"{op} v{c.dst(n)}.{t8}, v{n}.{t8}, v{m}.{t8}"
    if pick == 2:
        op = rng.choice(["cmhs", "umax", "umin", "cmhi"])
        tt = t8 if rng.random() < 0.7 else tn
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 3:
        op = rng.choice(["umaxp", "uminp", "addp"])
        tt = "16b" if rng.random() < 0.6 else tn
        if rng.random() < 0.3:
            m = n
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 4:
        tt = rng.choice(["4h", "8h", "2s", "4s", "2d"])
        e = SIZES[tt] * 8
        op = rng.choice(["shl", "ushr", "sshr"])
        sh = rng.choice([1, e // 2, e - 1] + ([e] if op != "shl" else [0]))
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, #{sh}"
    if pick == 5:
        w, nn = rng.choice([("8h", "8b"), ("4s", "4h"), ("2d", "2s")])
        up = rng.random() < 0.4
        n16 = {"8b": "16b", "4h": "8h", "2s": "4s"}[nn] if up else nn
        op = rng.choice(["uxtl", "sxtl", "ushll", "sshll", "shll"])
        sfx = "2" if up else ""
        e = SIZES[nn] * 8
        if op in ("uxtl", "sxtl"):
            return f"{op}{sfx} v{c.dst(n)}.{w}, v{n}.{n16}"
        sh = e if op == "shll" else rng.choice([0, 1, e - 1])
        return f"{op}{sfx} v{c.dst(n)}.{w}, v{n}.{n16}, #{sh}"
    if pick == 6:
        op, ts = rng.choice([("rev16", ["8b", "16b"]), ("rev32", ["8b", "16b", "4h", "8h"]),
                             ("rev64", ["8b", "16b", "4h", "8h", "2s", "4s"])])
        tt = rng.choice(ts)
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}"
    if pick == 7:
        tt = t8
        k = rng.randrange(8 if tt == "8b" else 16)
        return f"ext v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}, #{k}"
    if pick == 8:
        tt = rng.choice(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
        s = SIZES[tt]
        return f"dup v{c.dst(n)}.{tt}, v{n}.{LANE[s]}[{rng.randrange(16 // s)}]"
    if pick == 9:
        tt = rng.choice(["8b", "16b", "4h", "8h", "2s", "4s", "2d"])
        g = "x" if tt == "2d" else "w"
        return f"dup v{c.dst(n)}.{tt}, {g}{c.gpr()}"
    if pick == 10:
        d = c.dst(n)
        return rng.choice([f"movi v{d}.4s, #0x12, lsl #8", f"movi v{d}.2s, #0xab, lsl #24", f"mvni v{d}.4s, #0x12, lsl #16",
                           f"orr v{d}.4s, #0x12, lsl #8", f"orr v{d}.2s, #0xff", f"bic v{d}.4s, #0x80, lsl #24",
                           f"bic v{d}.2s, #0x1", f"orr v{d}.8h, #0x34, lsl #8", f"orr v{d}.4h, #0x34", f"bic v{d}.8h, #0xff",
                           f"bic v{d}.4h, #0x7f, lsl #8", f"movi v{d}.16b, #0xab", f"movi v{d}.8b, #0x80",
                           f"movi v{d}.2d, #0xff00ff0000ff00ff", f"movi d{d}, #0xff000000000000ff", f"mvni v{d}.4h, #0x34",
                           f"movi v{d}.4s, #0x12, msl #8", f"movi v{d}.2d, #0"])
    if pick == 11:
        s = rng.choice([1, 2, 4, 8])
        d = c.dst(rng.choice([n, c.src()]))
        if rng.random() < 0.5:
            return f"ins v{d}.{LANE[s]}[{rng.randrange(16 // s)}], v{n}.{LANE[s]}[{rng.randrange(16 // s)}]"
        return f"ins v{d}.{LANE[s]}[{rng.randrange(16 // s)}], {'x' if s == 8 else 'w'}{c.gpr()}"
    if pick == 12:
        s = rng.choice([1, 2, 4, 8])
        k = rng.randrange(16 // s)
        if rng.random() < 0.5 or s == 8:
            return f"umov {'x' if s == 8 else 'w'}{c.gpr()}, v{n}.{LANE[s]}[{k}]"
        return f"smov {'x' if s == 4 else rng.choice('wx')}{c.gpr()}, v{n}.{LANE[s]}[{k}]"
    if pick == 13:
        w, nn, n16 = rng.choice([("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")])
        two = rng.random() < 0.3
        e = SIZES[nn] * 8
        if rng.random() < 0.5:
            return f"shrn{'2' if two else ''} v{c.dst(n)}.{n16 if two else nn}, v{n}.{w}, #{rng.choice([1, e // 2, e])}"
        return f"xtn{'2' if two else ''} v{c.dst(n)}.{n16 if two else nn}, v{n}.{w}"
    if pick == 14:
        op = rng.choice(["uzp1", "uzp2", "zip1", "zip2", "trn1", "trn2"])
        tt = rng.choice(list(SIZES))
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 15:
        tt = t8
        k = rng.choice([0, 0, 0, 1])
        n = min(n, 6)
        regs = ", ".join(f"v{n + j}.16b" for j in range(k + 1))
        op = "tbl" if rng.random() < 0.75 else "tbx"
        return f"{op} v{c.dst(m)}.{tt}, {{{regs}}}, v{m}.{tt}"
    if pick == 16:
        return f"cnt v{c.dst(n)}.{t8}, v{n}.{t8}"
    if pick == 17:
        tt = rng.choice(["8b", "16b", "4h", "8h", "4s"])
        op = rng.choice(["addv", "umaxv", "uminv", "smaxv"])
        return f"{op} {LANE[SIZES[tt]]}{c.dst(n)}, v{n}.{tt}"
    if pick == 18:
        tt = rng.choice(list(SIZES))
        return f"cmeq v{c.dst(n)}.{tt}, v{n}.{tt}, #0"
    if pick == 19:
        return f"mov v{c.dst(n)}.{t8}, v{n}.{t8}" if rng.random() < 0.6 else f"not v{c.dst(n)}.{t8}, v{n}.{t8}"
    if pick == 20:
        s = rng.choice([1, 2, 4, 8])
        return f"mov {LANE[s]}{c.dst(n)}, v{n}.{LANE[s]}[{rng.randrange(16 // s)}]"
    if pick == 21:
        tt = tn
        op = rng.choice(["uqadd", "sqsub", "mul", "smax", "uabd", "sshl", "ushl"])
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 22:
        tt = rng.choice(["8b", "16b"])
        return f"add v{c.dst(n)}.{tt}, v{n}.{tt}, v{n}.{tt}"
    if pick == 23:  # scalar integer on a D register (reads the low half only)
        op = rng.choice(["add", "sub", "cmeq", "cmhs"])
        return f"{op} d{c.dst(n)}, d{n}, d{m}"
    if pick == 24:
        return rng.choice([f"fmov x{c.gpr()}, d{n}", f"fmov w{c.gpr()}, s{n}"])
    if pick == 25:
        return f"fmov v{c.dst(n)}.d[1], x{c.gpr()}" if rng.random() < 0.5 else f"fmov x{c.gpr()}, v{n}.d[1]"
    if pick == 26:
        return rng.choice([f"fmov d{c.dst(n)}, x{c.gpr()}", f"fmov s{c.dst(n)}, w{c.gpr()}"])
    if pick == 27:
        tt = rng.choice(["8b", "16b", "4h", "8h", "2s", "4s"])
        return f"{rng.choice(['abs', 'neg', 'cls', 'clz'])} v{c.dst(n)}.{tt}, v{n}.{tt}"
    if pick == 28:  # GPR arithmetic on a value that came out of a V register
        g = c.gpr()
        return f"add x{g}, x{g}, x{c.gpr()}" if rng.random() < 0.5 else f"eor w{g}, w{c.gpr()}, w{g}"
    return f"sqxtn v{c.dst(n)}.8b, v{n}.8h" if rng.random() < 0.5 else f"uaddlv h{c.dst(n)}, v{n}.16b"


def scalar_fp(c, rng):
    n, m, a = c.src(), c.src(), c.src()
    r = rng.choice("sd")
    o = "d" if r == "s" else "s"
    pick = rng.randrange(22)
    if pick < 4:
        op = rng.choice(["fadd", "fsub", "fmul", "fdiv", "fnmul"])
        if rng.random() < 0.2:
            m = n
        return f"{op} {r}{c.dst(n)}, {r}{n}, {r}{m}"
    if pick == 4:
        op = rng.choice(["fmadd", "fmsub", "fnmadd", "fnmsub"])
        return f"{op} {r}{c.dst(a)}, {r}{n}, {r}{m}, {r}{a}"
    if pick == 5:
        op = rng.choice(["fsqrt", "fneg", "fabs", "fmov"])
        return f"{op} {r}{c.dst(n)}, {r}{n}"
    if pick == 6:
        return f"fcvt {o}{c.dst(n)}, {r}{n}"
    if pick == 7:
        g = c.gpr()
        return rng.choice([f"fmov {r}{c.dst(n)}, {'x' if r == 'd' else 'w'}{g}", f"fmov {'x' if r == 'd' else 'w'}{g}, {r}{n}"])
    if pick == 8:
        op = rng.choice(["scvtf", "ucvtf"]) if rng.random() < 0.3 else "scvtf"
        return f"{op} {r}{c.dst(n)}, {rng.choice('wx')}{c.gpr()}"
    if pick == 9:
        op = "fcvtzs" if rng.random() < 0.7 else rng.choice(["fcvtzu", "fcvtns", "fcvtms", "fcvtas"])
        return f"{op} {rng.choice('wx')}{c.gpr()}, {r}{n}"
    if pick == 10:
        op = rng.choice(["frintn", "frintm", "frintp", "frintz", "frinta", "frintx", "frinti"])
        return f"{op} {r}{c.dst(n)}, {r}{n}"
    if pick in (11, 12):
        cmp = rng.choice(["fcmp", "fcmpe"])
        return f"{cmp} {r}{n}, {r}{m}" if rng.random() < 0.8 else f"{cmp} {r}{n}, #0.0"
    if pick in (13, 14):
        return f"fcsel {r}{c.dst(n)}, {r}{n}, {r}{m}, {rng.choice(CONDS)}"
    if pick == 15:
        g = c.gpr()
        return rng.choice([f"cset w{g}, {rng.choice(CONDS)}", f"csel x{g}, x{c.gpr()}, x{c.gpr()}, {rng.choice(CONDS)}",
                           f"csinc w{g}, w{c.gpr()}, wzr, {rng.choice(CONDS)}"])
    if pick == 16:
        op = rng.choice(["fmax", "fmin", "fmaxnm", "fminnm"])
        return f"{op} {r}{c.dst(n)}, {r}{n}, {r}{m}"
    if pick == 17:
        return f"fmov {r}{c.dst(n)}, #{rng.choice(['1.5', '-0.125', '2.0', '-31.0', '0.5'])}"
    if pick == 18:
        return f"fccmp {r}{n}, {r}{m}, #{rng.randrange(16)}, {rng.choice(CONDS)}"
    if pick == 19:
        op = rng.choice(["fabd", "fcmeq", "fcmgt", "fcmge"])
        return f"{op} {r}{c.dst(n)}, {r}{n}, {r}{m}"
    if pick == 20:
        op = rng.choice(["scvtf", "fcvtzs"])
        return f"{op} {r}{c.dst(n)}, {r}{n}"
    return f"ins v{c.dst(n)}.{r}[{rng.randrange(4 if r == 's' else 2)}], v{m}.{r}[0]"


def vector_fp(c, rng):
    n, m = c.src(), c.src()
    t = rng.choice(["2s", "4s", "2d"])
    pick = rng.randrange(10)
    if pick < 5:
        op = rng.choice(["fadd", "fsub", "fmul", "fdiv"])
        if rng.random() < 0.2:
            m = n
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{t}"
    if pick == 5:
        op = rng.choice(["fmla", "fmls", "fmax", "fminnm", "faddp", "fcmeq", "fcmgt"])
        return f"{op} v{c.dst(rng.choice([n, m]))}.{t}, v{n}.{t}, v{m}.{t}"
    if pick == 6:
        op = rng.choice(["fabs", "fneg", "fsqrt", "frintn", "scvtf", "fcvtzs", "ucvtf"])
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}"
    if pick == 7:
        return rng.choice([f"fcvtl v{c.dst(n)}.2d, v{n}.2s", f"fcvtl2 v{c.dst(n)}.2d, v{n}.4s",
                           f"fcvtn v{c.dst(n)}.2s, v{n}.2d", f"fcvtn2 v{c.dst(n)}.4s, v{n}.2d"])
    if pick == 8:
        if rng.random() < 0.6:  # by element
            e, lanes = ("d", 2) if t == "2d" else ("s", 4)
            op = rng.choice(["fmul", "fmla", "fmls", "fmulx"])
            return f"{op} v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{e}[{rng.randrange(lanes)}]"
        return f"{rng.choice(['fmul', 'fadd'])} v{c.dst(n)}.{t}, v{n}.{t}, v{n}.{t}"
    return f"dup v{c.dst(n)}.{t}, v{n}.{LANE[4 if t != '2d' else 8]}[0]"


def hot_int(c, rng):
    """The integer forms compilers emit in vectorised loops (inline since issue 17), on every
    lane size they have: compares, min/max, multiplies, permutes, long/wide/narrow, reductions."""
    n, m = c.src(), c.src()
    tn = rng.choice(["8b", "16b", "4h", "8h", "2s", "4s"])
    pick = rng.randrange(16)
    if pick == 14:
        tt = rng.choice(["8b", "16b", "4h", "8h"])
        op = rng.choice(["sqadd", "uqadd", "sqsub", "uqsub"])
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 13:
        tt = rng.choice(["8b", "16b", "2d"])
        e = SIZES[tt] * 8
        op = rng.choice(["shl", "ushr", "sshr", "cnt"]) if tt != "2d" else rng.choice(["shl", "ushr", "sshr"])
        if op == "cnt":
            return f"cnt v{c.dst(n)}.{tt}, v{n}.{tt}"
        sh = rng.choice([1, 3, e // 2, e - 1] + ([e] if op != "shl" else [0]))
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, #{sh}"
    if pick == 11:
        tt = rng.choice(list(SIZES))
        op = rng.choice(["cmgt", "cmge", "cmle", "cmlt", "cmeq", "abs", "neg"])
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}" + (", #0" if op.startswith("cm") else "")
    if pick == 12:
        tt = rng.choice(list(SIZES))
        if rng.random() < 0.3:
            m = n
        return f"addp v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 0:
        op = rng.choice(["cmgt", "cmge", "cmhi", "cmhs", "cmtst", "cmeq"])
        tt = rng.choice(list(SIZES))
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 1:
        op = rng.choice(["smax", "smin", "umax", "umin", "sabd", "uabd", "mul", "mla", "mls"])
        return f"{op} v{c.dst(rng.choice([n, m]))}.{tn}, v{n}.{tn}, v{m}.{tn}"
    if pick in (2, 3):
        w, nn, n16 = rng.choice([("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")])
        two = rng.random() < 0.4
        op = rng.choice(["saddl", "uaddl", "ssubl", "usubl", "saddw", "uaddw", "ssubw", "usubw",
                         "smull", "umull", "smlal", "umlal", "smlsl", "umlsl"]) + ("2" if two else "")
        src = n16 if two else nn
        first = w if op[1:4] in ("add", "sub") and op[4] == "w" else src
        return f"{op} v{c.dst(rng.choice([n, m]))}.{w}, v{n}.{first}, v{m}.{src}"
    if pick == 4:
        op = rng.choice(["uzp1", "uzp2", "zip1", "zip2", "trn1", "trn2"])
        tt = rng.choice(list(SIZES))
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{m}.{tt}"
    if pick == 5:
        w, nn, n16 = rng.choice([("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")])
        two = rng.random() < 0.4
        e = SIZES[nn] * 8
        if rng.random() < 0.5:
            return f"shrn{'2' if two else ''} v{c.dst(n)}.{n16 if two else nn}, v{n}.{w}, #{rng.choice([1, e // 2, e - 1, e])}"
        return f"xtn{'2' if two else ''} v{c.dst(n)}.{n16 if two else nn}, v{n}.{w}"
    if pick == 6:
        tt = rng.choice(["8b", "16b", "4h", "8h", "4s"])
        op = rng.choice(["addv", "umaxv", "uminv", "smaxv", "sminv"])
        return f"{op} {LANE[SIZES[tt]]}{c.dst(n)}, v{n}.{tt}"
    if pick == 7:
        tt, e, lanes = rng.choice([("4h", "h", 8), ("8h", "h", 8), ("2s", "s", 4), ("4s", "s", 4)])
        r = rng.randrange(16) if e == "h" else m
        op = rng.choice(["mul", "mla", "mls"])
        return f"{op} v{c.dst(n)}.{tt}, v{n}.{tt}, v{r}.{e}[{rng.randrange(lanes)}]"
    if pick == 8:
        w, nn, n16, e, lanes = rng.choice([("4s", "4h", "8h", "h", 8), ("2d", "2s", "4s", "s", 4)])
        two = rng.random() < 0.4
        r = rng.randrange(16) if e == "h" else m
        op = rng.choice(["smull", "umull", "smlal", "umlal", "smlsl", "umlsl"]) + ("2" if two else "")
        return f"{op} v{c.dst(n)}.{w}, v{n}.{n16 if two else nn}, v{r}.{e}[{rng.randrange(lanes)}]"
    if pick == 9:
        tt = rng.choice(["8b", "16b"])
        k = rng.randrange(4)
        n = min(n, 7 - k)
        regs = ", ".join(f"v{n + j}.16b" for j in range(k + 1))
        op = rng.choice(["tbl", "tbx"])
        return f"{op} v{c.dst(m)}.{tt}, {{{regs}}}, v{m}.{tt}"
    if pick == 10:
        tt = rng.choice(["8b", "16b"])
        return f"not v{c.dst(n)}.{tt}, v{n}.{tt}"
    return vector_int(c, rng)


def hot_fp(c, rng):
    """FMLA/FMLS (vector and by element), FMUL by element and FADDP, with NaN/inf/zero inputs."""
    n, m = c.src(), c.src()
    t = rng.choice(["2s", "4s", "2d"])
    pick = rng.randrange(10)
    if pick == 8:
        op = rng.choice(["fsqrt", "frintn", "frintm", "frintp", "frintz", "frintx", "frinti"])
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}"
    if pick == 9:
        return rng.choice([f"fcvtl v{c.dst(n)}.2d, v{n}.2s", f"fcvtl2 v{c.dst(n)}.2d, v{n}.4s"])
    if pick == 7:
        tt = rng.choice(["2s", "4s"])
        return f"{rng.choice(['scvtf', 'ucvtf', 'fcvtzs'])} v{c.dst(n)}.{tt}, v{n}.{tt}"
    if pick == 6:
        return f"{rng.choice(['fabs', 'fneg'])} v{c.dst(n)}.{t}, v{n}.{t}"
    if pick == 4:
        op = rng.choice(["fcmeq", "fcmge", "fcmgt"])
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{t}"
    if pick == 5:
        r, lanes = rng.choice([("s", 4), ("d", 2)])
        op = rng.choice(["fmul", "fmla", "fmls"])
        return f"{op} {r}{c.dst(n)}, {r}{n}, v{m}.{r}[{rng.randrange(lanes)}]"
    if pick < 2:
        op = rng.choice(["fmla", "fmls"])
        return f"{op} v{c.dst(rng.choice([n, m, c.src()]))}.{t}, v{n}.{t}, v{m}.{t}"
    if pick == 2:
        e, lanes = ("d", 2) if t == "2d" else ("s", 4)
        op = rng.choice(["fmul", "fmla", "fmls"])
        return f"{op} v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{e}[{rng.randrange(lanes)}]"
    if rng.random() < 0.2:
        m = n
    return f"faddp v{c.dst(n)}.{t}, v{n}.{t}, v{m}.{t}"


FLAVOURS = [("int", vector_int), ("scalar", scalar_fp), ("vector", vector_fp), ("hotint", hot_int), ("hotfp", hot_fp)]
HOT_COUNT = 1200   # extra chains of the inline hot forms (own seed: the first COUNT stay as they were)


def chain(rng, hot=False):
    kinds = rng.choice([["int"], ["scalar"], ["vector"], ["scalar", "vector"], ["int", "scalar"],
                        ["int", "scalar", "vector"], ["scalar"], ["scalar", "int"]])
    if hot:
        kinds = rng.choice([["hotint"], ["hotint"], ["hotfp"], ["hotfp"], ["hotfp", "vector"], ["hotint", "int"]])
    gens = dict(FLAVOURS)
    c = Chain(rng)
    lines = []
    length = rng.randrange(2, WORDS + 1)
    while len(lines) < length:
        text = gens[rng.choice(kinds)](c, rng)
        if text:
            lines.append(text)
    return lines, kinds


def half(rng, kinds, mode):
    fp = [k for k in kinds if k not in ("int", "hotint")]
    r = rng.random()
    if mode and r < 0.8:
        return mode_float(rng, True) if rng.random() < 0.5 else mode_float(rng, False) | mode_float(rng, False) << 32
    if fp and r < 0.8:
        return word64(rng, rng.choice(["f32", "f64"]))
    if not fp and r < 0.2:
        return word64(rng, rng.choice(["f32", "f64"]))
    return word64(rng, "int")


def inputs(rng, kinds):
    # FP chains: a third run with FPCR.FZ and/or a directed rounding mode (random).
    mode = any(k not in ("int", "hotint") for k in kinds) and rng.random() < 0.35
    v = [half(rng, kinds, mode) for _ in range(16)]
    x = []
    for _ in range(8):
        r = rng.random()
        if r < 0.4:
            x.append(rng.choice(X))
        elif r < 0.7:
            x.append(rng.getrandbits(rng.choice([8, 32, 64])))
        elif r < 0.85:
            x.append(rng.choice(F64))
        else:
            x.append(rng.choice(F32) | rng.getrandbits(32) << 32 * rng.randrange(2))
    nzcv = rng.randrange(16) << 28
    fpcr = 1 << 25 if any(k not in ("int", "hotint") for k in kinds) else 0
    fpcr = fpcr if rng.random() < 0.2 else 0
    if mode:
        fz, rmode = rng.random() < 0.5, rng.randrange(4)
        fpcr |= (fz or rmode == 0) << 24 | rmode << 22
    return v, x, nzcv, fpcr, None


def main():
    rng = random.Random(20250612)
    chains = [chain(rng) for _ in range(COUNT)]
    cases = [("\n".join(lines), "chain", inputs(rng, kinds)) for lines, kinds in chains]
    hot_rng = random.Random(20261207)
    hot = [chain(hot_rng, hot=True) for _ in range(HOT_COUNT)]
    chains += hot
    cases += [("\n".join(lines), "chain", inputs(hot_rng, kinds)) for lines, kinds in hot]
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "t.S"), os.path.join(tmp, "t")
        open(src, "w").write(build(cases, words=WORDS))
        subprocess.run(["aarch64-linux-gnu-gcc", "-march=armv8-a", "-static", "-nostdlib", "-o", exe, src], check=True)
        raw = subprocess.run(["qemu-aarch64", exe], check=True, capture_output=True).stdout
    n, rec = len(cases), 224 + 4 * WORDS
    assert len(raw) == n * rec + n * 128, (len(raw), n)
    lines = []
    for i, ((lines_, _), (_, _, (v, x, nzcv, fpcr, _))) in enumerate(zip(chains, cases)):
        r = raw[rec * i:rec * (i + 1)]
        o = struct.unpack("<28Q", r[:224])
        words = struct.unpack(f"<{WORDS}I", r[224:])[:len(lines_)]
        ins = " ".join(f"{w:x}" for w in v + x + [nzcv, fpcr])
        outs = " ".join(f"{w:x}" for w in list(o[:24]) + [o[24], o[25] & (1 << 27)])
        lines.append(f"{','.join(f'{w:08x}' for w in words)} 0 | {ins} | {outs} # {'; '.join(lines_)}")
    write_fixture("simd-chains", "gen_simd_chains.py", "qemu-aarch64 runs",
                  "words 0 | inputs | expected outputs # assembly; assembly", lines)
    print(f"{n} chains, {sum(len(l) for l, _ in chains)} instructions")


if __name__ == "__main__":
    main()
