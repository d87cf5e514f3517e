// Syscalls on file descriptors. Nearly all pass straight through: fds, iovecs,
// pollfd, linux_dirent64, struct flock, statfs and termios have the same layout on
// arm64 and x86-64. The exceptions are open-flag words (fcntl F_GETFL/F_SETFL),
// struct stat (StatConversion.swift) and ioctls, which are allow-listed because
// an unknown ioctl's argument layout cannot be assumed to match.

extension SyscallTable {
    static let fileSyscalls: [SyscallEntry] = [
        .pass(.read, [.fd, .ptr, .udec], host: HostNR.read),
        .pass(.write, [.fd, .buffer(length: 2), .udec], host: HostNR.write),
        .pass(.readv, [.fd, .ptr, .dec], host: HostNR.readv),
        .pass(.writev, [.fd, .ptr, .dec], host: HostNR.writev),
        .pass(.pread64, [.fd, .ptr, .udec, .dec], host: HostNR.pread64),
        .pass(.pwrite64, [.fd, .buffer(length: 2), .udec, .dec], host: HostNR.pwrite64),
        .pass(.preadv, [.fd, .ptr, .dec, .dec], host: HostNR.preadv),
        .pass(.pwritev, [.fd, .ptr, .dec, .dec], host: HostNR.pwritev),
        .custom(.close, [.fd], note: "EBADF for compat-run's own descriptors") { $0.closeDescriptor($1) },
        .custom(.close_range, [.fd, .fd, .flags(.closeRangeFlags)], note: "skips compat-run's own descriptors") { $0.closeRange($1) },
        .pass(.lseek, [.fd, .dec, .value(.seekWhence)], host: HostNR.lseek),
        .custom(.fstat, [.fd, .ptr]) { $0.fstat($1) },
        .pass(.fstatfs, [.fd, .ptr], host: HostNR.fstatfs),
        .custom(.getdents64, [.fd, .ptr, .udec], note: "compat-run's own descriptors left out of its fd directory") { $0.readDirectoryEntries($1) },
        .custom(.fcntl, [.fd, .value(.fcntlCommands), .hex]) { $0.fcntl($1) },
        .custom(.ioctl, [.fd, .hex, .hex]) { $0.ioctl($1) },
        .custom(.dup, [.fd], note: "EBADF for compat-run's own descriptors") { $0.dupDescriptor($1) },
        .custom(.dup3, [.fd, .fd, .openFlags], note: "O_CLOEXEC translated; EBADF for compat-run's own descriptors") { $0.dup3Descriptor($1) },
        .passFlags(.pipe2, [.ptr, .openFlags], host: HostNR.pipe2, flags: 1,
                   note: "pipe2(O_DIRECT): arm64 O_DIRECT is x86-64 O_DIRECTORY"),
        .pass(.fsync, [.fd], host: HostNR.fsync),
        .pass(.fdatasync, [.fd], host: HostNR.fdatasync),
        .pass(.sync, [], host: HostNR.sync),
        .pass(.syncfs, [.fd], host: HostNR.syncfs),
        .pass(.ftruncate, [.fd, .dec], host: HostNR.ftruncate),
        .pass(.fallocate, [.fd, .hex, .dec, .dec], host: HostNR.fallocate),
        .pass(.fadvise64, [.fd, .dec, .dec, .dec], host: HostNR.fadvise64),
        .pass(.fchmod, [.fd, .oct], host: HostNR.fchmod),
        .pass(.fchown, [.fd, .dec, .dec], host: HostNR.fchown),
        .pass(.flock, [.fd, .dec], host: HostNR.flock),
        .pass(.sendfile, [.fd, .fd, .ptr, .udec], host: HostNR.sendfile),
        .pass(.copy_file_range, [.fd, .ptr, .fd, .ptr, .udec, .hex], host: HostNR.copyFileRange),
        .pass(.ppoll, [.ptr, .udec, .timespec, .sigset, .udec], host: HostNR.ppoll),
        .pass(.pselect6, [.dec, .ptr, .ptr, .ptr, .timespec, .ptr], host: HostNR.pselect6),
        .pass(.memfd_create, [.path, .hex], host: HostNR.memfdCreate),
        .pass(.splice, [.fd, .ptr, .fd, .ptr, .udec, .hex], host: HostNR.splice),
        .pass(.tee, [.fd, .fd, .udec, .hex], host: HostNR.tee),
        .pass(.vmsplice, [.fd, .ptr, .udec, .hex], host: HostNR.vmsplice),
        .pass(.readahead, [.fd, .dec, .udec], host: HostNR.readahead),
        .pass(.sync_file_range, [.fd, .dec, .dec, .hex], host: HostNR.syncFileRange),
        .pass(.preadv2, [.fd, .ptr, .dec, .dec, .dec, .hex], host: HostNR.preadv2),
        .pass(.pwritev2, [.fd, .ptr, .dec, .dec, .dec, .hex], host: HostNR.pwritev2),
        .pass(.io_setup, [.udec, .ptr], host: HostNR.ioSetup,
              note: "struct iocb and io_event have one layout on both"),
        .pass(.io_destroy, [.hex], host: HostNR.ioDestroy),
        .pass(.io_submit, [.hex, .dec, .ptr], host: HostNR.ioSubmit),
        .pass(.io_cancel, [.hex, .ptr, .ptr], host: HostNR.ioCancel),
        .pass(.io_getevents, [.hex, .dec, .dec, .ptr, .ptr], host: HostNR.ioGetevents),
        .pass(.io_pgetevents, [.hex, .dec, .dec, .ptr, .ptr, .ptr], host: HostNR.ioPgetevents),
        .fail(.io_uring_setup, [.udec, .ptr], errno: Errno.ENOSYS,
              note: "refused: submissions run inside the host kernel, where open flags and other differing "
                  + "values could not be translated; ENOSYS as on a kernel built without io_uring, and "
                  + "programs fall back to ordinary syscalls"),
        .fail(.io_uring_enter, [.fd, .udec, .udec, .hex, .ptr, .udec], errno: Errno.ENOSYS,
              note: "see io_uring_setup"),
        .fail(.io_uring_register, [.fd, .udec, .ptr, .udec], errno: Errno.ENOSYS,
              note: "see io_uring_setup"),
    ]
}

/// fcntl commands whose argument or result is an open-flags word.
private enum FcntlCommand {
    static let getFlags: Int32 = 3  // F_GETFL
    static let setFlags: Int32 = 4  // F_SETFL
}

/// ioctl requests whose argument is a scalar or a struct with identical layouts
/// (asm-generic ioctls.h is x86-64's too; termios and winsize match). An array: a Set's
/// metadata costs a scan of every protocol conformance at a process's first ioctl.
private let passThroughIoctls: [UInt32] = [
    0x5401, 0x5402, 0x5403, 0x5404,  // TCGETS, TCSETS, TCSETSW, TCSETSF
    0x5405, 0x5406, 0x5407, 0x5408,  // TCGETA, TCSETA, TCSETAW, TCSETAF
    0x5409, 0x540A, 0x540B,  // TCSBRK, TCXONC, TCFLSH
    0x540E, 0x540F, 0x5410,  // TIOCSCTTY, TIOCGPGRP, TIOCSPGRP
    0x5413, 0x5414,  // TIOCGWINSZ, TIOCSWINSZ
    0x541B, 0x5421, 0x5422, 0x5429,  // FIONREAD, FIONBIO, TIOCNOTTY, TIOCGSID
    0x5450, 0x5451, 0x5452,  // FIONCLEX, FIOCLEX, FIOASYNC
    0x80045430,  // TIOCGPTN
    0x40045431,  // TIOCSPTLCK
    // Sockets (asm-generic/sockios.h on both; struct ifreq, ifconf and timeval match on LP64).
    0x5411,  // TIOCOUTQ / SIOCOUTQ
    0x8906, 0x8907,  // SIOCGSTAMP, SIOCGSTAMPNS
    0x8910, 0x8912, 0x8913,  // SIOCGIFNAME, SIOCGIFCONF, SIOCGIFFLAGS
    0x8915, 0x891B, 0x8921,  // SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFMTU
    0x8927, 0x8933,  // SIOCGIFHWADDR, SIOCGIFINDEX
    // File cloning (cp tries it first): an fd, or struct file_clone_range / file_dedupe_range,
    // all u64/s64 fields on both.
    0x40049409, 0x4020940D, 0xC0189436,  // FICLONE, FICLONERANGE, FIDEDUPERANGE
]

extension LinuxPersonality {
    // fcntl(fd, cmd, arg)
    func fcntl(_ a: SyscallArgs) -> Int64 {
        if CompatRunDescriptors.isReserved(a.int32(0)) { return -Errno.EBADF }
        switch a.int32(1) {
        case FcntlCommand.getFlags:
            let r = hostSyscall(HostNR.fcntl, a[0], a[1])
            return r < 0 ? r : Int64(OpenFlags.toGuest(UInt64(r)))
        case FcntlCommand.setFlags:
            return hostSyscall(HostNR.fcntl, a[0], a[1], OpenFlags.toHost(a[2]))
        default:
            return hostSyscall(HostNR.fcntl, a[0], a[1], a[2])
        }
    }

    // ioctl(fd, request, arg)
    func ioctl(_ a: SyscallArgs) -> Int64 {
        let request = UInt32(truncatingIfNeeded: a[1])
        guard passThroughIoctls.contains(request) else {
            if options.strace { Strace.note("unimplemented ioctl 0x\(String(request, radix: 16))") }
            return -Errno.ENOTTY
        }
        return hostSyscall(HostNR.ioctl, a[0], a[1], a[2])
    }
}
