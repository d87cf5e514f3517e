// Clocks, sleeps and interval timers: timespec, timeval, tms and itimerval have
// the same 64-bit layouts on arm64 and x86-64, so everything passes through.
// (The guest's vDSO is not provided, so glibc falls back to these syscalls.)

extension SyscallTable {
    static let timeSyscalls: [SyscallEntry] = [
        .pass(113, "clock_gettime", [.dec, .ptr], host: HostNR.clockGettime),
        .pass(114, "clock_getres", [.dec, .ptr], host: HostNR.clockGetres),
        .pass(169, "gettimeofday", [.ptr, .ptr], host: HostNR.gettimeofday),
        .pass(101, "nanosleep", [.ptr, .ptr], host: HostNR.nanosleep),
        .pass(115, "clock_nanosleep", [.dec, .hex, .ptr, .ptr], host: HostNR.clockNanosleep),
        .pass(153, "times", [.ptr], host: HostNR.times),
        .pass(102, "getitimer", [.dec, .ptr], host: HostNR.getitimer),
        .pass(103, "setitimer", [.dec, .ptr, .ptr], host: HostNR.setitimer),
    ]
}
