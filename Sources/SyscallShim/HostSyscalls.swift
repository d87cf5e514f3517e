// x86-64 host syscall numbers and the raw call helper. The shim calls the kernel
// directly (not libc wrappers) so results and errno come back exactly as the
// guest's kernel would return them: a negative errno in the result register.
import CSupport

/// x86-64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl).
enum HostNR {
    static let execve = 59
    static let read = 0, write = 1, close = 3, fstat = 5, lseek = 8
    static let mmap = 9, mprotect = 10, munmap = 11
    static let rtSigaction = 13, rtSigprocmask = 14, ioctl = 16, rtSigpending = 127, rtSigtimedwait = 128, rtSigsuspend = 130, pread64 = 17, pwrite64 = 18
    static let readv = 19, writev = 20, schedYield = 24, mremap = 25, msync = 26
    static let mincore = 27, madvise = 28, dup = 32, nanosleep = 35
    static let getitimer = 36, setitimer = 38, getpid = 39, sendfile = 40
    static let wait4 = 61, kill = 62, uname = 63, fcntl = 72, flock = 73
    static let fsync = 74, fdatasync = 75, truncate = 76, ftruncate = 77
    static let getcwd = 79, chdir = 80, fchdir = 81, fchmod = 91, fchown = 93
    static let umask = 95, gettimeofday = 96, getrlimit = 97, getrusage = 98
    static let sysinfo = 99, times = 100, getuid = 102, getgid = 104
    static let setuid = 105, setgid = 106, geteuid = 107, getegid = 108
    static let setpgid = 109, getppid = 110, setsid = 112, setreuid = 113
    static let setregid = 114, getgroups = 115, setgroups = 116
    static let setresuid = 117, getresuid = 118, setresgid = 119, getresgid = 120
    static let getpgid = 121, getsid = 124, statfs = 137, fstatfs = 138
    static let getpriority = 140, setpriority = 141, mlock = 149, munlock = 150
    static let prctl = 157, setrlimit = 160, sync = 162, gettid = 186
    static let tkill = 200, futex = 202, schedGetaffinity = 204
    static let getdents64 = 217, fadvise64 = 221, clockGettime = 228
    static let clockGetres = 229, clockNanosleep = 230, tgkill = 234
    static let waitid = 247, openat = 257, mkdirat = 258, mknodat = 259
    static let fchownat = 260, newfstatat = 262, unlinkat = 263, renameat = 264
    static let linkat = 265, symlinkat = 266, readlinkat = 267, fchmodat = 268
    static let faccessat = 269, pselect6 = 270, ppoll = 271, utimensat = 280
    static let fallocate = 285, eventfd2 = 290, dup3 = 292, pipe2 = 293
    static let preadv = 295, pwritev = 296, prlimit64 = 302, syncfs = 306
    static let getcpu = 309, renameat2 = 316, getrandom = 318, memfdCreate = 319
    static let copyFileRange = 326, statx = 332, membarrier = 324, closeRange = 436, faccessat2 = 439
    static let futexWaitv = 449, exit = 60, exitGroup = 231
}

/// Calls host syscall `nr`; the result is the kernel's (negative errno on failure).
@inline(__always)
func hostSyscall(_ nr: Int, _ a0: UInt64 = 0, _ a1: UInt64 = 0, _ a2: UInt64 = 0,
                 _ a3: UInt64 = 0, _ a4: UInt64 = 0, _ a5: UInt64 = 0) -> Int64 {
    Int64(cr_syscall6(nr, Int(bitPattern: UInt(a0)), Int(bitPattern: UInt(a1)), Int(bitPattern: UInt(a2)),
                      Int(bitPattern: UInt(a3)), Int(bitPattern: UInt(a4)), Int(bitPattern: UInt(a5))))
}

/// Linux errno values (identical on arm64 and x86-64), returned negated.
enum Errno {
    static let EPERM: Int64 = 1, ENOENT: Int64 = 2, ESRCH: Int64 = 3, EINTR: Int64 = 4
    static let EBADF: Int64 = 9, ECHILD: Int64 = 10, EAGAIN: Int64 = 11, ENOMEM: Int64 = 12
    static let ENOEXEC: Int64 = 8
    static let EFAULT: Int64 = 14, EEXIST: Int64 = 17, ENOTDIR: Int64 = 20, EINVAL: Int64 = 22
    static let ENOTTY: Int64 = 25, ERANGE: Int64 = 34, ENOSYS: Int64 = 38, ENAMETOOLONG: Int64 = 36
}
