#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/integer.txt: known answers for the
# integer and load/store instructions, computed by running each case (from
# int_instructions.py) under qemu-aarch64 on seeded edge-case and random inputs.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_integer.py
#
# Needs aarch64-linux-gnu-gcc and qemu-aarch64, run as a Cortex-A57 (64-byte DC ZVA
# blocks like compat-run's DCZID_EL0, where qemu's default "max" CPU zeroes 512; no
# PAC, so PAC hints are NOPs as in compat-run). For every case the generated program
# loads V0-V3, X0-X15, SP and NZCV from a table (the base register of a memory case
# gets its 128-byte buffer's address added), clears the exclusive monitor, runs the
# case's instructions, and stores V0-V3, X0-X15, SP, NZCV, the instruction address,
# the buffer address and the first 16 instruction words.
#
# Line format, fields separated by spaces:
#   words base pcrel | 8 V halves, 16 X, SP, NZCV [, buffer] | outputs # assembly; assembly
# words: the instruction words, comma-separated. base: "-" or the register holding the
# buffer address (0-15, "sp"); its input is an offset added to the buffer's address and
# its output is relative to the buffer. pcrel: "-" or "a<n>"/"p<n>": Xn's output is
# relative to the first instruction's address (ADR) or its 4 KiB page (ADRP). An
# output "=" equals the corresponding input.
import collections, os, random, struct, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from int_instructions import cases as make_cases
from fixture_files import WRITE_RESULTS_AND_EXIT, write_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
M64 = (1 << 64) - 1
SP = 16
MAXWORDS = 16
REC = 224 + 4 * MAXWORDS  # bytes of one output record

EDGE = [0, 1, 2, M64, M64 - 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000, 1 << 63, (1 << 63) - 1,
        0xFFFFFFFF80000000, 0xFFFFFFFF7FFFFFFF, 0x8000000000000001, 0x00000000FFFFFFFE, 0x7FFFFFFF00000000,
        31, 32, 63, 64, 65, 127, 128, 255, 0xFFFF, 0x8000, 0x80, 0x7F, 0x5555555555555555, 0xAAAAAAAAAAAAAAAA,
        0x123456789ABCDEF0]


def value(rng):
    style = rng.randrange(5)
    if style == 0:
        return rng.choice(EDGE)
    if style == 1:  # a W-sized edge under garbage top bits
        return rng.getrandbits(32) << 32 | rng.choice([0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, rng.getrandbits(32)])
    if style == 2:
        return rng.getrandbits(rng.choice([8, 16, 32]))
    if style == 3:  # small negative
        return -rng.randrange(1, 300) & M64
    return rng.getrandbits(64)


def inputs(rng, case):
    v = [rng.getrandbits(64) if case["vec"] else 0 for _ in range(8)]
    x = [value(rng) for _ in range(16)]
    sp = value(rng)
    for reg, val in case["fixed"].items():
        if reg == SP:
            sp = val
        else:
            x[reg] = val
    if case["base"] is not None:
        if case["base"] == 31:
            sp = case["rel"]
        else:
            x[case["base"]] = case["rel"]
    nzcv = rng.randrange(16) << 28
    mem = bytes(rng.getrandbits(8) for _ in range(128)) if case["base"] is not None else None
    return v, x, sp, nzcv, mem


def build(cases):
    asm = [".text", ".global _start", "_start:"]
    data = [".data", ".balign 16"]
    for i, (case, (v, x, sp, nzcv, mem)) in enumerate(cases):
        base = case["base"]
        asm += [f"adrp x16, in{i}", f"add x16, x16, :lo12:in{i}", "ldr x17, [x16, #192]"]
        if base == 31:
            asm += [f"adrp x16, mem{i}", f"add x16, x16, :lo12:mem{i}", "add x17, x17, x16",
                    f"adrp x16, in{i}", f"add x16, x16, :lo12:in{i}"]
        asm += ["mov sp, x17", "ldr x17, [x16, #200]", "msr nzcv, x17", "clrex"]
        asm += ["ldp q0, q1, [x16]", "ldp q2, q3, [x16, #32]"]
        asm += [f"ldp x{2*j}, x{2*j+1}, [x16, #{64+16*j}]" for j in range(8)]
        if base is not None and base != 31:
            asm += [f"adrp x16, mem{i}", f"add x16, x16, :lo12:mem{i}", f"add x{base}, x{base}, x16"]
        asm += [f"insn{i}:"] + case["lines"] + [f"end{i}:"]
        asm += [f"adrp x16, out{i}", f"add x16, x16, :lo12:out{i}"]
        asm += ["stp q0, q1, [x16]", "stp q2, q3, [x16, #32]"]
        asm += [f"stp x{2*j}, x{2*j+1}, [x16, #{64+16*j}]" for j in range(8)]
        asm += ["mov x17, sp", "str x17, [x16, #192]", "mrs x17, nzcv", "str x17, [x16, #200]",
                f"adrp x17, insn{i}", f"add x17, x17, :lo12:insn{i}", "str x17, [x16, #208]",
                f"adrp x0, mem{i}", f"add x0, x0, :lo12:mem{i}", "str x0, [x16, #216]"]
        asm += [f"ldp x0, x1, [x17, #{16 * j}]\nstp x0, x1, [x16, #{224 + 16 * j}]" for j in range(MAXWORDS // 4)]
        blob = b"".join(struct.pack("<Q", w) for w in v + x + [sp, nzcv])
        data += [f"in{i}: .byte " + ",".join(str(b) for b in blob)]
    data += [".balign 64", "outs:"] + [f"out{i}: .zero {REC}" for i in range(len(cases))]
    data += [".balign 64", "mems:"]
    data += [f"mem{i}: .byte " + ",".join(str(b) for b in (c[1][4] or bytes(128))) for i, c in enumerate(cases)]
    data += ["mems_end:"]
    asm += WRITE_RESULTS_AND_EXIT
    return "\n".join(asm + data) + "\n"


def run_under_qemu(cases, march="armv8-a+crc", cpu="cortex-a57"):
    """Assembles `cases` ((case, inputs) pairs) into one program, runs it under qemu-aarch64
    as `cpu` and returns (fixture lines, case count per family)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "t.S"), os.path.join(tmp, "t")
        open(src, "w").write(build(cases))
        subprocess.run(["aarch64-linux-gnu-gcc", f"-march={march}", "-static", "-nostdlib", "-o", exe, src], check=True)
        raw = subprocess.run(["qemu-aarch64", "-cpu", cpu, exe], check=True, capture_output=True).stdout
    n = len(cases)
    pad = (-REC * n) % 64
    assert len(raw) == n * REC + pad + n * 128, (len(raw), n)
    memoff = REC * n + pad
    lines, counts = [], collections.Counter()
    for i, (case, (v, x, sp, nzcv, mem)) in enumerate(cases):
        rec = raw[REC * i:REC * (i + 1)]
        o = list(struct.unpack("<28Q", rec[:224]))
        addr, membase = o[26], o[27]
        words = struct.unpack(f"<{MAXWORDS}I", rec[224:224 + 4 * MAXWORDS])[:len(case["lines"])]
        assert len(case["lines"]) <= MAXWORDS
        ins = v + x + [sp, nzcv]
        outs = o[:8] + o[8:24] + [o[24], o[25]]
        base = case["base"]
        if base is not None:
            k = 8 + (SP if base == 31 else base)
            outs[k] = (outs[k] - membase) & M64
        pcrel = "-"
        if case["pcrel"]:
            kind, reg = case["pcrel"]
            outs[8 + reg] = (outs[8 + reg] - (addr if kind == "a" else addr & ~0xFFF)) & M64
            pcrel = f"{kind}{reg}"
        ins_t = " ".join(f"{w:x}" for w in ins)
        outs_t = " ".join("=" if a == b else f"{a:x}" for a, b in zip(outs, ins))
        if mem is not None:
            after = raw[memoff + 128 * i:memoff + 128 * (i + 1)]
            ins_t += " " + mem.hex()
            outs_t += " " + ("=" if after == mem else after.hex())
        btext = "-" if base is None else ("sp" if base == 31 else str(base))
        lines.append(f"{','.join(f'{w:08x}' for w in words)} {btext} {pcrel} | {ins_t} | {outs_t} # {'; '.join(case['lines'])}")
        counts[case["family"]] += 1
    return lines, counts


def main():
    rng = random.Random(20250301)
    cases = [(c, inputs(rng, c)) for c in make_cases(rng)]
    n = len(cases)
    lines, counts = run_under_qemu(cases)
    write_fixture("integer", "gen_integer.py", "qemu-aarch64 runs", "words base pcrel | inputs | expected outputs # assembly",
                  lines)
    for fam, k in sorted(counts.items()):
        print(f"{k:6d}  {fam}")
    print(f"{n} cases")


if __name__ == "__main__":
    main()
