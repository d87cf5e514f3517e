# The instruction list for the out-of-line differential fixture (see gen_outofline.py).
# Each entry: (assembly text, input kinds). Registers: v0-v7 and x0-x7 only; memory
# forms use x0 as the base (a 128-byte buffer, x0 = buffer + 32) and x1 = 24.

INT = ("int", "int2")
FP = ("f32", "f64", "int")
MEM = ("mem",)

def arr(ts):
    return ts.split()

ALL = arr("8b 16b 4h 8h 2s 4s 2d")
NO64 = arr("8b 16b 4h 8h 2s 4s")
HS = arr("4h 8h 2s 4s")
FPA = arr("2s 4s 2d")

def lst():
    out = []
    def add(text, kinds=INT):
        out.append((text, kinds))

    # three same, integer
    for op in "sqadd uqadd sqsub uqsub cmgt cmhi cmge cmhs sshl ushl sqshl uqshl srshl urshl sqrshl uqrshl add sub cmtst cmeq addp".split():
        for t in ALL:
            add(f"{op} v0.{t}, v1.{t}, v2.{t}")
    for op in "shadd uhadd srhadd urhadd shsub uhsub smax umax smin umin sabd uabd saba uaba mla mls mul smaxp umaxp sminp uminp".split():
        for t in NO64:
            add(f"{op} v0.{t}, v1.{t}, v2.{t}")
    for op in "sqdmulh sqrdmulh".split():
        for t in HS:
            add(f"{op} v0.{t}, v1.{t}, v2.{t}")
    for t in ("8b", "16b"):
        add(f"pmul v0.{t}, v1.{t}, v2.{t}")
        for op in "and bic orr orn eor bsl bit bif".split():
            add(f"{op} v0.{t}, v1.{t}, v2.{t}")
    add("add v3.16b, v3.16b, v3.16b")
    add("uminp v1.16b, v1.16b, v2.16b")

    # two-register misc, integer
    for t in arr("8b 16b 4h 8h 2s 4s"):
        add(f"rev64 v0.{t}, v1.{t}")
        add(f"cls v0.{t}, v1.{t}")
        add(f"clz v0.{t}, v1.{t}")
    for t in arr("8b 16b 4h 8h"):
        add(f"rev32 v0.{t}, v1.{t}")
    for t in ("8b", "16b"):
        for op in "rev16 cnt not rbit".split():
            add(f"{op} v0.{t}, v1.{t}")
    for wide, narrow in (("4h", "8b"), ("8h", "16b"), ("2s", "4h"), ("4s", "8h"), ("1d", "2s"), ("2d", "4s")):
        for op in "saddlp uaddlp sadalp uadalp".split():
            add(f"{op} v0.{wide}, v1.{narrow}")
    for t in ALL:
        for op in "suqadd usqadd sqabs sqneg abs neg".split():
            add(f"{op} v0.{t}, v1.{t}")
        for op in "cmgt cmeq cmlt cmge cmle".split():
            add(f"{op} v0.{t}, v1.{t}, #0")
    for n8, n16, w in (("8b", "16b", "8h"), ("4h", "8h", "4s"), ("2s", "4s", "2d")):
        for op in "xtn sqxtn uqxtn sqxtun".split():
            add(f"{op} v0.{n8}, v1.{w}")
            add(f"{op}2 v0.{n16}, v1.{w}")
    for w, n8, n16 in (("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")):
        add(f"shll v0.{w}, v1.{n8}, #{ {'8h': 8, '4s': 16, '2d': 32}[w] }")
        add(f"shll2 v0.{w}, v1.{n16}, #{ {'8h': 8, '4s': 16, '2d': 32}[w] }")

    # across lanes
    for t, r in (("8b", "b"), ("16b", "b"), ("4h", "h"), ("8h", "h"), ("4s", "s")):
        for op in "addv smaxv umaxv sminv uminv".split():
            add(f"{op} {r}0, v1.{t}")
    for t, r in (("8b", "h"), ("16b", "h"), ("4h", "s"), ("8h", "s"), ("4s", "d")):
        for op in "saddlv uaddlv".split():
            add(f"{op} {r}0, v1.{t}")
    for op in "fmaxv fminv fmaxnmv fminnmv".split():
        add(f"{op} s0, v1.4s", FP)

    # three different
    for d, a, a2 in (("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")):
        for op in "saddl uaddl ssubl usubl sabal uabal sabdl uabdl smlal umlal smlsl umlsl smull umull".split():
            add(f"{op} v0.{d}, v1.{a}, v2.{a}")
            add(f"{op}2 v0.{d}, v1.{a2}, v2.{a2}")
        for op in "saddw uaddw ssubw usubw".split():
            add(f"{op} v0.{d}, v1.{d}, v2.{a}")
            add(f"{op}2 v0.{d}, v1.{d}, v2.{a2}")
        for op in "addhn raddhn subhn rsubhn".split():
            add(f"{op} v0.{a}, v1.{d}, v2.{d}")
            add(f"{op}2 v0.{a2}, v1.{d}, v2.{d}")
        if d != "8h":
            for op in "sqdmull sqdmlal sqdmlsl".split():
                add(f"{op} v0.{d}, v1.{a}, v2.{a}")
                add(f"{op}2 v0.{d}, v1.{a2}, v2.{a2}")
    add("pmull v0.8h, v1.8b, v2.8b")
    add("pmull2 v0.8h, v1.16b, v2.16b")
    add("pmull v0.1q, v1.1d, v2.1d")
    add("pmull2 v0.1q, v1.2d, v2.2d")

    # shift by immediate
    sizes = {"8b": 8, "16b": 8, "4h": 16, "8h": 16, "2s": 32, "4s": 32, "2d": 64}
    for t in ALL:
        e = sizes[t]
        for sh in sorted({1, e // 2, e - 1, e}):
            for op in "sshr ushr ssra usra srshr urshr srsra ursra sri".split():
                add(f"{op} v0.{t}, v1.{t}, #{sh}")
        for sh in sorted({0, 1, e // 2, e - 1}):
            for op in "shl sli sqshl uqshl sqshlu".split():
                add(f"{op} v0.{t}, v1.{t}, #{sh}")
    for n8, n16, w in (("8b", "16b", "8h"), ("4h", "8h", "4s"), ("2s", "4s", "2d")):
        e = sizes[n8]
        for sh in sorted({1, e // 2, e}):
            for op in "shrn rshrn sqshrn uqshrn sqrshrn uqrshrn sqshrun sqrshrun".split():
                add(f"{op} v0.{n8}, v1.{w}, #{sh}")
                add(f"{op}2 v0.{n16}, v1.{w}, #{sh}")
    for w, n8, n16 in (("8h", "8b", "16b"), ("4s", "4h", "8h"), ("2d", "2s", "4s")):
        e = sizes[n8]
        for sh in sorted({0, 3, e - 1}):
            for op in "sshll ushll".split():
                add(f"{op} v0.{w}, v1.{n8}, #{sh}")
                add(f"{op}2 v0.{w}, v1.{n16}, #{sh}")
    for t in FPA:
        e = sizes[t]
        for fb in (1, 8, e):
            for op in "scvtf ucvtf fcvtzs fcvtzu".split():
                add(f"{op} v0.{t}, v1.{t}, #{fb}", FP)

    # FP vector three same / two-reg misc
    for t in FPA:
        for op in ("fadd fsub fmul fdiv fmax fmin fmaxnm fminnm fmla fmls fmulx fcmeq fcmge fcmgt facge facgt "
                   "fabd frecps frsqrts faddp fmaxp fminp fmaxnmp fminnmp").split():
            add(f"{op} v0.{t}, v1.{t}, v2.{t}", FP)
        for op in ("fabs fneg fsqrt frintn frintm frintp frintz frinta frintx frinti fcvtns fcvtnu fcvtms fcvtmu "
                   "fcvtps fcvtpu fcvtzs fcvtzu fcvtas fcvtau scvtf ucvtf").split():
            add(f"{op} v0.{t}, v1.{t}", FP)
        for op in "fcmgt fcmeq fcmlt fcmge fcmle".split():
            add(f"{op} v0.{t}, v1.{t}, #0.0", FP)
    for op in ("fcvtn", "fcvtxn"):
        add(f"{op} v0.2s, v1.2d", FP)
        add(f"{op}2 v0.4s, v1.2d", FP)
    add("fcvtl v0.2d, v1.2s", FP)
    add("fcvtl2 v0.2d, v1.4s", FP)

    # permute, extract, table lookup
    for t in arr("8b 16b 4h 8h 2s 4s 2d"):
        for op in "uzp1 uzp2 zip1 zip2 trn1 trn2".split():
            add(f"{op} v0.{t}, v1.{t}, v2.{t}")
    for k in (0, 1, 7):
        add(f"ext v0.8b, v1.8b, v2.8b, #{k}")
    for k in (0, 3, 8, 15):
        add(f"ext v0.16b, v1.16b, v2.16b, #{k}")
    for op in ("tbl", "tbx"):
        for t in ("8b", "16b"):
            add(f"{op} v0.{t}, {{v1.16b}}, v6.{t}", ("tbl",))
            add(f"{op} v0.{t}, {{v1.16b, v2.16b}}, v6.{t}", ("tbl",))
            add(f"{op} v0.{t}, {{v1.16b, v2.16b, v3.16b}}, v6.{t}", ("tbl",))
            add(f"{op} v0.{t}, {{v1.16b, v2.16b, v3.16b, v4.16b}}, v6.{t}", ("tbl",))

    # copy
    for t, lane, idx in (("8b", "b", 5), ("16b", "b", 15), ("4h", "h", 3), ("8h", "h", 7), ("2s", "s", 1),
                         ("4s", "s", 3), ("2d", "d", 1)):
        add(f"dup v0.{t}, v1.{lane}[{idx}]")
        add(f"dup v0.{t}, {'x' if lane == 'd' else 'w'}1")
        add(f"ins v0.{lane}[{idx}], v1.{lane}[0]")
        add(f"ins v0.{lane}[0], v1.{lane}[{idx}]")
        add(f"ins v0.{lane}[{idx}], {'x' if lane == 'd' else 'w'}1")
    for text in ("umov w0, v1.b[3]", "umov w0, v1.h[7]", "umov w0, v1.s[3]", "umov x0, v1.d[1]", "smov w0, v1.b[15]",
                 "smov x0, v1.b[7]", "smov w0, v1.h[1]", "smov x0, v1.h[6]", "smov x0, v1.s[3]",
                 "mov b0, v1.b[5]", "mov h0, v1.h[3]", "mov s0, v1.s[3]", "mov d0, v1.d[1]"):
        add(text)

    # modified immediate
    for text in ("movi v0.4s, #0x12, lsl #8", "movi v0.2s, #0xab, lsl #24", "mvni v0.4s, #0x12, lsl #16",
                 "orr v0.4s, #0x12, lsl #8", "orr v0.2s, #0xff", "bic v0.4s, #0x80, lsl #24", "bic v0.2s, #0x1",
                 "orr v0.8h, #0x34, lsl #8", "orr v0.4h, #0x34", "bic v0.8h, #0xff", "bic v0.4h, #0x7f, lsl #8",
                 "movi v0.8h, #0x34, lsl #8", "mvni v0.4h, #0x34", "movi v0.4s, #0x12, msl #8",
                 "mvni v0.2s, #0x12, msl #16", "movi v0.16b, #0xab", "movi v0.8b, #0x80",
                 "movi v0.2d, #0xff00ff0000ff00ff", "movi d0, #0xff000000000000ff", "fmov v0.4s, #1.5",
                 "fmov v0.2s, #-0.125", "fmov v0.2d, #-2.5", "fmov v0.2d, #31.0"):
        add(text)

    # structure loads and stores
    for text in ("ld1 {v0.16b}, [x0]", "ld1 {v0.8b}, [x0], #8", "ld1 {v0.4s, v1.4s}, [x0], #32",
                 "ld1 {v0.2d, v1.2d, v2.2d}, [x0]", "ld1 {v0.8b, v1.8b, v2.8b, v3.8b}, [x0], x1",
                 "ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", "ld2 {v0.8h, v1.8h}, [x0], #32",
                 "ld2 {v0.8b, v1.8b}, [x0]", "ld3 {v0.4s, v1.4s, v2.4s}, [x0], x1", "ld3 {v0.8b, v1.8b, v2.8b}, [x0]",
                 "ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", "ld4 {v0.4h, v1.4h, v2.4h, v3.4h}, [x0]",
                 "ld2 {v0.2d, v1.2d}, [x0]",
                 "st1 {v1.16b}, [x0]", "st1 {v1.8b}, [x0], #8", "st1 {v1.4s, v2.4s}, [x0], x1",
                 "st1 {v1.2d, v2.2d, v3.2d, v4.2d}, [x0]", "st2 {v1.8h, v2.8h}, [x0], #32",
                 "st3 {v1.8b, v2.8b, v3.8b}, [x0], #24", "st4 {v1.4s, v2.4s, v3.4s, v4.4s}, [x0]",
                 "st2 {v1.2s, v2.2s}, [x0], x1",
                 "ld1 {v0.b}[15], [x0]", "ld1 {v0.h}[3], [x0], #2", "ld1 {v0.s}[1], [x0], x1", "ld1 {v0.d}[1], [x0]",
                 "ld2 {v0.b, v1.b}[9], [x0], #2", "ld3 {v0.s, v1.s, v2.s}[2], [x0]",
                 "ld4 {v0.h, v1.h, v2.h, v3.h}[5], [x0], #8", "ld4 {v0.d, v1.d, v2.d, v3.d}[0], [x0], x1",
                 "st1 {v1.b}[7], [x0], #1", "st1 {v1.d}[1], [x0]", "st2 {v1.s, v2.s}[3], [x0], #8",
                 "st3 {v1.h, v2.h, v3.h}[6], [x0]", "st4 {v1.b, v2.b, v3.b, v4.b}[12], [x0], x1",
                 "ld1r {v0.16b}, [x0]", "ld1r {v0.4h}, [x0], #2", "ld1r {v0.2s}, [x0], x1", "ld1r {v0.2d}, [x0]",
                 "ld1r {v0.1d}, [x0]", "ld2r {v0.8h, v1.8h}, [x0], #4", "ld3r {v0.4s, v1.4s, v2.4s}, [x0]",
                 "ld4r {v0.8b, v1.8b, v2.8b, v3.8b}, [x0], #4"):
        add(text, MEM)

    # scalar
    add("addp d0, v1.2d")
    for op in "faddp fmaxp fminp fmaxnmp fminnmp".split():
        add(f"{op} s0, v1.2s", FP)
        add(f"{op} d0, v1.2d", FP)
    for op in "cmeq cmhi cmhs cmgt cmge cmtst add sub ushl sshl urshl srshl".split():
        add(f"{op} d0, d1, d2")
    for r in "bhsd":
        for op in "sqadd uqadd sqsub uqsub sqshl uqshl sqrshl uqrshl".split():
            add(f"{op} {r}0, {r}1, {r}2")
    for r in "hs":
        for op in "sqdmulh sqrdmulh".split():
            add(f"{op} {r}0, {r}1, {r}2")
    for r in "sd":
        for op in "fabd fcmeq fcmge fcmgt facge facgt fmulx frecps frsqrts".split():
            add(f"{op} {r}0, {r}1, {r}2", FP)
        for op in "fcvtzs fcvtzu fcvtns fcvtnu fcvtms fcvtmu fcvtps fcvtpu fcvtas fcvtau scvtf ucvtf".split():
            add(f"{op} {r}0, {r}1", FP)
        for op in "fcmeq fcmgt fcmge fcmle fcmlt".split():
            add(f"{op} {r}0, {r}1, #0.0", FP)
    add("fcvtxn s0, d1", FP)
    for op in "cmeq cmgt cmge cmle cmlt".split():
        add(f"{op} d0, d1, #0")
    for op in ("abs", "neg"):
        add(f"{op} d0, d1")
    for r in "bhsd":
        for op in "sqabs sqneg suqadd usqadd".split():
            add(f"{op} {r}0, {r}1")
    for d, s in (("b", "h"), ("h", "s"), ("s", "d")):
        for op in "sqxtn uqxtn sqxtun".split():
            add(f"{op} {d}0, {s}1")
    for sh in (1, 32, 63, 64):
        for op in "ushr sshr usra ssra urshr srshr ursra srsra sri".split():
            add(f"{op} d0, d1, #{sh}")
    for sh in (0, 1, 63):
        for op in "shl sli".split():
            add(f"{op} d0, d1, #{sh}")
    for r, e in (("b", 8), ("h", 16), ("s", 32), ("d", 64)):
        for sh in (0, 1, e - 1):
            for op in "sqshl uqshl sqshlu".split():
                add(f"{op} {r}0, {r}1, #{sh}")
    for d, s, e in (("b", "h", 8), ("h", "s", 16), ("s", "d", 32)):
        for sh in (1, e):
            for op in "sqshrn uqshrn sqrshrn uqrshrn sqshrun sqrshrun".split():
                add(f"{op} {d}0, {s}1, #{sh}")
    for r, e in (("s", 32), ("d", 64)):
        for fb in (1, 16, e):
            for op in "scvtf ucvtf fcvtzs fcvtzu".split():
                add(f"{op} {r}0, {r}1, #{fb}", FP)

    # scalar FP <-> integer
    for g in "wx":
        for r in "sd":
            for op in "fcvtzs fcvtzu fcvtns fcvtnu fcvtas fcvtau fcvtms fcvtmu fcvtps fcvtpu".split():
                add(f"{op} {g}0, {r}1", FP)
            for op in ("scvtf", "ucvtf"):
                add(f"{op} {r}0, {g}1", FP)
            for fb in (1, 16, 32):
                for op in ("fcvtzs", "fcvtzu"):
                    add(f"{op} {g}0, {r}1, #{fb}", FP)
                for op in ("scvtf", "ucvtf"):
                    add(f"{op} {r}0, {g}1, #{fb}", FP)
    for text in ("fmov w0, s1", "fmov x0, d1", "fmov s0, w1", "fmov d0, x1", "fmov x0, v1.d[1]", "fmov v0.d[1], x1"):
        add(text)
    for r in "sd":
        for cond in "eq ne cs cc mi pl vs vc hi ls ge lt gt le al nv".split():
            add(f"fccmp {r}1, {r}2, #5, {cond}", FP)
        add(f"fccmpe {r}1, {r}2, #10, ge", FP)
        for op in "frinta frintn frintp frintm frintz frintx frinti".split():
            add(f"{op} {r}0, {r}1", FP)
        for op in "fmax fmin fmaxnm fminnm".split():
            add(f"{op} {r}0, {r}1, {r}2", FP)

    # by element (vector and scalar x indexed element)
    for t, r, idxs in (("2s", "s", (0, 3)), ("4s", "s", (1, 2)), ("2d", "d", (0, 1))):
        for op in "fmla fmls fmul fmulx".split():
            for i in idxs:
                add(f"{op} v0.{t}, v1.{t}, v2.{r}[{i}]", ("f32",) if r == "s" else ("f64",))
    for r, idxs in (("s", (0, 3)), ("d", (0, 1))):
        for op in "fmla fmls fmul fmulx".split():
            for i in idxs:
                add(f"{op} {r}0, {r}1, v2.{r}[{i}]", ("f32",) if r == "s" else ("f64",))
    add("fmla v1.4s, v1.4s, v1.s[1]", ("f32",))
    add("fmul d3, d3, v3.d[1]", ("f64",))
    for t, r, idxs in (("4h", "h", (0, 7)), ("8h", "h", (2, 5)), ("2s", "s", (0, 3)), ("4s", "s", (1, 2))):
        for op in "mla mls mul sqdmulh sqrdmulh".split():
            for i in idxs:
                add(f"{op} v0.{t}, v1.{t}, v2.{r}[{i}]")
    for d, a, a2, r, idxs in (("4s", "4h", "8h", "h", (1, 6)), ("2d", "2s", "4s", "s", (0, 3))):
        for op in "smull umull smlal umlal smlsl umlsl sqdmull sqdmlal sqdmlsl".split():
            for i in idxs:
                add(f"{op} v0.{d}, v1.{a}, v2.{r}[{i}]")
                add(f"{op}2 v0.{d}, v1.{a2}, v2.{r}[{i}]")
    for r, idxs in (("h", (0, 7)), ("s", (1, 2))):
        for op in "sqdmulh sqrdmulh".split():
            for i in idxs:
                add(f"{op} {r}0, {r}1, v2.{r}[{i}]")
    for d, s_, r, idxs in (("s", "h", "h", (3, 4)), ("d", "s", "s", (0, 3))):
        for op in "sqdmull sqdmlal sqdmlsl".split():
            for i in idxs:
                add(f"{op} {d}0, {s_}1, v2.{r}[{i}]")
    add("mla v2.8h, v1.8h, v2.h[3]")
    add("smlal2 v1.4s, v1.8h, v1.h[7]")

    # FPCR.FZ and RMode (random per case): scalar and vector arithmetic, conversions, compares
    S, D = ("f32m",) * 5, ("f64m",) * 5
    for r, k in (("s", S), ("d", D)):
        for op in "fadd fsub fmul fdiv fnmul fmax fmin fmaxnm fminnm fmulx fabd frecps frsqrts".split():
            add(f"{op} {r}0, {r}1, {r}2", k)
        for op in "fmadd fmsub fnmadd fnmsub".split():
            add(f"{op} {r}0, {r}1, {r}2, {r}3", k)
        for op in "fsqrt fabs fneg fmov frintn frintp frintm frintz frinta frintx frinti".split():
            add(f"{op} {r}0, {r}1", k)
        for op in "fcvtzs fcvtzu fcvtns fcvtas fcvtps fcvtms scvtf ucvtf".split():
            add(f"{op} {r}0, {r}1", k)
        for g in "wx":
            for op in "fcvtzs fcvtzu fcvtns fcvtps fcvtms fcvtas".split():
                add(f"{op} {g}0, {r}1", k)
            for op in ("scvtf", "ucvtf"):
                add(f"{op} {r}0, {g}1", k)
                add(f"{op} {r}0, {g}1, #7", k)
            add(f"fcvtzs {g}0, {r}1, #12", k)
        add(f"fcmp {r}1, {r}2", k)
        add(f"fcmpe {r}1, #0.0", k)
        add(f"fccmp {r}1, {r}2, #3, ne", k)
        add(f"fcmeq {r}0, {r}1, {r}2", k)
        add(f"fcmle {r}0, {r}1, #0.0", k)
        add(f"fmla {r}0, {r}1, v2.{r}[1]", k)
    add("fcvt s0, d1", D)
    add("fcvt d0, s1", S)
    add("fcvtxn s0, d1", D)
    for t, k in (("2s", S), ("4s", S), ("2d", D)):
        for op in "fadd fsub fmul fdiv fmla fmls fmulx fabd frecps frsqrts faddp fmax fminnm fcmge".split():
            add(f"{op} v0.{t}, v1.{t}, v2.{t}", k)
        for op in "fsqrt frintx frintn fcvtzs fcvtps scvtf ucvtf".split():
            add(f"{op} v0.{t}, v1.{t}", k)
        add(f"fcmgt v0.{t}, v1.{t}, #0.0", k)
        add(f"scvtf v0.{t}, v1.{t}, #3", k)
        add(f"fmul v0.{t}, v1.{t}, v2.{t[-1]}[1]", k)
    add("fcvtn v0.2s, v1.2d", D)
    add("fcvtn2 v0.4s, v1.2d", D)
    add("fcvtxn v0.2s, v1.2d", D)
    add("fcvtl v0.2d, v1.2s", S)
    add("fmaxv s0, v1.4s", S)

    # cryptographic extension
    R = ("int",) * 4
    for op in "aese aesd aesmc aesimc".split():
        add(f"{op} v0.16b, v1.16b", R)
        add(f"{op} v3.16b, v3.16b", R)
    for op in "sha1c sha1p sha1m".split():
        add(f"{op} q0, s1, v2.4s", R)
    for op in ("sha256h", "sha256h2"):
        add(f"{op} q0, q1, v2.4s", R)
    for op in ("sha1su0", "sha256su1"):
        add(f"{op} v0.4s, v1.4s, v2.4s", R)
    add("sha1h s0, s1", R)
    add("sha1su1 v0.4s, v1.4s", R)
    add("sha256su0 v0.4s, v1.4s", R)
    add("sha256h q2, q3, v2.4s", R)
    return out
