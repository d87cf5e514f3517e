// gdb's remote protocol numbers signals its own way (gdb/signals.def), not Linux's.

enum GDBSignal {
    /// Linux signal number -> gdb's (the ones a guest can raise; others map to 143, GDB_SIGNAL_UNKNOWN).
    static let fromLinux: [Int32: UInt8] = [
        1: 1 /* HUP */, 2: 2 /* INT */, 3: 3 /* QUIT */, 4: 4 /* ILL */, 5: 5 /* TRAP */, 6: 6 /* ABRT */,
        7: 10 /* BUS */, 8: 8 /* FPE */, 9: 9 /* KILL */, 10: 30 /* USR1 */, 11: 11 /* SEGV */,
        12: 31 /* USR2 */, 13: 13 /* PIPE */, 14: 14 /* ALRM */, 15: 15 /* TERM */, 17: 20 /* CHLD */,
        18: 19 /* CONT */, 19: 17 /* STOP */, 20: 18 /* TSTP */, 21: 21 /* TTIN */, 22: 22 /* TTOU */,
        23: 16 /* URG */, 24: 24 /* XCPU */, 25: 25 /* XFSZ */, 26: 26 /* VTALRM */, 27: 27 /* PROF */,
        28: 28 /* WINCH */, 29: 23 /* IO */, 30: 32 /* PWR */, 31: 12 /* SYS */,
    ]
    static let trap: UInt8 = 5
    static let unknown: UInt8 = 143

    static func number(linux signal: Int32) -> UInt8 { fromLinux[signal] ?? unknown }
}
