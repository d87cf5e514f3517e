// Who and where the process is: ids, process groups, uname, sysinfo, resource
// limits, umask, getrandom. All layouts match x86-64; only uname's machine field
// is rewritten so the guest sees the architecture it was built for.

/// struct utsname: six 65-byte fields (sysname, nodename, release, version, machine, domainname).
private enum Utsname {
    static let fieldLength = 65
    static let machineOffset = 4 * fieldLength
}

extension SyscallTable {
    static let identitySyscalls: [SyscallEntry] = [
        .pass(172, "getpid", [], host: HostNR.getpid),
        .pass(173, "getppid", [], host: HostNR.getppid),
        .pass(178, "gettid", [], host: HostNR.gettid),
        .pass(174, "getuid", [], host: HostNR.getuid),
        .pass(175, "geteuid", [], host: HostNR.geteuid),
        .pass(176, "getgid", [], host: HostNR.getgid),
        .pass(177, "getegid", [], host: HostNR.getegid),
        .pass(148, "getresuid", [.ptr, .ptr, .ptr], host: HostNR.getresuid),
        .pass(150, "getresgid", [.ptr, .ptr, .ptr], host: HostNR.getresgid),
        .pass(158, "getgroups", [.dec, .ptr], host: HostNR.getgroups),
        .pass(159, "setgroups", [.dec, .ptr], host: HostNR.setgroups),
        .pass(146, "setuid", [.dec], host: HostNR.setuid),
        .pass(144, "setgid", [.dec], host: HostNR.setgid),
        .pass(145, "setreuid", [.dec, .dec], host: HostNR.setreuid),
        .pass(143, "setregid", [.dec, .dec], host: HostNR.setregid),
        .pass(147, "setresuid", [.dec, .dec, .dec], host: HostNR.setresuid),
        .pass(149, "setresgid", [.dec, .dec, .dec], host: HostNR.setresgid),
        .pass(154, "setpgid", [.dec, .dec], host: HostNR.setpgid),
        .pass(155, "getpgid", [.dec], host: HostNR.getpgid),
        .pass(156, "getsid", [.dec], host: HostNR.getsid),
        .pass(157, "setsid", [], host: HostNR.setsid),
        .custom(160, "uname", [.ptr]) { $0.uname($1) },
        .pass(179, "sysinfo", [.ptr], host: HostNR.sysinfo),
        .pass(163, "getrlimit", [.dec, .ptr], host: HostNR.getrlimit),
        .pass(164, "setrlimit", [.dec, .ptr], host: HostNR.setrlimit),
        .pass(261, "prlimit64", [.dec, .dec, .ptr, .ptr], host: HostNR.prlimit64),
        .pass(165, "getrusage", [.dec, .ptr], host: HostNR.getrusage),
        .pass(166, "umask", [.oct], host: HostNR.umask),
        .pass(278, "getrandom", [.ptr, .udec, .hex], host: HostNR.getrandom),
        .pass(151, "setfsuid", [.dec], host: HostNR.setfsuid),
        .pass(152, "setfsgid", [.dec], host: HostNR.setfsgid),
        .pass(161, "sethostname", [.ptr, .udec], host: HostNR.sethostname),
        .pass(162, "setdomainname", [.ptr, .udec], host: HostNR.setdomainname),
        // struct __user_cap_header_struct / __user_cap_data_struct: u32 fields on both.
        .pass(90, "capget", [.ptr, .ptr], host: HostNR.capget),
        .pass(91, "capset", [.ptr, .ptr], host: HostNR.capset),
    ]
}

extension LinuxPersonality {
    // uname(buf)
    func uname(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.uname, a[0])
        guard r == 0 else { return r }
        var machine = [UInt8](repeating: 0, count: Utsname.fieldLength)
        machine.replaceSubrange(0..<7, with: "aarch64".utf8)
        let ok = machine.withUnsafeBytes { GuestMemory.copyOut($0, to: a[0] &+ UInt64(Utsname.machineOffset)) }
        return ok ? 0 : -Errno.EFAULT
    }
}
