# The instruction templates for the atomics / RCpc / FlagM differential fixture (see
# gen_atomics.py). `cases(rng)` returns dicts with the fields of int_instructions.py plus:
#   match  -- [(register, offset, bytes)]: the register's low `bytes` bytes are set to the
#             buffer's bytes at `offset` (its upper bits stay random), so CAS/CASP compare
#             equal and min/max see equal operands
#   memset -- {offset: bytes} written into the buffer before the case runs (edge values)
#   nzcv   -- None, or the NZCV input (bits 31..28) instead of a random one
# Registers used: x0-x15, sp, xzr. Never a branch.
from int_instructions import r, M64, CONDS

ORDERINGS = ["", "a", "l", "al"]
SIZES = [("b", 1, "w"), ("h", 2, "w"), ("", 4, "w"), ("", 8, "x")]
LD_OPS = ["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"]


def edge_values(size):
    """Edge values of a `size`-byte access: zero, one, signed/unsigned extremes."""
    bits = 8 * size
    top = 1 << (bits - 1)
    return [0, 1, 2, top - 1, top, top + 1, (1 << bits) - 1, (1 << bits) - 2, 0x55 * ((1 << bits) // 255)]


def cases(rng):
    out = []

    def add(family, *lines, base=None, rel=0, fixed=None, match=(), memset=None, nzcv=None):
        out.append(dict(family=family, lines=list(lines), base=base, rel=rel & M64, pcrel=None,
                        fixed=dict(fixed or {}), vec=False, match=list(match), memset=dict(memset or {}), nzcv=nzcv))

    def base_reg():
        return 31 if rng.random() < 0.12 else rng.randrange(16)

    def pick(k, avoid=()):
        pool = [i for i in range(16) if i not in avoid]
        rng.shuffle(pool)
        return pool[:k]

    def target(align, length=None):
        length = length or align
        return rng.randrange(0, 128 - length + 1) // align * align

    def edge_operand(size):
        """A register value whose low `size` bytes are an edge value, with random upper bits."""
        v = rng.choice(edge_values(size))
        return (rng.getrandbits(64) & ~((1 << (8 * size)) - 1) | v) & M64 if size < 8 else v

    def memory_edges(t, size):
        return {t: rng.choice(edge_values(size)).to_bytes(size, "little")} if rng.random() < 0.5 else {}

    # ---- LDADD ... LDUMIN and SWP: every size and ordering; Rs/Rt = XZR, Rs = Rt, SP base
    for sfx, size, form in SIZES:
        x = form == "x"
        for op in LD_OPS + ["swp"]:
            for order in ORDERINGS:
                for _ in range(6):
                    b = base_reg()
                    rs, rt = pick(2, avoid=(b,))
                    roll = rng.random()
                    if roll < 0.1:
                        rs = 31
                    elif roll < 0.2:
                        rt = rs
                    elif roll < 0.3:
                        rt = 31   # the assembler prints the ST* alias for the non-acquire forms
                    t = target(size)
                    fixed = {rs: edge_operand(size)} if rs != 31 and rng.random() < 0.4 else {}
                    match = [(rs, t, size)] if rs != 31 and not fixed and rng.random() < 0.15 else []
                    mn = ("swp" if op == "swp" else "ld" + op) + order + sfx
                    add("atomic memory ops", f"{mn} {r(rs, x)}, {r(rt, x)}, [{r(b, sp=True)}]", base=b, rel=t,
                        fixed=fixed, match=match, memset=memory_edges(t, size))
    # ---- the ST* aliases as such
    for sfx, size, form in SIZES:
        x = form == "x"
        for op in LD_OPS:
            for order in ("", "l"):
                for _ in range(3):
                    b = base_reg()
                    (rs,) = pick(1, avoid=(b,))
                    t = target(size)
                    add("atomic memory ops", f"st{op}{order}{sfx} {r(rs, x)}, [{r(b, sp=True)}]", base=b, rel=t,
                        fixed={rs: edge_operand(size)} if rng.random() < 0.4 else {}, memset=memory_edges(t, size))

    # ---- CAS: equal (the store happens) and different (it does not), every size and ordering
    for sfx, size, form in SIZES:
        x = form == "x"
        for order in ORDERINGS:
            for _ in range(10):
                b = base_reg()
                rs, rt = pick(2, avoid=(b,))
                roll = rng.random()
                if roll < 0.1:
                    rt = 31
                elif roll < 0.15:
                    rt = rs
                elif roll < 0.2:
                    rs = 31
                t = target(size)
                match = [(rs, t, size)] if rs != 31 and rng.random() < 0.5 else []
                add("exclusive/ordered", f"cas{order}{sfx} {r(rs, x)}, {r(rt, x)}, [{r(b, sp=True)}]", base=b, rel=t,
                    match=match)

    # ---- CASP: 32- and 64-bit pairs; both halves equal, one half equal, neither
    for form, size in (("w", 4), ("x", 8)):
        x = form == "x"
        for order in ORDERINGS:
            for _ in range(10):
                b = base_reg()
                evens = [e for e in range(0, 16, 2) if b not in (e, e + 1)]
                rs, rt = rng.sample(evens, 2)
                if rng.random() < 0.1:
                    rt = rs
                t = target(2 * size)
                roll = rng.random()
                match = ([(rs, t, size), (rs + 1, t + size, size)] if roll < 0.5 else
                         [(rs, t, size)] if roll < 0.65 else [(rs + 1, t + size, size)] if roll < 0.8 else [])
                add("exclusive/ordered", f"casp{order} {r(rs, x)}, {r(rs + 1, x)}, {r(rt, x)}, {r(rt + 1, x)}, "
                    f"[{r(b, sp=True)}]", base=b, rel=t, match=match)

    # ---- LDAPR (FEAT_LRCPC)
    for sfx, size, form in SIZES:
        for _ in range(8):
            b = base_reg()
            (rt,) = pick(1, avoid=(b,))
            t = target(size)
            add("atomic memory ops", f"ldapr{sfx} {r(rt, form == 'x')}, [{r(b, sp=True)}]", base=b, rel=t)

    # ---- LDAPUR*/STLUR* (FEAT_LRCPC2): every form, offsets -256...255
    unscaled = [("stlurb", 1, "w"), ("stlurh", 2, "w"), ("stlur", 4, "w"), ("stlur", 8, "x"),
                ("ldapurb", 1, "w"), ("ldapurh", 2, "w"), ("ldapur", 4, "w"), ("ldapur", 8, "x"),
                ("ldapursb", 1, "w"), ("ldapursb", 1, "x"), ("ldapursh", 2, "w"), ("ldapursh", 2, "x"),
                ("ldapursw", 4, "x")]
    for mn, size, form in unscaled:
        for _ in range(10):
            b = base_reg()
            (rt,) = pick(1, avoid=(b,))
            if mn.startswith("st") and rng.random() < 0.1:
                rt = 31
            disp = rng.choice([-256, 255, -1, 1, 0, -size, size, rng.randrange(-256, 256)])
            t = target(size)
            mem = memory_edges(t, size) if mn.startswith("ld") else {}
            add("LDAPUR/STLUR", f"{mn} {r(rt, form == 'x')}, [{r(b, sp=True)}, #{disp}]", base=b, rel=t - disp,
                memset=mem)

    # ---- FlagM / FlagM2: every NZCV input
    for nzcv in range(16):
        for insn in ("cfinv", "axflag", "xaflag"):
            add("CFINV/XAFLAG/AXFLAG", insn, nzcv=nzcv << 28)
    for _ in range(40):
        add("CFINV/XAFLAG/AXFLAG", rng.choice(["cfinv", "axflag", "xaflag"]))
    for _ in range(160):
        n = rng.randrange(16)
        shift = rng.choice([0, 1, 28, 60, 63, rng.randrange(64)])
        mask = rng.choice([0, 15, 1, 2, 4, 8, rng.randrange(16)])
        add("RMIF", f"rmif {r(n)}, #{shift}, #{mask}", fixed={n: rng.choice([0, M64, rng.getrandbits(64)])}
            if rng.random() < 0.2 else {})
    for insn, size in (("setf8", 1), ("setf16", 2)):
        for _ in range(80):
            n = rng.randrange(16)
            v = rng.choice(edge_values(size) + edge_values(size * 2))
            if rng.random() < 0.3:  # bits above the one V looks at are ignored
                v |= rng.getrandbits(64) >> (8 * size + 1) << (8 * size + 1)
            add("SETF8/SETF16", f"{insn} {r(n, False)}", fixed={n: v & M64} if rng.random() < 0.6 else {})

    # ---- blocks: flags live in EFLAGS around FlagM and atomics; atomics chained on one buffer
    setters = ["adds {a}, {b}, {c}", "subs {a}, {b}, {c}", "cmp {b}, {c}", "ands {a}, {b}, {c}", "ccmp {b}, {c}, #{f}, {cond}"]
    consumers = ["csel {a}, {b}, {c}, {cond}", "cset {a}, {cond}", "adc {a}, {b}, {c}", "sbcs {a}, {b}, {c}",
                 "mrs {a}, nzcv", "ccmn {b}, #{i5}, #{f}, {cond}"]
    flagm = ["cfinv", "axflag", "xaflag", "rmif {b}, #{s}, #{mask}", "setf8 {bw}", "setf16 {bw}"]
    atomics = ["ldadd {b}, {a}, [x15]", "ldsmax {b}, {a}, [x15]", "ldumin {bw}, {aw}, [x15]", "swpal {b}, {a}, [x15]",
               "stclr {b}, [x15]", "steorl {bw}, [x15]", "casal {b}, {a}, [x15]", "ldsetah {bw}, {aw}, [x15]",
               "caspal x8, x9, x10, x11, [x15]", "casp w8, w9, w10, w11, [x15]", "ldapr {a}, [x15]",
               "stlur {b}, [x15, #-8]", "ldapursb {a}, [x15, #-1]"]

    def fill(t):
        regs = rng.sample(range(8), 3)
        return t.format(a=r(regs[0]), b=r(regs[1]), c=r(regs[2]), aw=r(regs[0], False), bw=r(regs[1], False),
                        f=rng.randrange(16), cond=rng.choice(CONDS[:14]), i5=rng.randrange(32), s=rng.randrange(64),
                        mask=rng.randrange(16))

    for _ in range(300):
        lines = [fill(rng.choice(setters))]
        for _ in range(rng.randrange(1, 4)):
            lines.append(fill(rng.choice(flagm + atomics)))
        lines.append(fill(rng.choice(consumers)))
        if rng.random() < 0.5:
            lines.append(fill(rng.choice(flagm)))
            lines.append(fill(rng.choice(consumers)))
        add("sequence (flags)", *lines, base=15, rel=64,
            match=[(8, 64, 8), (9, 72, 8)] if rng.random() < 0.4 else [])
    for _ in range(200):
        lines = [fill(rng.choice(atomics)) for _ in range(rng.randrange(2, 7))]
        add("sequence (atomics)", *lines, base=15, rel=64,
            match=[(8, 64, 8), (9, 72, 8)] if rng.random() < 0.4 else [])
    return out
