// x86-64 host syscall numbers and the raw call helper. The shim calls the kernel
// directly (not libc wrappers) so results and errno come back exactly as the
// guest's kernel would return them: a negative errno in the result register.
import CSupport

/// x86-64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl).
enum HostNR {
    static let execve = 59
    static let read = 0, write = 1, close = 3, fstat = 5, lseek = 8
    static let mmap = 9, mprotect = 10, munmap = 11, brk = 12
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
    static let E2BIG: Int64 = 7, EACCES: Int64 = 13, ENOSPC: Int64 = 28, ELOOP: Int64 = 40, ENOTSOCK: Int64 = 88
}

/// x86-64 numbers of the socket, event-fd, IPC and administrative families.
/// From 424 on (pidfd_send_signal and later) every architecture shares one numbering,
/// so those guest numbers are the host's too.
extension HostNR {
    static let socket = 41, connect = 42, accept = 43, sendto = 44, recvfrom = 45, sendmsg = 46
    static let recvmsg = 47, shutdown = 48, bind = 49, listen = 50, getsockname = 51, getpeername = 52
    static let socketpair = 53, setsockopt = 54, getsockopt = 55, accept4 = 288, recvmmsg = 299, sendmmsg = 307
    static let epollCtl = 233, epollPwait = 281, epollCreate1 = 291, epollPwait2 = 441
    static let timerfdCreate = 283, timerfdSettime = 286, timerfdGettime = 287, signalfd4 = 289
    static let inotifyInit1 = 294, inotifyAddWatch = 254, inotifyRmWatch = 255
    static let setxattr = 188, lsetxattr = 189, fsetxattr = 190, getxattr = 191, lgetxattr = 192
    static let fgetxattr = 193, listxattr = 194, llistxattr = 195, flistxattr = 196
    static let removexattr = 197, lremovexattr = 198, fremovexattr = 199
    static let splice = 275, tee = 276, vmsplice = 278, syncFileRange = 277, readahead = 187
    static let preadv2 = 327, pwritev2 = 328, openat2 = 437
    static let timerCreate = 222, timerSettime = 223, timerGettime = 224, timerGetoverrun = 225, timerDelete = 226
    static let clockSettime = 227, settimeofday = 164, adjtimex = 159, clockAdjtime = 305
    static let schedSetparam = 142, schedGetparam = 143, schedSetscheduler = 144, schedGetscheduler = 145
    static let schedGetPriorityMax = 146, schedGetPriorityMin = 147, schedRrGetInterval = 148
    static let schedSetaffinity = 203, schedSetattr = 314, schedGetattr = 315
    static let pidfdOpen = 434, pidfdSendSignal = 424, pidfdGetfd = 438
    static let rtSigqueueinfo = 129, rtTgsigqueueinfo = 297
    static let syslog = 103, ioprioSet = 251, ioprioGet = 252
    static let mlockall = 151, munlockall = 152, mlock2 = 325
    static let personality = 135, capget = 125, capset = 126
    static let processVmReadv = 310, processVmWritev = 311
    static let msgget = 68, msgsnd = 69, msgrcv = 70, msgctl = 71
    static let semget = 64, semop = 65, semctl = 66, semtimedop = 220
    static let shmget = 29, shmat = 30, shmctl = 31, shmdt = 67
    static let mqOpen = 240, mqUnlink = 241, mqTimedsend = 242, mqTimedreceive = 243, mqNotify = 244, mqGetsetattr = 245
    static let ioSetup = 206, ioDestroy = 207, ioGetevents = 208, ioSubmit = 209, ioCancel = 210, ioPgetevents = 333
    static let umount2 = 166, mount = 165, pivotRoot = 155, chroot = 161, vhangup = 153, quotactl = 179, acct = 163
    static let unshare = 272, setns = 308, kcmp = 312, reboot = 169, swapon = 167, swapoff = 168
    static let setfsuid = 122, setfsgid = 123, sethostname = 170, setdomainname = 171
    static let addKey = 248, requestKey = 249, keyctl = 250
    static let remapFilePages = 216, mbind = 237, setMempolicy = 238, getMempolicy = 239
    static let migratePages = 256, movePages = 279, fanotifyInit = 300, fanotifyMark = 301
    static let nameToHandleAt = 303, openByHandleAt = 304, userfaultfd = 323, bpf = 321, getRobustList = 274
}
