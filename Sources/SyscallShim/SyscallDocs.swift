// docs/syscalls.md, generated from the table: one row per arm64 syscall with how
// the shim handles it. ShimTests/SyscallDocTests fails when the file and the table
// disagree (COMPAT_RUN_REGEN_DOCS=1 rewrites it).

extension SyscallTable {
    /// arm64 syscalls deliberately left out of the table (ENOSYS), with the reason.
    static let leftOut: [SyscallNumber: String] = [
        .futex_wake: "futex2: not yet; glibc uses futex",
        .futex_wait: "futex2: not yet; glibc uses futex",
        .futex_requeue: "futex2: not yet; glibc uses futex",
    ]

    static func errnoName(_ e: Int64) -> String {
        let names: [Int64: String] = [1: "EPERM", 4: "EINTR", 22: "EINVAL", 28: "ENOSPC", 38: "ENOSYS"]
        return names[e] ?? "errno \(e)"
    }

    static func describe(_ handling: SyscallHandling) -> String {
        switch handling {
        case .passThrough(let host): return "pass (x86-64 \(host))"
        case .passTranslatingOpenFlags(let host, let argument):
            return "pass (x86-64 \(host)), O_* flags in argument \(argument + 1) translated"
        case .passRedirectingPath(let host, let argument):
            return "pass (x86-64 \(host)), path in argument \(argument + 1) looked up"
        case .custom: return "converted or emulated"
        case .fails(let errno): return "fails: \(errnoName(errno))"
        }
    }

    /// The whole of docs/syscalls.md.
    static func documentation() -> String {
        let numbers = SyscallNumber.allCases
        var counts: [String: Int] = [:]
        var rows: [String] = []
        for number in numbers {
            let (name, handling, note): (String, String, String)
            if let e = entries[number.rawValue] {
                (name, handling, note) = (e.name, describe(e.handling), e.note)
                switch e.handling {
                case .passThrough, .passTranslatingOpenFlags, .passRedirectingPath: counts["pass", default: 0] += 1
                case .custom: counts["custom", default: 0] += 1
                case .fails: counts["fails", default: 0] += 1
                }
            } else {
                (name, handling, note) = (number.name, "not implemented: ENOSYS", leftOut[number] ?? "")
                counts["missing", default: 0] += 1
            }
            rows.append("| \(number.rawValue) | \(name) | \(handling) | \(note.replacingPipes) |")
        }
        return """
        # The arm64 syscall table

        Generated from the syscall shim's table (`Sources/SyscallShim/SyscallTable.swift` and the family
        files it joins) by `COMPAT_RUN_REGEN_DOCS=1 swift test --filter SyscallDocTests`; that test fails
        whenever this file and the table disagree. Numbering: Linux `asm-generic/unistd.h` for 64-bit
        arm64 (the 32-bit-only `*_time64` calls 403–423 do not exist there).

        How a call is handled:
        - **pass**: forwarded unchanged to the x86-64 syscall named by its number: every argument, struct
          layout and flag value is the same on both architectures (see the comment at the top of each
          family file for the layouts checked).
        - **pass, O_\\* flags translated**: the open-flag word goes through `OpenFlags.toHost` (arm64
          permutes O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE).
        - **pass, path looked up**: the guest path is looked up like every read-only path (the `-L`
          sysroot first, the guest's own `/proc/self/exe`).
        - **converted or emulated**: the shim converts a layout that differs, or implements the call.
        - **fails**: a deliberate refusal, with the errno Linux itself returns on some configuration.
        - **not implemented**: ENOSYS.

        With `-strace`, or with `COMPAT_RUN_REPORT_UNIMPLEMENTED=1` in the environment, the first call of
        each unimplemented syscall prints `compat-run: unimplemented syscall NAME (NR)` on stderr, and the
        first call of each refused one `compat-run: refused syscall NAME (NR): ERRNO`.

        Every guest pointer the shim itself reads or writes is accessed safely: a bad pointer is
        EFAULT, never a crash (`GuestMemory.swift`); pass-through calls get EFAULT from the host kernel.

        \(counts["pass", default: 0]) passed through, \(counts["custom", default: 0]) converted or \
        emulated, \(counts["fails", default: 0]) refused, \(counts["missing", default: 0]) not implemented.

        | # | name | handling | notes |
        |---:|---|---|---|
        \(rows.joined(separator: "\n"))

        """
    }
}

extension String {
    fileprivate var replacingPipes: String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
