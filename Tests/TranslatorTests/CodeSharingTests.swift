// Fork children share the code cache's memory until one side writes (CodeSharing.swift):
// the rules for when a parent may write in place, with real forks.
import Glibc
import XCTest
@testable import Translator

final class CodeSharingTests: XCTestCase {
    /// Forks; the child runs `child` and exits with its result.
    private func fork(_ sharing: inout CodeSharing, child: (inout CodeSharing) -> Int32) -> pid_t {
        let watch = sharing.prepareFork()
        let pid = Glibc.fork()
        if pid == 0 {
            sharing.forkedChild(watch)
            _exit(child(&sharing))
        }
        sharing.forkedParent(watch)
        return pid
    }

    private func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return status
    }

    /// A pipe the children block on until the test writes to it.
    private func gate() -> [Int32] {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        return fds
    }

    private func wait(_ gate: [Int32]) { var b: UInt8 = 0; _ = read(gate[0], &b, 1) }
    private func open(_ gate: [Int32], _ n: Int) { for _ in 0..<n { _ = write(gate[1], "x", 1) } }

    /// A shell forks command after command and never writes to the memory: the pipes of the
    /// children that ended are closed at the next fork, not kept (each child closed them all).
    func testEndedChildrenAreForgottenAtTheNextFork() {
        var s = CodeSharing()
        for _ in 0..<40 {
            let pid = fork(&s) { _ in 0 }
            XCTAssertEqual(reap(pid), 0)
            XCTAssertEqual(s.watchedChildren, 1, "only the last child's pipe")
        }
        XCTAssertFalse(s.mustMove(), "every child ended")
        XCTAssertEqual(s.watchedChildren, 0)
    }

    func testUnsharedCacheWritesInPlaceWithoutChecking() {
        let s = CodeSharing()
        XCTAssertFalse(s.mayBeShared)
    }

    func testTheChildAlwaysMovesAndTheParentOnlyWhileTheChildRunsFromTheMemory() {
        var s = CodeSharing()
        let g = gate()
        let pid = fork(&s) { child in
            guard child.mayBeShared, child.mustMove() else { return 1 }   // the memory is the parent's
            wait(g)
            return 0
        }
        XCTAssertTrue(s.mayBeShared)
        XCTAssertTrue(s.mustMove(), "the child may still run from the memory")
        open(g, 1)
        XCTAssertEqual(reap(pid), 0)
        XCTAssertFalse(s.mustMove(), "the child exited: the parent writes in place")
        XCTAssertFalse(s.mayBeShared)
    }

    func testAGrandchildStillRunningFromTheMemoryKeepsTheParentOff() {
        var s = CodeSharing()
        let g = gate()
        let pid = fork(&s) { child in
            guard child.prepareFork() == nil else { return 1 }   // a child that has not moved makes no new watch
            if Glibc.fork() == 0 { wait(g); _exit(0) }     // inherits the child's watch
            return 0
        }
        XCTAssertEqual(reap(pid), 0)
        XCTAssertTrue(s.mustMove(), "the grandchild still holds the memory")
        open(g, 1)
        var hung = pollfd(fd: -1, events: 0, revents: 0)
        for _ in 0..<200 where s.mustMove() { _ = poll(&hung, 0, 10) }
        XCTAssertFalse(s.mustMove(), "the grandchild exited")
    }

    func testExecLetsGoWhileTheNewProgramStillRuns() {
        var s = CodeSharing()
        let pid = fork(&s) { _ in
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("0.5"), nil]
            execv("/bin/sleep", argv)
            return 127
        }
        var hung = pollfd(fd: -1, events: 0, revents: 0)
        for _ in 0..<40 where s.mustMove() { _ = poll(&hung, 0, 5) }
        XCTAssertFalse(s.mustMove(), "exec closed the watch (close-on-exec) before sleep ended")
        XCTAssertEqual(kill(pid, 0), 0, "the exec'd program is still running")
        XCTAssertEqual(reap(pid), 0)
    }

    func testMovingLeavesTheMemoryToTheChildren() {
        var s = CodeSharing()
        let g = gate()
        let pid = fork(&s) { _ in wait(g); return 0 }
        XCTAssertTrue(s.mustMove())
        s.moved()
        XCTAssertFalse(s.mayBeShared, "a private copy is shared with no one")
        open(g, 1)
        XCTAssertEqual(reap(pid), 0)
    }
}
