#!/usr/bin/env python3
# Generates Sources/QemuFixtureData/Data/atomics.txt: known answers for the LSE
# atomics (LDADD ... LDUMIN, SWP, CAS, CASP and the ST* aliases), LDAPR, LDAPUR/STLUR and
# the FlagM/FlagM2 instructions, computed under qemu-aarch64 -cpu max (the oracle for
# features cortex-a57 lacks) on seeded edge-case and random inputs.
#
#   python3 Tests/TranslatorTests/Fixtures/gen_atomics.py
#   python3 Tests/TranslatorTests/Fixtures/gen_atomics.py --stress ROUNDS:SEED FILE   (see stress())
#
# Same program shape and line format as gen_integer.py (whose harness this reuses): the
# 128-byte buffer before and after each case is compared as well as every register and
# NZCV. Cases come from atomic_instructions.py.
import os, random, sys

sys.path.insert(0, os.path.dirname(__file__))
from atomic_instructions import cases as make_cases
from fixture_files import write_fixture
import gen_integer


def inputs(rng, case):
    """gen_integer's inputs, then the case's memory edge values, registers that must
    equal the buffer, and a fixed NZCV."""
    v, x, sp, nzcv, mem = gen_integer.inputs(rng, case)
    if mem is None:  # FlagM cases use no memory
        return v, x, sp, case["nzcv"] if case["nzcv"] is not None else nzcv, None
    mem = bytearray(mem)
    for off, data in case["memset"].items():
        mem[off:off + len(data)] = data
    for reg, off, size in case["match"]:
        low = int.from_bytes(mem[off:off + size], "little")
        keep = 0 if size == 8 else gen_integer.M64 & ~((1 << (8 * size)) - 1)
        x[reg] = (x[reg] & keep) | low
    if case["nzcv"] is not None:
        nzcv = case["nzcv"]
    return v, x, sp, nzcv, bytes(mem)


def stress(path, rounds, seed):
    """Writes `rounds` more rounds of cases (fresh random values from `seed`) as plain fixture
    lines to `path`, for a one-off run: COMPAT_RUN_ATOMIC_FIXTURE=path swift test --filter
    AtomicDifferentialTests."""
    total = 0
    with open(path, "w") as out:
        for k in range(rounds):
            rng = random.Random(seed * 1000 + k)
            cases = [(c, inputs(rng, c)) for c in make_cases(rng)]
            lines, _ = gen_integer.run_under_qemu(cases, march="armv8.5-a", cpu="max")
            out.write("\n".join(lines) + "\n")
            total += len(lines)
    print(f"{total} cases (seed {seed}, {rounds} rounds) in {path}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--stress":   # --stress ROUNDS:SEED PATH
        rounds, seed = map(int, sys.argv[2].split(":"))
        return stress(sys.argv[3], rounds, seed)
    rng = random.Random(20250417)
    cases = [(c, inputs(rng, c)) for c in make_cases(rng)]
    lines, counts = gen_integer.run_under_qemu(cases, march="armv8.5-a", cpu="max")
    write_fixture("atomics", "gen_atomics.py", "qemu-aarch64 -cpu max runs",
                  "words base pcrel | inputs | expected outputs # assembly", lines)
    for fam, k in sorted(counts.items()):
        print(f"{k:6d}  {fam}")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
