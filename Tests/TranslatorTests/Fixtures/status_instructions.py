# The instruction list for the FP status fixture (see gen_fpstatus.py): instructions whose
# whole FPSR (QC and the cumulative exception flags) compare exactly with qemu-aarch64.
# Each entry: (assembly text, input kinds), kinds as in gen_outofline.py plus f16 / f16m
# (half-precision lanes: edge values, random values, and for f16m a random FPCR) and sat
# (lanes and accumulators at the signed limits, for the saturating multiplies).

EDGE_S = ("f32",) * 4 + ("f32m",) * 12
EDGE_D = ("f64",) * 4 + ("f64m",) * 12
INTS = ("int",) * 8


def lst():
    out = []

    def add(text, kinds):
        out.append((text, kinds))

    # reciprocal (square root) estimates and FRECPX
    for op in ("frecpe", "frsqrte"):
        for t, k in (("2s", EDGE_S), ("4s", EDGE_S), ("2d", EDGE_D)):
            add(f"{op} v0.{t}, v1.{t}", k)
        add(f"{op} s0, s1", EDGE_S)
        add(f"{op} d0, d1", EDGE_D)
    add("frecpx s0, s1", EDGE_S)
    add("frecpx d0, d1", EDGE_D)
    for op in ("urecpe", "ursqrte"):
        add(f"{op} v0.2s, v1.2s", INTS)
        add(f"{op} v0.4s, v1.4s", INTS)
    add("frecpe v3.4s, v3.4s", EDGE_S)

    # scalar saturating doubling long (QC on saturation)
    for d, s in (("s", "h"), ("d", "s")):
        for op in ("sqdmull", "sqdmlal", "sqdmlsl"):
            add(f"{op} {d}0, {s}1, {s}2", INTS + ("sat",) * 8)
        add(f"sqdmlal {d}1, {s}1, {s}1", ("sat",) * 4)

    # half-precision conversions (FPCR.AHP, FZ, DN and RMode at random in f16m, s2h, d2h)
    H = ("f16",) * 6 + ("f16m",) * 10
    add("fcvt s0, h1", H)
    add("fcvt d0, h1", H)
    add("fcvt h0, s1", ("s2h",) * 16 + ("f32m",) * 4 + ("f32",) * 2)
    add("fcvt h0, d1", ("d2h",) * 16 + ("f64m",) * 4 + ("f64",) * 2)
    add("fcvtl v0.4s, v1.4h", H)
    add("fcvtl2 v0.4s, v1.8h", H)
    add("fcvtn v0.4h, v1.4s", ("s2h",) * 16 + ("f32m",) * 4)
    add("fcvtn2 v0.8h, v1.4s", ("s2h",) * 16 + ("f32m",) * 4)
    add("fcvtl v2.4s, v2.4h", H)

    # FEAT_FRINTTS: round to a 32- or 64-bit integral value (toward zero, or per FPCR)
    for op in ("frint32z", "frint32x", "frint64z", "frint64x"):
        add(f"{op} s0, s1", ("f32", "f32", "int32") + ("f32m",) * 6)
        add(f"{op} d0, d1", ("f64", "f64", "int64") + ("f64m",) * 6)
        for t, k in (("2s", "f32"), ("4s", "f32"), ("2d", "f64")):
            add(f"{op} v0.{t}, v1.{t}", (k, k, "int" + t[-1].replace("s", "32").replace("d", "64")) + (k + "m",) * 5)

    # FPSR exception flags of scalar and vector FP: inline host code in the default mode
    # (f32x/f64x: operands near the limits, FPCR 0 or DN), out of line under FZ/RMode (f32m/f64m)
    for r, k in (("s", "f32"), ("d", "f64")):
        kinds = (k,) * 2 + (k + "x",) * 5 + (k + "m",) * 5
        for op in "fadd fsub fmul fdiv fnmul fmax fmin fmaxnm fminnm fabd fmulx frecps frsqrts".split():
            add(f"{op} {r}0, {r}1, {r}2", kinds)
        for op in "fmadd fmsub fnmadd fnmsub".split():
            add(f"{op} {r}0, {r}1, {r}2, {r}3", kinds)
        for op in "fsqrt fabs fneg frintn frintp frintm frintz frinta frintx frinti".split():
            add(f"{op} {r}0, {r}1", kinds)
        for g in "wx":
            for op in "fcvtzs fcvtzu fcvtns fcvtnu fcvtas fcvtps fcvtms fcvtmu".split():
                add(f"{op} {g}0, {r}1", kinds)
            for op in ("scvtf", "ucvtf"):
                add(f"{op} {r}0, {g}1", (k,) * 2 + ("int",) * 4 + (k + "m",) * 3)
                add(f"{op} {r}0, {g}1, #7", (k,) + ("int",) * 2 + (k + "m",) * 2)
            add(f"fcvtzs {g}0, {r}1, #12", kinds)
            add(f"fcvtzu {g}0, {r}1, #{ {'w': 20, 'x': 40}[g] }", kinds)
        for op in "fcvtzs fcvtzu fcvtns fcvtau scvtf ucvtf".split():
            add(f"{op} {r}0, {r}1", kinds)
        for op in ("fcmp", "fcmpe"):
            add(f"{op} {r}1, {r}2", kinds)
            add(f"{op} {r}1, #0.0", kinds)
        add(f"fccmp {r}1, {r}2, #3, ne", kinds)
        add(f"fccmpe {r}1, {r}2, #3, ne", kinds)
        for op in "fcmeq fcmge fcmgt facge facgt".split():
            add(f"{op} {r}0, {r}1, {r}2", kinds)
        add(f"fcmlt {r}0, {r}1, #0.0", kinds)
        add(f"fmla {r}0, {r}1, v2.{r}[1]", kinds)
        add(f"fmul {r}0, {r}1, v2.{r}[0]", kinds)
    add("fcvt s0, d1", ("f64",) * 2 + ("f64x",) * 5 + ("f64m",) * 5)
    add("fcvt d0, s1", ("f32",) * 2 + ("f32x",) * 5 + ("f32m",) * 5)
    add("fcvtxn s0, d1", ("f64",) * 2 + ("f64x",) * 5 + ("f64m",) * 5)
    for t, k in (("2s", "f32"), ("4s", "f32"), ("2d", "f64")):
        kinds = (k,) + (k + "x",) * 3 + (k + "m",) * 3
        for op in "fadd fsub fmul fdiv fmla fmls fmax fminnm fabd frecps frsqrts faddp fmaxp fcmeq fcmge facgt".split():
            add(f"{op} v0.{t}, v1.{t}, v2.{t}", kinds)
        for op in "fsqrt frintx frinta frinti fcvtzs fcvtzu fcvtps fcvtns scvtf ucvtf".split():
            add(f"{op} v0.{t}, v1.{t}", kinds)
        add(f"fcmle v0.{t}, v1.{t}, #0.0", kinds)
        add(f"fcvtzs v0.{t}, v1.{t}, #5", kinds)
        add(f"fmul v0.{t}, v1.{t}, v2.{t[-1]}[1]", kinds)
    add("fmaxnmv s0, v1.4s", ("f32",) + ("f32x",) * 3 + ("f32m",) * 3)
    for op, shape in (("fcvtn", "v0.2s, v1.2d"), ("fcvtn2", "v0.4s, v1.2d"), ("fcvtxn", "v0.2s, v1.2d")):
        add(f"{op} {shape}", ("f64",) + ("f64x",) * 3 + ("f64m",) * 3)
    add("fcvtl v0.2d, v1.2s", ("f32",) + ("f32x",) * 3 + ("f32m",) * 3)

    # results at the smallest normal (x86 detects tininess after rounding, Arm before)
    for r, k in (("s", "f32t"), ("d", "f64t")):
        for op in ("fmul", "fdiv", "fnmul", "fmulx"):
            add(f"{op} {r}0, {r}1, {r}2", (k,) * 12)
        for op in ("fmadd", "fmsub", "fnmadd", "fnmsub"):
            add(f"{op} {r}0, {r}1, {r}2, {r}3", (k,) * 12)
    add("fcvt s0, d1", ("f32t",) * 12)
    return out
