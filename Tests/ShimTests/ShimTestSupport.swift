// Helpers to drive the shim as the run loop does: a CPUState with x8 = number and
// x0...x5 = arguments, then handleSyscall. Guest pointers are host pointers.
import Glibc
import Translator
@testable import SyscallShim

/// Calls syscall `number` with `args` and returns x0 as a signed result.
@discardableResult
func sys(_ p: LinuxPersonality, _ number: UInt64, _ args: UInt64..., cpu: CPUState = CPUState()) -> Int64 {
    for (i, a) in args.enumerated() { cpu.setX(i, a) }
    cpu.setX(8, number)
    let outcome = p.handleSyscall(cpu)
    precondition(outcome == .resume, "unexpected outcome \(outcome)")
    return Int64(bitPattern: cpu.x(0))
}

/// A guest-visible address for a host pointer.
func addr(_ p: UnsafeRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }

/// A NUL-terminated copy of `s` that lives until freed (guest strings must outlive the call).
func cString(_ s: String) -> UnsafeMutablePointer<CChar> { strdup(s)! }

/// A zero-filled buffer with a guard pattern after `count` bytes to catch overruns.
func guardedBuffer(_ count: Int, guardBytes: Int = 32) -> UnsafeMutableRawPointer {
    let p = UnsafeMutableRawPointer.allocate(byteCount: count + guardBytes, alignment: 16)
    p.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    (p + count).initializeMemory(as: UInt8.self, repeating: 0xAA, count: guardBytes)
    return p
}

let AT_FDCWD = UInt64(bitPattern: -100)
let AT_FDCWD_HOST: Int32 = -100

/// Guest syscall numbers used by the tests (asm-generic/unistd.h).
enum NR {
    static let getcwd: UInt64 = 17, fcntl: UInt64 = 25, openat: UInt64 = 56, close: UInt64 = 57
    static let read: UInt64 = 63, write: UInt64 = 64, readlinkat: UInt64 = 78, newfstatat: UInt64 = 79
    static let fstat: UInt64 = 80, exit: UInt64 = 93, exitGroup: UInt64 = 94, setTidAddress: UInt64 = 96
    static let rtSigaction: UInt64 = 134, rtSigprocmask: UInt64 = 135, sigaltstack: UInt64 = 132
    static let uname: UInt64 = 160, getpid: UInt64 = 172, brk: UInt64 = 214, munmap: UInt64 = 215
    static let clone: UInt64 = 220, mmap: UInt64 = 222, mprotect: UInt64 = 226, wait4: UInt64 = 260
    static let statx: UInt64 = 291, faccessat: UInt64 = 48, faccessat2: UInt64 = 439
    static let execve: UInt64 = 221, rtSigpending: UInt64 = 136, rtSigsuspend: UInt64 = 133
}

/// The calling thread's host tid (Glibc's gettid is not imported).
func hostTid() -> Int32 { Int32(hostSyscall(HostNR.gettid)) }

/// What `body` writes to file descriptor 2 (the shim's raw write(2) diagnostics).
func capturedStderr(_ body: () -> Void) -> String {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    let saved = dup(2)
    dup2(fds[1], 2)
    close(fds[1])
    body()
    dup2(saved, 2)
    close(saved)
    var out = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &chunk, chunk.count)
        if n <= 0 { break }
        out += chunk[0..<n]
    }
    close(fds[0])
    return String(decoding: out, as: UTF8.self)
}
