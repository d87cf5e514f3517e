// Clocks, sleeps and timers: timespec, timeval, tms, itimerval, itimerspec and
// struct timex have the same 64-bit layouts on arm64 and x86-64, and so does
// struct sigevent (64 bytes: sigval, signo, notify, then the tid / thread union),
// so everything passes through. A POSIX timer's signal is a host signal carrying
// the guest's sigval, delivered like any other. (The guest's vDSO is not provided,
// so glibc falls back to these syscalls.)

extension SyscallTable {
    static let timeSyscalls: [SyscallEntry] = [
        .pass(.clock_gettime, [.value(.clocks), .ptr], host: HostNR.clockGettime),
        .pass(.clock_getres, [.value(.clocks), .ptr], host: HostNR.clockGetres),
        .pass(.gettimeofday, [.ptr, .ptr], host: HostNR.gettimeofday),
        .pass(.nanosleep, [.timespec, .ptr], host: HostNR.nanosleep),
        .pass(.clock_nanosleep, [.value(.clocks), .flags(.timerFlags), .timespec, .ptr], host: HostNR.clockNanosleep),
        .pass(.times, [.ptr], host: HostNR.times),
        .pass(.getitimer, [.dec, .ptr], host: HostNR.getitimer),
        .pass(.setitimer, [.dec, .ptr, .ptr], host: HostNR.setitimer),
        .pass(.timer_create, [.value(.clocks), .ptr, .ptr], host: HostNR.timerCreate),
        .pass(.timer_gettime, [.dec, .ptr], host: HostNR.timerGettime),
        .pass(.timer_getoverrun, [.dec], host: HostNR.timerGetoverrun),
        .pass(.timer_settime, [.dec, .flags(.timerFlags), .itimerspec, .ptr], host: HostNR.timerSettime),
        .pass(.timer_delete, [.dec], host: HostNR.timerDelete),
        .pass(.clock_settime, [.value(.clocks), .timespec], host: HostNR.clockSettime),
        .pass(.settimeofday, [.ptr, .ptr], host: HostNR.settimeofday),
        .pass(.adjtimex, [.ptr], host: HostNR.adjtimex),
        .pass(.clock_adjtime, [.dec, .ptr], host: HostNR.clockAdjtime),
    ]
}
