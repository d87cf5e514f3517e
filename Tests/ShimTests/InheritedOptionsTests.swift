// Which compat-run options a program the guest executes inherits, and how.
import Loader
import XCTest
@testable import SyscallShim

final class InheritedOptionsTests: XCTestCase {
    func testWithoutOptionsOnlyTheMarkAndTheFileSystemViewCarryOver() {
        let none = InheritedOptions()
        XCTAssertEqual(none.childArguments(sysroot: nil), ["--guest-exec"])
        XCTAssertEqual(none.childArguments(sysroot: Sysroot("/srv/arm64")), ["--guest-exec", "-L", "/srv/arm64"])
    }

    func testEveryInheritedOptionIsPassedInItsCommandLineSpelling() {
        let all = InheritedOptions(strace: true, debugItems: "in_asm,exec", debugFilter: "0x400000+0x100",
                                   debugFile: "/tmp/log", stats: true, statsJSON: "/tmp/stats.json", perfMap: true,
                                   jitDump: true, oneInstructionPerBlock: true)
        XCTAssertEqual(all.childArguments(sysroot: nil),
                       ["--guest-exec", "-strace", "-d", "in_asm,exec", "-dfilter", "0x400000+0x100", "-D", "/tmp/log",
                        "--stats", "--stats-json", "/tmp/stats.json", "--perf-map", "--jitdump", "-one-insn-per-tb"])
    }

    func testPerProcessFilesGetThePidOnlyInProcessesTheGuestStarted() {
        var options = InheritedOptions(statsJSON: "/tmp/s.json")
        XCTAssertEqual(options.perProcessPath("/tmp/s.json", pid: 42), "/tmp/s.json", "the first compat-run")
        options.startedByGuest = true
        XCTAssertEqual(options.perProcessPath("/tmp/s.json", pid: 42), "/tmp/s.json.42")
        XCTAssertEqual(options.childArguments(sysroot: nil), ["--guest-exec", "--stats-json", "/tmp/s.json"],
                       "a grandchild gets the base name too, so its file is FILE.PID as well")
    }

    func testShimOptionsDefaultToInheritingStrace() {
        XCTAssertEqual(ShimOptions(strace: true).inherited, InheritedOptions(strace: true))
        XCTAssertEqual(ShimOptions().inherited, InheritedOptions())
    }
}
