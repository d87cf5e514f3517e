// Clocks, sleeps and timers: timespec, timeval, tms, itimerval, itimerspec and
// struct timex have the same 64-bit layouts on arm64 and x86-64, and so does
// struct sigevent (64 bytes: sigval, signo, notify, then the tid / thread union),
// so everything passes through. A POSIX timer's signal is a host signal carrying
// the guest's sigval, delivered like any other. (The guest's vDSO is not provided,
// so glibc falls back to these syscalls.)

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
        .pass(107, "timer_create", [.dec, .ptr, .ptr], host: HostNR.timerCreate),
        .pass(108, "timer_gettime", [.dec, .ptr], host: HostNR.timerGettime),
        .pass(109, "timer_getoverrun", [.dec], host: HostNR.timerGetoverrun),
        .pass(110, "timer_settime", [.dec, .hex, .ptr, .ptr], host: HostNR.timerSettime),
        .pass(111, "timer_delete", [.dec], host: HostNR.timerDelete),
        .pass(112, "clock_settime", [.dec, .ptr], host: HostNR.clockSettime),
        .pass(170, "settimeofday", [.ptr, .ptr], host: HostNR.settimeofday),
        .pass(171, "adjtimex", [.ptr], host: HostNR.adjtimex),
        .pass(266, "clock_adjtime", [.dec, .ptr], host: HostNR.clockAdjtime),
    ]
}
