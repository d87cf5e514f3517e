// Clocks, sleeps and timers: timespec, timeval, tms, itimerval, itimerspec and
// struct timex have the same 64-bit layouts on arm64 and x86-64, and so does
// struct sigevent (64 bytes: sigval, signo, notify, then the tid / thread union),
// so everything passes through. A POSIX timer's signal is a host signal carrying
// the guest's sigval, delivered like any other. (The guest's vDSO is not provided,
// so glibc falls back to these syscalls.) clock_gettime and gettimeofday, which programs
// call in hot loops, are answered by the host's vDSO into a local value that is then
// copied out (a bad pointer stays EFAULT): a kernel entry costs several times more.
import Glibc

extension SyscallTable {
    static let timeSyscalls: [SyscallEntry] = [
        .custom(.clock_gettime, [.value(.clocks), .ptr], note: "answered by the host's vDSO") { $0.clockGettime($1) },
        .pass(.clock_getres, [.value(.clocks), .ptr], host: HostNR.clockGetres),
        .custom(.gettimeofday, [.ptr, .ptr], note: "answered by the host's vDSO (with a timezone: the kernel)") { $0.gettimeofday($1) },
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

extension LinuxPersonality {
    // clock_gettime(clock, tp): the kernel checks the clock before the pointer, and so does this.
    func clockGettime(_ a: SyscallArgs) -> Int64 {
        var ts = timespec()
        guard Glibc.clock_gettime(clockid_t(a.int32(0)), &ts) == 0 else { return -Int64(errno) }
        return GuestMemory.copyOut(from: &ts, count: MemoryLayout<timespec>.size, to: a[1]) ? 0 : -Errno.EFAULT
    }

    // gettimeofday(tv, tz): either may be NULL; the obsolete timezone is the kernel's to answer.
    func gettimeofday(_ a: SyscallArgs) -> Int64 {
        guard a[1] == 0 else { return hostSyscall(HostNR.gettimeofday, a[0], a[1]) }
        guard a[0] != 0 else { return 0 }
        var tv = timeval()
        Glibc.gettimeofday(&tv, nil)
        return GuestMemory.copyOut(from: &tv, count: MemoryLayout<timeval>.size, to: a[0]) ? 0 : -Errno.EFAULT
    }
}
