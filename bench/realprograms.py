"""Real-program workloads for scripts/bench: Debian arm64 programs from the sysroot
.deps/realroot (scripts/fetch-real-programs), each against the host's amd64 build of
the same program.

A workload's command is a list of arguments with placeholders, expanded per runner:
  {prog:NAME}  as a whole argument: the runner's prefix + the program (native: the host's
               NATIVE[NAME]; arm64: the sysroot's usr/bin/NAME under qemu-aarch64 or
               compat-run); inside a longer string (a `sh -c` script): the same, shell-quoted
  {in}         the generated input file, {tmp} a fresh per-run directory, {n} the size
Inputs and temporary files live under bench/out/real, never under /tmp: with -L, qemu and
compat-run look a guest's /tmp/... up in the sysroot, whose tmp/ is empty.
"""

import os
import random

# host program for each sysroot program name
NATIVE = {
    "python3.11": "/usr/bin/python3.11",
    "bash": "/bin/bash",
    "true": "/bin/true",
    "sqlite3": "/usr/bin/sqlite3",
    "xz": "/usr/bin/xz",
    "gzip": "/bin/gzip",
    "node": "/usr/bin/node",
    "lua5.4": "/usr/bin/lua5.4",
}

# -I: no user site-packages or PYTHON* variables; the bytecode cache goes to bench/out/real
# (the same directory for both architectures: .pyc files are portable) so neither side
# writes into /usr or the sysroot, and a warm-up run fills it for both.
PY = ["{prog:python3.11}", "-I", "-X", "pycache_prefix={out}/pycache"]

IMPORTS = ("import json, re, email, http.client, decimal; "
           "print(json.dumps({'d': str(decimal.Decimal(1) / 7), 'r': re.sub('a+', 'b', 'caaat')}))")

# 200 arm64 processes from an arm64 shell. {guest:NAME} is how a guest starts the arm64
# NAME: compat-run re-executes itself for an arm64 execve and looks /bin/NAME up in the
# sysroot; qemu-aarch64 (no binfmt_misc here) would run the host's /bin/true, so under qemu
# the shell starts qemu-aarch64 again (what binfmt_misc would do); native: the host's.
PROCS = "i=0; while [ $i -lt {n} ]; do {guest:true}; i=$((i+1)); done; echo started $i"

COMPRESS = ("{prog:%(p)s} %(opts)s -c {in} > {tmp}/c && sha256sum < {tmp}/c && "
            "{prog:%(p)s} -dc {tmp}/c | sha256sum")

NODE = ("let n = {n}, s = new Uint8Array(n + 1), c = 0, h = 0;"
        "for (let i = 2; i <= n; i++) if (!s[i]) { c++; for (let j = i * i; j <= n; j += i) s[j] = 1; }"
        "let a = []; let x = 12345; for (let i = 0; i < n / 20; i++) { x = (x * 1103515245 + 12345) % 2147483648; a.push(x); }"
        "a.sort((p, q) => p - q); for (const v of a) h = (h * 31 + v) % 1000000007;"
        "const m = new Map(); for (let i = 0; i < n / 20; i++) m.set('k' + (a[i] % 1000), i);"
        "console.log(c, h, m.size, JSON.stringify(a.slice(0, 3)));")

# An interpreter loop: integer arithmetic, table sort, string formatting and matching,
# recursion, hashing into a table, libm calls.
LUA = ("local n = {n}; local t = {}; for i = 1, n do t[i] = (i * 7919) % 1000003 end; table.sort(t);"
       "local h = 0; for i = 1, n do h = (h * 31 + t[i]) % 1000000007 end;"
       "local parts = {}; for i = 1, n // 10 do parts[#parts + 1] = string.format('%d:%x', i, t[i]) end;"
       "local s = table.concat(parts, ','); local cnt = 0; for _ in s:gmatch('%d+:') do cnt = cnt + 1 end;"
       "local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end;"
       "local m = {}; for i = 1, n // 10 do m['k' .. (t[i] % 5000)] = i end;"
       "local c = 0; for _ in pairs(m) do c = c + 1 end;"
       "local x = 0.0; for i = 1, n do x = x + math.sin(i) * math.sqrt(i) end;"
       "print(h, #s, cnt, fib(25), c, string.format('%.6f', x))")


class RealWorkload:
    def __init__(self, name, desc, cmd, full=None, smoke=False, inputs=None, warmup=False,
                 stats_note=""):
        self.name = name
        self.desc = desc
        self.cmd = cmd              # argument list with placeholders
        self.full = full            # {n} for the real run
        self.smoke = smoke          # {n} for --smoke; False: not part of --smoke
        self.inputs = inputs        # function(path, n) writing the input file, or None
        self.warmup = warmup        # one untimed run per runner first
        self.stats_note = stats_note


def sh(script):
    return ["/bin/sh", "-c", script]


def write_text_data(path, nbytes):
    """Deterministic compressible text (words, numbers, punctuation), nbytes long."""
    rnd = random.Random(17)
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 10)))
             for _ in range(4000)]
    parts, size = [], 0
    while size < nbytes:
        line = " ".join(rnd.choice(words) if rnd.random() < 0.85 else str(rnd.randint(0, 10 ** 6))
                        for _ in range(rnd.randint(4, 16))) + rnd.choice(".,;:!?") + "\n"
        parts.append(line)
        size += len(line)
    with open(path, "w") as f:
        f.write("".join(parts)[:nbytes])


def write_sql(path, rows):
    """A table of `rows` rows inserted in one transaction, an index, aggregate queries."""
    rnd = random.Random(11)
    out = ["CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT);", "BEGIN;"]
    for i in range(rows):
        out.append("INSERT INTO t(k, v, s) VALUES (%d, %d.%02d, '%s');"
                   % (rnd.randint(0, 999), rnd.randint(0, 9999), rnd.randint(0, 99),
                      "".join(rnd.choice("abcdefghij") for _ in range(rnd.randint(3, 12)))))
    out += [
        "COMMIT;",
        "CREATE INDEX tk ON t(k);",
        "SELECT count(*), sum(k), printf('%.2f', sum(v)), max(length(s)) FROM t;",
        "SELECT k % 10, count(*), printf('%.3f', avg(v)) FROM t GROUP BY k % 10 ORDER BY 1;",
        "SELECT substr(s, 1, 2) AS p, count(*) FROM t GROUP BY p ORDER BY 2 DESC, 1 LIMIT 5;",
        "SELECT count(*) FROM t a JOIN t b ON a.k = b.k AND a.id < b.id WHERE a.k < 50;",
        "SELECT id, k, s FROM t WHERE k BETWEEN 100 AND 102 ORDER BY v DESC, id LIMIT 5;",
        "UPDATE t SET v = v * 2 WHERE k % 7 = 0;",
        "DELETE FROM t WHERE k % 5 = 0;",
        "SELECT count(*), printf('%.2f', total(v)) FROM t;",
    ]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


WORKLOADS = [
    RealWorkload("py-start", "python3.11 -c pass (interpreter start-up)",
                 PY + ["-c", "pass"], warmup=True),
    RealWorkload("py-import", "python3.11: import json, re, email, http.client, decimal",
                 PY + ["-c", IMPORTS], warmup=True),
    RealWorkload("procs", "arm64 bash starts N arm64 /bin/true processes in a loop",
                 ["{prog:bash}", "-c", PROCS], full=200),
    RealWorkload("sqlite", "sqlite3 :memory:, N rows inserted in a transaction, index, aggregates",
                 ["{prog:sqlite3}", ":memory:", ".read {in}"], full=50000,
                 inputs=write_sql),
    RealWorkload("xz", "xz -6 -T1 compress + decompress N bytes of text, sha256 of both",
                 sh(COMPRESS % {"p": "xz", "opts": "-T1 -6"}), full=2 << 20,
                 inputs=write_text_data),
    RealWorkload("gzip", "gzip -6 compress + decompress N bytes of text, sha256 of both",
                 sh(COMPRESS % {"p": "gzip", "opts": "-6"}), full=8 << 20, smoke=16 << 10,
                 inputs=write_text_data),
    RealWorkload("node", "node -e: sieve to N, LCG array sort + hash, Map, JSON",
                 ["{prog:node}", "-e", NODE], full=2000000),
    RealWorkload("lua", "lua5.4 -e: sort, hash, string.format/gmatch, recursion, tables, libm over N",
                 ["{prog:lua5.4}", "-e", LUA], full=500000),
]
