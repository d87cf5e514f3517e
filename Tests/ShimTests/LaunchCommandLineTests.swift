// The command lines compat-run reads without its argument parser, and the ones it leaves to it.
import Loader
import XCTest
@testable import SyscallShim

final class LaunchCommandLineTests: XCTestCase {
    func testAPlainProgramLineIsTheCommand() {
        var expected = LaunchCommandLine()
        expected.command = ["/bin/prog", "-L", "--help", "--"]
        XCTAssertEqual(LaunchCommandLine.parse(["/bin/prog", "-L", "--help", "--"]), expected,
                       "everything after PROGRAM is the program's")
    }

    /// What a guest's execve passes (Execve.reenter) reads back as the options that produced it.
    func testTheExecveReentryReadsBackItsInheritedOptions() {
        let cases: [(InheritedOptions, Sysroot?)] = [
            (InheritedOptions(), nil),
            (InheritedOptions(), Sysroot("/srv/arm64")),
            (InheritedOptions(strace: true, debugItems: "in_asm,exec", debugFilter: "0x400000+0x100", debugFile: "/tmp/log",
                              stats: true, statsJSON: "/tmp/stats.json", perfMap: true, jitDump: true,
                              oneInstructionPerBlock: true, noCache: true), Sysroot("/srv/arm64")),
        ]
        for (options, sysroot) in cases {
            let args = options.childArguments(sysroot: sysroot) + ["-0", "sh", "/bin/busybox", "sh", "-c", "true"]
            guard let line = LaunchCommandLine.parse(args) else { XCTFail("\(args) not read"); continue }
            var inherited = options
            inherited.startedByGuest = true
            XCTAssertEqual(line.inherited, inherited, "\(args)")
            XCTAssertEqual(line.sysroot, sysroot?.root)
            XCTAssertEqual(line.argv0, "sh")
            XCTAssertEqual(line.command, ["/bin/busybox", "sh", "-c", "true"])
        }
    }

    /// A login shell's argv[0] ("-sh") reaches the program the guest executed.
    func testTheReentryTakesAnArgv0StartingWithADash() {
        let args = InheritedOptions().childArguments(sysroot: nil) + ["-0", "-sh", "/bin/sh", "-l"]
        XCTAssertEqual(LaunchCommandLine.parse(args)?.argv0, "-sh")
        XCTAssertEqual(LaunchCommandLine.parse(args)?.command, ["/bin/sh", "-l"])
    }

    func testLaunchOptionsAreRead() {
        let line = LaunchCommandLine.parse(["-E", "A=1", "-U", "B", "-E", "C=2", "--rootfs", "/r", "-g", "1234", "-singlestep",
                                            "prog", "arg"])
        XCTAssertEqual(line?.setEnv, ["A=1", "C=2"])
        XCTAssertEqual(line?.unsetEnv, ["B"])
        XCTAssertEqual(line?.rootfs, "/r")
        XCTAssertEqual(line?.gdb, "1234")
        XCTAssertEqual(line?.inherited.oneInstructionPerBlock, true)
        XCTAssertEqual(line?.command, ["prog", "arg"])
    }

    /// Help, version, errors and the spellings only the argument parser knows stay its own.
    func testEverythingElseIsLeftToTheArgumentParser() {
        let declined: [[String]] = [
            [], ["--help"], ["-h"], ["--version"], ["-L", "/r"], ["-L"], ["-L", "-strace", "prog"], ["-x", "prog"],
            ["-L", "/a", "-L", "/b", "prog"], ["--strace", "prog"], ["-strace", "-strace", "prog"],
            ["--rootfs=/r", "prog"], ["--stats=json", "/tmp/s", "prog"], ["--", "prog"], ["-0", "-sh", "prog"],
            ["-singlestep", "-one-insn-per-tb", "prog"],
        ]
        for args in declined { XCTAssertNil(LaunchCommandLine.parse(args), "\(args)") }
    }

    /// compat-run's argument parser names its options from the same table, so every option
    /// needs a spelling there, and each spelling is read by exactly one option.
    func testEveryOptionHasItsOwnSpellings() {
        let all = LaunchCommandLine.Option.allCases.flatMap { LaunchCommandLine.spellings(of: $0) }
        for option in LaunchCommandLine.Option.allCases {
            XCTAssertFalse(LaunchCommandLine.spellings(of: option).isEmpty, "\(option)")
        }
        XCTAssertEqual(Set(all).count, all.count, "a spelling listed twice")
        XCTAssertEqual(LaunchCommandLine.spellings(of: .oneInstructionPerBlock), ["-one-insn-per-tb", "-singlestep"])
        XCTAssertEqual(LaunchCommandLine.spellings(of: .startedByGuest), [InheritedOptions.guestExecOption])
    }
}
