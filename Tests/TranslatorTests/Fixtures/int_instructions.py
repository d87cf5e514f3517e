# The instruction templates for the integer/memory differential fixture (see
# gen_integer.py). `cases(rng)` returns a list of dicts:
#   family  -- the A64Table family the case exercises (for the report)
#   lines   -- the assembly lines run as one block (usually one instruction)
#   base    -- None, or the register (0-15, 31 = SP) holding the buffer address; its
#              input is then an offset into the 128-byte buffer (added by the harness)
#   rel     -- that offset (any 64-bit value: the access may use a large displacement)
#   pcrel   -- None, or ("a"|"p", register): the register's output is compared relative
#              to the instruction address (ADR) or its 4 KiB page (ADRP)
#   fixed   -- {register: value} inputs that override the random ones (16 = SP)
#   vec     -- True when V0-V3 matter (their inputs are random, else zero)
# Registers used: x0-x15, sp, xzr; v0-v3. Never a branch.

M64 = (1 << 64) - 1
CONDS = "eq ne cs cc mi pl vs vc hi ls ge lt gt le al nv".split()
SHIFTS = ["lsl", "lsr", "asr", "ror"]


def r(n, is64=True, sp=False):
    """Register name: n = 31 is the zero register, or SP when `sp`."""
    if n == 31:
        return ("sp" if is64 else "wsp") if sp else ("xzr" if is64 else "wzr")
    return f"{'x' if is64 else 'w'}{n}"


def bitmask(n, immr, imms, is64):
    """DecodeBitMasks (wmask) or None for a reserved encoding."""
    combined = (n << 6) | (~imms & 0x3F)
    if combined == 0:
        return None
    length = combined.bit_length() - 1
    if length < 1:
        return None
    esize = 1 << length
    if not is64 and esize == 64:
        return None
    levels = esize - 1
    s, rr = imms & levels, immr & levels
    if s == levels:
        return None
    welem = (1 << (s + 1)) - 1
    emask = (1 << esize) - 1
    rot = ((welem >> rr) | (welem << (esize - rr))) & emask if rr else welem
    v = 0
    for pos in range(0, 64, esize):
        v |= rot << pos
    return v if is64 else v & 0xFFFFFFFF


def cases(rng):
    out = []

    def add(family, *lines, base=None, rel=0, pcrel=None, fixed=None, vec=False):
        out.append(dict(family=family, lines=list(lines), base=base, rel=rel & M64, pcrel=pcrel,
                        fixed=dict(fixed or {}), vec=vec))

    def reg():
        return rng.randrange(16)

    def regz():  # a register or the zero register
        return 31 if rng.random() < 0.08 else rng.randrange(16)

    # ---- ADR / ADRP (outputs relative to the instruction / its page)
    for _ in range(30):
        d = reg()
        off = rng.choice([0, 4, -4, 1, -1, 3, (1 << 20) - 1, -(1 << 20), rng.randrange(-(1 << 20), 1 << 20)])
        add("ADR/ADRP", f"adr {r(d)}, . + ({off})", pcrel=("a", d))
    for _ in range(20):
        d = reg()
        pages = rng.choice([0, 1, -1, (1 << 20) - 1, -(1 << 20), rng.randrange(-(1 << 20), 1 << 20)])
        add("ADR/ADRP", f"adrp {r(d)}, . + ({pages} * 4096)", pcrel=("p", d))

    # ---- ADD/SUB (immediate), incl. SP operands and LSL #12
    for _ in range(320):
        is64 = rng.random() < 0.5
        op = rng.choice(["add", "adds", "sub", "subs", "cmp", "cmn", "mov"])
        imm = rng.choice([0, 1, 4095, 0x800, 0xFFF, rng.randrange(4096)])
        sh = ", lsl #12" if rng.random() < 0.3 else ""
        n = 31 if rng.random() < 0.2 else reg()
        d = 31 if rng.random() < 0.15 and op in ("add", "sub") else reg()
        if op == "mov":  # ADD #0 to/from SP
            if rng.random() < 0.5:
                add("ADD/SUB (imm)", f"mov {r(reg(), is64)}, {r(31, is64, sp=True)}")
            else:
                add("ADD/SUB (imm)", f"mov {r(31, is64, sp=True)}, {r(reg(), is64)}")
            continue
        if op in ("cmp", "cmn"):
            add("ADD/SUB (imm)", f"{op} {r(n, is64, sp=True)}, #{imm}{sh}")
        else:
            add("ADD/SUB (imm)", f"{op} {r(d, is64, sp=op in ('add', 'sub'))}, {r(n, is64, sp=True)}, #{imm}{sh}")

    # ---- logical (immediate): many bitmask patterns
    for _ in range(320):
        is64 = rng.random() < 0.6
        while True:
            nbit = rng.randrange(2) if is64 else 0
            immr, imms = rng.randrange(64 if is64 else 32), rng.randrange(64)
            v = bitmask(nbit, immr, imms, is64)
            if v is not None:
                break
        op = rng.choice(["and", "orr", "eor", "ands", "tst", "mov"])
        n, d = regz(), reg()
        if op == "tst":
            add("logical (imm)", f"tst {r(n, is64)}, #{v:#x}")
        elif op == "mov":
            add("logical (imm)", f"orr {r(d, is64)}, {r(31, is64)}, #{v:#x}")
        else:
            if op != "ands" and rng.random() < 0.1:
                d = 31  # SP destination
            add("logical (imm)", f"{op} {r(d, is64, sp=op != 'ands')}, {r(n, is64)}, #{v:#x}")

    # ---- MOVZ/MOVN/MOVK, every hw
    for is64 in (False, True):
        for hw in range(4 if is64 else 2):
            for op in ("movz", "movn", "movk"):
                for _ in range(8):
                    imm = rng.choice([0, 0xFFFF, 0x8000, 1, rng.randrange(1 << 16)])
                    add("MOVN/MOVZ/MOVK", f"{op} {r(regz(), is64)}, #{imm:#x}, lsl #{16 * hw}")

    # ---- bitfield: raw SBFM/UBFM/BFM and the aliases, edge lsb/width
    for _ in range(240):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        op = rng.choice(["sbfm", "ubfm", "bfm"])
        immr = rng.choice([0, 1, w - 1, w // 2, rng.randrange(w)])
        imms = rng.choice([0, 1, w - 1, w // 2, immr, immr - 1 if immr else 0, rng.randrange(w)])
        add("bitfield", f"{op} {r(regz(), is64)}, {r(regz(), is64)}, #{immr}, #{imms}")
    for _ in range(200):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        op = rng.choice(["sbfx", "ubfx", "bfi", "bfxil", "sbfiz", "ubfiz"])
        lsb = rng.choice([0, 1, w - 1, w // 2, rng.randrange(w)])
        width = rng.choice([1, w - lsb, rng.randrange(1, w - lsb + 1)])
        add("bitfield", f"{op} {r(reg(), is64)}, {r(regz(), is64)}, #{lsb}, #{width}")
    for _ in range(120):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        op = rng.choice(["lsl", "lsr", "asr", "sxtb", "sxth", "sxtw", "uxtb", "uxth"])
        d, n = reg(), regz()
        if op in ("lsl", "lsr", "asr"):
            add("bitfield", f"{op} {r(d, is64)}, {r(n, is64)}, #{rng.choice([0, 1, w - 1, w // 2, rng.randrange(w)])}")
        elif op == "sxtw":
            add("bitfield", f"sxtw {r(d)}, {r(n, False)}")
        elif op.startswith("u"):
            add("bitfield", f"{op} {r(d, False)}, {r(n, False)}")
        else:
            add("bitfield", f"{op} {r(d, is64)}, {r(n, False)}")

    # ---- EXTR / ROR (immediate)
    for _ in range(110):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        lsb = rng.choice([0, 1, w - 1, w // 2, rng.randrange(w)])
        n = regz()
        m = n if rng.random() < 0.3 else regz()
        if rng.random() < 0.3:
            add("EXTR", f"ror {r(reg(), is64)}, {r(n, is64)}, #{lsb}")
        else:
            add("EXTR", f"extr {r(reg(), is64)}, {r(n, is64)}, {r(m, is64)}, #{lsb}")

    # ---- logical (shifted register) incl. ROR and the MOV/MVN/TST aliases
    for _ in range(420):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        op = rng.choice(["and", "orr", "eor", "bic", "orn", "eon", "ands", "bics", "mov", "mvn", "tst"])
        sh = rng.choice(SHIFTS)
        amt = rng.choice([0, 1, w - 1, 31, rng.randrange(w)])
        n = regz()
        m = n if rng.random() < 0.15 else regz()
        d = reg()
        shift = f", {sh} #{amt}"
        if op == "mov":
            add("logical (shifted)", f"mov {r(d, is64)}, {r(m, is64)}")
        elif op == "mvn":
            add("logical (shifted)", f"mvn {r(d, is64)}, {r(m, is64)}{shift}")
        elif op == "tst":
            add("logical (shifted)", f"tst {r(n, is64)}, {r(m, is64)}{shift}")
        else:
            add("logical (shifted)", f"{op} {r(d, is64)}, {r(n, is64)}, {r(m, is64)}{shift}")

    # ---- ADD/SUB (shifted register) incl. CMP/CMN/NEG/NEGS
    for _ in range(330):
        is64 = rng.random() < 0.5
        w = 64 if is64 else 32
        op = rng.choice(["add", "adds", "sub", "subs", "cmp", "cmn", "neg", "negs"])
        sh = rng.choice(SHIFTS[:3])
        amt = rng.choice([0, 1, 2, 3, w - 1, 31, rng.randrange(w)])
        n = regz()
        m = n if rng.random() < 0.15 else regz()
        shift = f", {sh} #{amt}"
        if op in ("cmp", "cmn"):
            add("ADD/SUB (shifted)", f"{op} {r(n, is64)}, {r(m, is64)}{shift}")
        elif op in ("neg", "negs"):
            add("ADD/SUB (shifted)", f"{op} {r(reg(), is64)}, {r(m, is64)}{shift}")
        else:
            add("ADD/SUB (shifted)", f"{op} {r(reg(), is64)}, {r(n, is64)}, {r(m, is64)}{shift}")

    # ---- ADD/SUB (extended register), SP operands
    for _ in range(330):
        is64 = rng.random() < 0.5
        op = rng.choice(["add", "adds", "sub", "subs", "cmp", "cmn"])
        ext = rng.choice(["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"])
        amt = rng.randrange(5)
        mx = is64 and ext in ("uxtx", "sxtx")
        m = regz()
        n = 31 if rng.random() < 0.3 else reg()  # SP as the first operand
        d = 31 if rng.random() < 0.15 and op in ("add", "sub") else reg()
        e = f"{ext} #{amt}" if amt or rng.random() < 0.5 else ext
        if op in ("cmp", "cmn"):
            add("ADD/SUB (extended)", f"{op} {r(n, is64, sp=True)}, {r(m, mx)}, {e}")
        else:
            add("ADD/SUB (extended)", f"{op} {r(d, is64, sp=op in ('add', 'sub'))}, {r(n, is64, sp=True)}, {r(m, mx)}, {e}")

    # ---- ADC/ADCS/SBC/SBCS/NGC/NGCS
    for _ in range(160):
        is64 = rng.random() < 0.5
        op = rng.choice(["adc", "adcs", "sbc", "sbcs", "ngc", "ngcs"])
        if op.startswith("ngc"):
            add("ADC/SBC", f"{op} {r(reg(), is64)}, {r(regz(), is64)}")
        else:
            add("ADC/SBC", f"{op} {r(reg(), is64)}, {r(regz(), is64)}, {r(regz(), is64)}")

    # ---- CCMP/CCMN, register and immediate, every condition
    for op in ("ccmp", "ccmn"):
        for c in CONDS:
            for is64 in (False, True):
                for _ in range(2):
                    b = f"#{rng.choice([0, 1, 31, rng.randrange(32)])}" if rng.random() < 0.5 else r(regz(), is64)
                    add("CCMN/CCMP", f"{op} {r(regz(), is64)}, {b}, #{rng.randrange(16)}, {c}")

    # ---- CSEL family, every condition; aliases (not AL/NV)
    for op in ("csel", "csinc", "csinv", "csneg"):
        for c in CONDS:
            for is64 in (False, True):
                for _ in range(2):
                    add("CSEL family", f"{op} {r(reg(), is64)}, {r(regz(), is64)}, {r(regz(), is64)}, {c}")
    for op in ("cset", "csetm", "cinc", "cinv", "cneg"):
        for c in CONDS[:14]:
            is64 = rng.random() < 0.5
            if op in ("cset", "csetm"):
                add("CSEL family", f"{op} {r(reg(), is64)}, {c}")
            else:
                add("CSEL family", f"{op} {r(reg(), is64)}, {r(regz(), is64)}, {c}")

    # ---- DP 3-source
    for _ in range(230):
        op = rng.choice(["madd", "msub", "mul", "mneg", "smaddl", "smsubl", "umaddl", "umsubl",
                         "smull", "umull", "smnegl", "umnegl", "smulh", "umulh"])
        is64 = rng.random() < 0.5
        d, n, m, a = reg(), regz(), regz(), regz()
        if op in ("madd", "msub"):
            add("DP 3-source", f"{op} {r(d, is64)}, {r(n, is64)}, {r(m, is64)}, {r(a, is64)}")
        elif op in ("mul", "mneg"):
            add("DP 3-source", f"{op} {r(d, is64)}, {r(n, is64)}, {r(m, is64)}")
        elif op in ("smaddl", "smsubl", "umaddl", "umsubl"):
            add("DP 3-source", f"{op} {r(d)}, {r(n, False)}, {r(m, False)}, {r(a)}")
        elif op in ("smulh", "umulh"):
            add("DP 3-source", f"{op} {r(d)}, {r(n)}, {r(m)}")
        else:
            add("DP 3-source", f"{op} {r(d)}, {r(n, False)}, {r(m, False)}")

    # ---- DP 2-source: division (with /0 and INT_MIN/-1), variable shifts, CRC32
    for _ in range(120):
        is64 = rng.random() < 0.5
        op = rng.choice(["udiv", "sdiv"])
        d, n, m = reg(), regz(), regz()
        add("DP 2-source", f"{op} {r(d, is64)}, {r(n, is64)}, {r(m, is64)}")
    for is64 in (False, True):
        for op in ("udiv", "sdiv"):
            lo = (1 << 63) if is64 else (0xABCD000080000000 if op == "sdiv" else 0x80000000)
            for div in (0, M64, 1, 0xFFFFFFFF, 0x12345678_00000000):
                add("DP 2-source", f"{op} {r(3, is64)}, {r(4, is64)}, {r(5, is64)}", fixed={4: lo, 5: div})
    for _ in range(150):
        is64 = rng.random() < 0.5
        op = rng.choice(["lslv", "lsrv", "asrv", "rorv", "lsl", "lsr", "asr", "ror"])
        d, n, m = reg(), regz(), reg()
        amt = rng.choice([0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 255, 0xFFFFFFFF, 0xABCDEF00000000 | rng.randrange(256)])
        add("DP 2-source", f"{op} {r(d, is64)}, {r(n, is64)}, {r(m, is64)}", fixed={m: amt} if n != m else {})
    for op in ("crc32b", "crc32h", "crc32w", "crc32x", "crc32cb", "crc32ch", "crc32cw", "crc32cx"):
        for _ in range(10):
            add("DP 2-source", f"{op} {r(reg(), False)}, {r(regz(), False)}, {r(regz(), op.endswith('x'))}")

    # ---- DP 1-source
    for _ in range(170):
        is64 = rng.random() < 0.5
        op = rng.choice(["rbit", "rev16", "rev", "clz", "cls"] + (["rev32"] if is64 else []))
        add("DP 1-source", f"{op} {r(reg(), is64)}, {r(regz(), is64)}")

    # ---- MRS/MSR: NZCV (single and round trip), TPIDR_EL0 round trip, FPCR/FPSR reads
    for _ in range(15):
        add("MSR/MRS (reg)", f"msr nzcv, {r(regz())}")
        add("MSR/MRS (reg)", f"mrs {r(reg())}, nzcv")
        a, b = reg(), reg()
        add("MSR/MRS (reg)", f"msr nzcv, {r(a)}", f"mrs {r(b)}, nzcv")
    for _ in range(5):
        a, b = reg(), reg()
        add("MSR/MRS (reg)", f"msr tpidr_el0, {r(a)}", f"mrs {r(b)}, tpidr_el0")
        add("MSR/MRS (reg)", f"mrs {r(reg())}, fpcr")
        add("MSR/MRS (reg)", f"mrs {r(reg())}, fpsr")
    add("MSR/MRS (reg)", f"mrs {r(reg())}, dczid_el0")
    for _ in range(6):
        a, b = reg(), reg()
        add("MSR/MRS (reg)", f"msr fpsr, {r(a)}", f"mrs {r(b)}, fpsr")
        add("MSR/MRS (reg)", f"msr fpcr, {r(a)}", f"mrs {r(b)}, fpcr")
    for t in ("nop", "yield", "dmb ish", "dmb ishld", "dsb sy", "isb", "clrex", "hint #25", "hint #29",
              "hint #34", "hint #7", "sev", "sevl"):
        add("HINT/barriers", t)
    for t in ("dc cvau", "dc civac", "dc cvac", "ic ivau"):
        add("SYS", f"{t}, {r(reg())}")

    # ---- LDR (literal): only targets inside the block (the instruction itself and the
    # NOPs after it), which sit at the same relative place in qemu and in the JIT slot
    for text, size in (("ldr x{d}, .", 8), ("ldr w{d}, . + 4", 4), ("ldrsw x{d}, . + 4", 4), ("ldrsw x{d}, .", 4),
                       ("ldr d{v}, .", 8), ("ldr s{v}, . + 8", 4), ("ldr q{v}, .", 16), ("prfm pldl1keep, .", 0),
                       ("ldr x{d}, . + 8", 8)):
        for _ in range(4):
            add("LDR (literal)", text.format(d=reg(), v=rng.randrange(4)), "nop", "nop", "nop", vec=True)

    mem_cases(rng, add)
    sequences(rng, add)
    return out


SETTERS = ["adds {d}, {n}, {m}", "subs {d}, {n}, {m}", "cmp {n}, {m}", "cmn {n}, {m}", "ands {d}, {n}, {m}",
           "tst {n}, {m}", "bics {d}, {n}, {m}", "adcs {d}, {n}, {m}", "sbcs {d}, {n}, {m}", "negs {d}, {m}",
           "cmp {n}, #{i}", "cmn {n}, #{i}", "subs {d}, {n}, #{i}", "adds {d}, {n}, #{i}, lsl #12",
           "ands {d}, {n}, #0xff", "tst {n}, #0x80000000", "subs {d}, {n}, {m}, lsl #3",
           "cmp {n}, {mw}, sxtw", "ccmp {n}, {m}, #{f}, {c}", "ccmn {n}, #{i5}, #{f}, {c}", "msr nzcv, {x}"]
CONSUMERS = ["csel {d}, {n}, {m}, {c}", "csinc {d}, {n}, {m}, {c}", "csinv {d}, {n}, {m}, {c}",
             "csneg {d}, {n}, {m}, {c}", "cset {d}, {c14}", "csetm {d}, {c14}", "cinc {d}, {n}, {c14}",
             "adc {d}, {n}, {m}", "sbc {d}, {n}, {m}", "adcs {d}, {n}, {m}", "ngc {d}, {m}",
             "ccmp {n}, {m}, #{f}, {c}", "ccmn {n}, #{i5}, #{f}, {c}", "mrs {x}, nzcv"]
# Flag-neutral instructions that x86 code may implement with EFLAGS-clobbering ops.
NEUTRAL = ["add {d}, {n}, {m}", "sub {d}, {n}, {m}, lsl #{s}", "lsl {d}, {n}, {m}", "ror {d}, {n}, {m}",
           "mul {d}, {n}, {m}", "udiv {d}, {n}, {m}", "sdiv {d}, {n}, {m}", "umulh {x}, {x}, {x}",
           "clz {d}, {n}", "rbit {d}, {n}", "and {d}, {n}, #0xf0", "eor {d}, {n}, {m}, ror #{s}",
           "ubfx {x}, {x}, #3, #20", "movk {d}, #0x1234, lsl #16", "neg {d}, {m}", "crc32cb {w}, {w}, {w}",
           "add {d}, {n}, {mw}, uxtb #2", "ldr {x}, [x15, #{o8}]", "str {x}, [x15, #{o8}]",
           "ldrsb {x}, [x15, x14, lsl #0]", "ldp {x}, {x}, [x15, #-16]", "stxr {w}, {x}, [x15]",
           "msr fpsr, {x}"]
OTHER = ["madd {d}, {n}, {m}, {n}", "extr {d}, {n}, {m}, #{s}", "bfi {d}, {n}, #{s}, #4",
         "sbfx {d}, {n}, #{s}, #3", "orn {d}, {n}, {m}, asr #{s}", "rev {d}, {n}", "cls {d}, {n}",
         "asr {d}, {n}, #{s}", "lsr {d}, {n}, {m}", "movz {d}, #0x8000", "movn {d}, #0"]


def sequences(rng, add):
    """Multi-instruction blocks: flags kept in host EFLAGS between a setter and its
    consumers (with EFLAGS-clobbering instructions between), and register forwarding
    across instructions. Registers x0-x7; memory through x15 = buffer + 64 (x14 a
    small index)."""
    def fill(t, regs):
        is64 = rng.random() < 0.5
        def pick():
            zero_ok = "#" not in t and "xt" not in t
            return rng.choice(regs + [31]) if zero_ok and rng.random() < 0.1 else rng.choice(regs)
        def nz(k):  # a register that is not the zero register
            return r(rng.choice(regs), k)
        if "ldr" in t or "str" in t or "ldp" in t or "stxr" in t or "[x15" in t:
            x = [r(v) for v in rng.sample(regs, 3)]
            t = t.replace("ldr {x}, [x15, #{o8}]", f"ldr {x[0]}, [x15, #{8 * rng.randrange(-8, 7)}]")
            t = t.replace("str {x}, [x15, #{o8}]", f"str {x[0]}, [x15, #{8 * rng.randrange(-8, 7)}]")
            t = t.replace("ldrsb {x}, [x15, x14, lsl #0]", f"ldrsb {x[0]}, [x15, x14, lsl #0]")
            t = t.replace("ldp {x}, {x}, [x15, #-16]", f"ldp {x[0]}, {x[1]}, [x15, #-16]")
            t = t.replace("stxr {w}, {x}, [x15]", f"stxr {x[2].replace('x', 'w')}, {x[1]}, [x15]")
            return t
        w = 64 if is64 else 32
        out = t.format(d=r(pick(), is64), n=r(pick(), is64), m=r(pick(), is64), mw=r(pick(), False),
                       x=nz(True), w=nz(False), i=rng.choice([0, 1, 4095, rng.randrange(4096)]),
                       i5=rng.randrange(32), f=rng.randrange(16), c=rng.choice(CONDS), c14=rng.choice(CONDS[:14]),
                       s=rng.randrange(1, w - 4 if "#4" in t or ", #3" in t else w), o8=0)
        return out

    regs = list(range(8))
    for _ in range(1200):
        lines = [fill(rng.choice(SETTERS), regs)]
        if rng.random() < 0.5:
            lines.append(fill(rng.choice(NEUTRAL), regs))
        lines.append(fill(rng.choice(CONSUMERS), regs))
        if rng.random() < 0.3:
            lines.append(fill(rng.choice(CONSUMERS), regs))
        add("sequence (flags)", *lines, base=15, rel=64, fixed={14: rng.randrange(-64, 64) & M64})
    pool = SETTERS + CONSUMERS + NEUTRAL + OTHER
    for _ in range(600):
        lines = [fill(rng.choice(pool), regs[:4]) for _ in range(4)]
        add("sequence (registers)", *lines, base=15, rel=64, fixed={14: rng.randrange(-64, 64) & M64})
    # long blocks over x0-x13: many live values, so the allocator spills
    for _ in range(300):
        lines = [fill(rng.choice(pool), list(range(14))) for _ in range(rng.randrange(8, 17))]
        add("sequence (long)", *lines, base=15, rel=64, fixed={14: rng.randrange(-64, 64) & M64})


def mem_cases(rng, add):
    """Loads and stores on the 128-byte buffer (base register = buffer + rel)."""
    def pick_regs(k, avoid=()):
        pool = [i for i in range(16) if i not in avoid]
        rng.shuffle(pool)
        return pool[:k]

    def base_reg():
        return 31 if rng.random() < 0.12 else rng.randrange(16)

    def target(nbytes, align):
        t = rng.randrange(0, 128 - nbytes + 1)
        return t - t % align if rng.random() < 0.8 else t

    # size name, bytes, register form, is vector
    singles = [("strb", 1, "w", False), ("strh", 2, "w", False), ("str", 4, "w", False), ("str", 8, "x", False),
               ("ldrb", 1, "w", False), ("ldrh", 2, "w", False), ("ldr", 4, "w", False), ("ldr", 8, "x", False),
               ("ldrsb", 1, "w", False), ("ldrsb", 1, "x", False), ("ldrsh", 2, "w", False),
               ("ldrsh", 2, "x", False), ("ldrsw", 4, "x", False),
               ("str", 1, "b", True), ("str", 2, "h", True), ("str", 4, "s", True), ("str", 8, "d", True),
               ("str", 16, "q", True), ("ldr", 1, "b", True), ("ldr", 2, "h", True), ("ldr", 4, "s", True),
               ("ldr", 8, "d", True), ("ldr", 16, "q", True)]
    unscaled = {"strb": "sturb", "strh": "sturh", "str": "stur", "ldrb": "ldurb", "ldrh": "ldurh", "ldr": "ldur",
                "ldrsb": "ldursb", "ldrsh": "ldursh", "ldrsw": "ldursw"}
    unpriv = {"strb": "sttrb", "strh": "sttrh", "str": "sttr", "ldrb": "ldtrb", "ldrh": "ldtrh", "ldr": "ldtr",
              "ldrsb": "ldtrsb", "ldrsh": "ldtrsh", "ldrsw": "ldtrsw"}

    def rt_name(form, rt):
        return f"{form}{rt}" if form in "bhsdq" else r(rt, form == "x")

    for op, size, form, vec in singles:
        for mode in ("uimm", "uimm-max", "unscaled", "unpriv", "pre", "post", "reg"):
            if mode == "unpriv" and vec:
                continue
            for _ in range(14 if mode == "reg" else 3):
                b = base_reg()
                if vec:
                    rt = rng.randrange(4)
                else:
                    rt = pick_regs(1, avoid=(b,))[0]
                    if op.startswith("st") and rng.random() < 0.1:
                        rt = 31
                rn = r(b, sp=True)
                name = rt_name(form, rt)
                t = target(size, size)
                if mode in ("uimm", "uimm-max"):
                    imm = rng.choice([4095, 4094, 2048]) if mode == "uimm-max" else rng.randrange(0, 8)
                    disp = imm * size
                    add("LD/ST (uimm)", f"{op} {name}, [{rn}, #{disp}]", base=b, rel=t - disp, vec=vec)
                elif mode in ("unscaled", "unpriv"):
                    disp = rng.choice([-256, 255, -1, 1, 0, rng.randrange(-256, 256)])
                    m = (unscaled if mode == "unscaled" else unpriv).get(op, "stur" if op == "str" else "ldur")
                    fam = "LD/ST (imm9)"
                    add(fam, f"{m} {name}, [{rn}, #{disp}]", base=b, rel=t - disp, vec=vec)
                elif mode == "pre":
                    disp = rng.choice([-256, 255, -8, 8, 0, rng.randrange(-256, 256)])
                    add("LD/ST (imm9)", f"{op} {name}, [{rn}, #{disp}]!", base=b, rel=t - disp, vec=vec)
                elif mode == "post":
                    disp = rng.choice([-256, 255, -8, 8, 0, rng.randrange(-256, 256)])
                    add("LD/ST (imm9)", f"{op} {name}, [{rn}], #{disp}", base=b, rel=t, vec=vec)
                else:
                    idx = pick_regs(1, avoid=(b, rt))[0]
                    ext = rng.choice(["lsl", "uxtw", "sxtw", "sxtx"])
                    sh = rng.choice([0, size.bit_length() - 1])
                    garbage = rng.getrandbits(32) << 32
                    if ext in ("lsl", "sxtx"):
                        v = rng.choice([0, 1, -1, rng.randrange(-200, 200), -(1 << 40), 1 << 40])
                        off = v << sh
                        iv = v & M64
                        im = r(idx)
                    elif ext == "uxtw":
                        v = rng.choice([0, 1, rng.randrange(0, 200), 0xFFFFFFFF])
                        off, iv, im = v << sh, garbage | v, r(idx, False)
                    else:
                        v = rng.choice([0, 1, -1, rng.randrange(-200, 200), -(1 << 31)])
                        off, iv, im = v << sh, garbage | (v & 0xFFFFFFFF), r(idx, False)
                    if ext == "lsl" and sh == 0 and rng.random() < 0.5:
                        text = f"{op} {name}, [{rn}, {im}]"
                    elif ext != "lsl" and sh == 0 and rng.random() < 0.5:
                        text = f"{op} {name}, [{rn}, {im}, {ext}]"
                    else:
                        text = f"{op} {name}, [{rn}, {im}, {ext} #{sh}]"
                    add("LD/ST (reg)", text, base=b, rel=t - off, fixed={idx: iv}, vec=vec)
        # prefetch: no architectural effect
    for _ in range(4):
        b = base_reg()
        add("LD/ST (uimm)", f"prfm pldl1keep, [{r(b, sp=True)}, #{8 * rng.randrange(8)}]", base=b, rel=64)
        add("LD/ST (imm9)", f"prfum pstl2strm, [{r(b, sp=True)}, #{rng.randrange(-64, 64)}]", base=b, rel=64)

    # ---- LDP/STP/LDPSW/LDNP/STNP, general and SIMD&FP registers
    pairs = [("stp", 4, "w"), ("stp", 8, "x"), ("ldp", 4, "w"), ("ldp", 8, "x"), ("ldpsw", 4, "x"),
             ("stnp", 4, "w"), ("stnp", 8, "x"), ("ldnp", 4, "w"), ("ldnp", 8, "x"),
             ("stp", 4, "s"), ("stp", 8, "d"), ("stp", 16, "q"), ("ldp", 4, "s"), ("ldp", 8, "d"), ("ldp", 16, "q")]
    for op, size, form in pairs:
        vec = form in "sdq"
        modes = ("off",) if "np" in op else ("off", "pre", "post")
        for mode in modes:
            for _ in range(8):
                b = base_reg()
                if vec:
                    t1, t2 = rng.sample(range(4), 2)
                else:
                    t1, t2 = pick_regs(2, avoid=(b,))
                    if op.startswith("st") and rng.random() < 0.1:
                        t1 = 31
                n1, n2 = rt_name(form, t1), rt_name(form, t2)
                lim = 64 * size
                disp = rng.choice([0, size, -size, lim - size, -lim, size * rng.randrange(-64, 64)])
                t = target(2 * size, size)
                rn = r(b, sp=True)
                if mode == "off":
                    add("LDP/STP", f"{op} {n1}, {n2}, [{rn}, #{disp}]", base=b, rel=t - disp, vec=vec)
                elif mode == "pre":
                    add("LDP/STP", f"{op} {n1}, {n2}, [{rn}, #{disp}]!", base=b, rel=t - disp, vec=vec)
                else:
                    add("LDP/STP", f"{op} {n1}, {n2}, [{rn}], #{disp}", base=b, rel=t, vec=vec)

    # ---- exclusive / ordered (aligned); STXR alone fails, LDXR+STXR succeeds
    sizes = [("b", 1, "w"), ("h", 2, "w"), ("", 4, "w"), ("", 8, "x")]
    for sfx, size, form in sizes:
        for _ in range(4):
            b = base_reg()
            t = rng.randrange(0, 128 - size + 1) // size * size
            rt, rs, rt2 = pick_regs(3, avoid=(b,))
            rn = r(b, sp=True)
            name = r(rt, form == "x")
            for ld in ("ldxr", "ldaxr", "ldar"):
                add("exclusive/ordered", f"{ld}{sfx} {name}, [{rn}]", base=b, rel=t)
            for st in ("stxr", "stlxr"):
                add("exclusive/ordered", f"{st}{sfx} {r(rs, False)}, {name}, [{rn}]", base=b, rel=t)
            add("exclusive/ordered", f"stlr{sfx} {name}, [{rn}]", base=b, rel=t)
            ld, st = rng.choice([("ldxr", "stxr"), ("ldaxr", "stlxr"), ("ldxr", "stlxr")])
            add("exclusive/ordered", f"{ld}{sfx} {name}, [{rn}]", f"{st}{sfx} {r(rs, False)}, {r(rt2, form == 'x')}, [{rn}]",
                base=b, rel=t)
            add("exclusive/ordered", f"ldxr{sfx} {name}, [{rn}]", "clrex", f"stxr{sfx} {r(rs, False)}, {r(rt2, form == 'x')}, [{rn}]",
                base=b, rel=t)
    for form, size in (("w", 4), ("x", 8)):
        for _ in range(5):
            b = base_reg()
            t = rng.randrange(0, 128 - 2 * size + 1) // (2 * size) * (2 * size)
            rt, rt2, rs, ra, rb = pick_regs(5, avoid=(b,))
            rn = r(b, sp=True)
            x = form == "x"
            for ld in ("ldxp", "ldaxp"):
                add("exclusive/ordered", f"{ld} {r(rt, x)}, {r(rt2, x)}, [{rn}]", base=b, rel=t)
            for st in ("stxp", "stlxp"):
                add("exclusive/ordered", f"{st} {r(rs, False)}, {r(rt, x)}, {r(rt2, x)}, [{rn}]", base=b, rel=t)
            ld, st = rng.choice([("ldxp", "stxp"), ("ldaxp", "stlxp")])
            add("exclusive/ordered", f"{ld} {r(rt, x)}, {r(rt2, x)}, [{rn}]", f"{st} {r(rs, False)}, {r(ra, x)}, {r(rb, x)}, [{rn}]",
                base=b, rel=t)

    # ---- DC ZVA zeroes the 64-byte block holding the address
    for _ in range(4):
        b = rng.randrange(16)
        add("SYS", f"dc zva, {r(b)}", base=b, rel=rng.randrange(0, 128))
