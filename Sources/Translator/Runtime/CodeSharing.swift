// After a fork, parent and child map the same code memory (the cache's views are
// MAP_SHARED). Neither may write to it while the other can still run code from it: a
// chain patch or a retired block would change the other's code under it. Copying the
// cache at every fork (what a fork child did before) costs milliseconds per fork, and most
// fork children exec or exit without ever writing. So the copy is made only by a process
// that is about to write while the memory is shared:
// - a fork child always moves to a private copy before its first write;
// - a parent writes in place once every child that shared the memory has let go of it, and
//   moves to a private copy (leaving the old memory to those children) otherwise.
// A child lets go by closing the write end of a pipe made for its fork: explicitly when it
// moves, or by exec (close-on-exec) or exit; its own fork children inherit that end while
// they still run from the same memory, so the parent sees end-of-file only when none does.
import CSupport
import Glibc

struct CodeSharing {
    /// In a fork child (or its descendants) that has not moved yet: the memory is a parent's.
    private(set) var inherited = false
    /// In such a child: the write end its parent watches.
    private var parentWatch: Int32 = -1
    /// In a parent: read ends of the pipes of children that may still run from the memory;
    /// -1 for a child whose end could not be made (it never lets go).
    private var children: [Int32] = []
    /// Hides a descriptor from the guest (the embedder's hook), and gives it back before closing.
    var adopt: (Int32) -> Int32 = { $0 }
    var release: (Int32) -> Void = { _ in }

    /// How many children's pipes this process watches.
    var watchedChildren: Int { children.count }

    /// Whether a write may need a move: false in the common, unshared case (no syscall).
    @inline(__always) var mayBeShared: Bool { inherited || !children.isEmpty }

    /// Before a write: true when this process must move to a private copy first. Forgets
    /// the children that let go.
    mutating func mustMove() -> Bool {
        if inherited { return true }
        forgetChildrenThatLetGo()
        return !children.isEmpty
    }

    /// Closes the pipes of children that let go: one poll for all of them. Also run before
    /// each fork, so a shell that forks thousands of commands without ever writing to the
    /// memory keeps only its running children's pipes (each fork child closes every one).
    private mutating func forgetChildrenThatLetGo() {
        guard !children.isEmpty else { return }
        var polled = children.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }   // fd -1: ignored by poll
        guard poll(&polled, nfds_t(polled.count), 0) > 0 else { return }
        children.removeAll()
        for p in polled {
            if p.fd >= 0 && p.revents != 0 {
                closeOwn(p.fd)    // end-of-file (POLLHUP): the child and its descendants let go
            } else {
                children.append(p.fd)
            }
        }
    }

    /// This process moved to a private copy: the old memory is left to whoever still runs from it.
    mutating func moved() {
        if inherited { closeOwn(parentWatch); parentWatch = -1; inherited = false }
        for fd in children where fd >= 0 { closeOwn(fd) }
        children.removeAll()
    }

    /// Before fork: the pipe the parent will watch (nil when this process is itself a child
    /// that has not moved: it never writes in place, and its children inherit its watch).
    mutating func prepareFork() -> (read: Int32, write: Int32)? {
        guard !inherited else { return nil }
        forgetChildrenThatLetGo()
        var fds: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC): Glibc's module does not export it.
        let made = fds.withUnsafeMutableBufferPointer { cr_syscall6(293 /* pipe2 */, Int(bitPattern: $0.baseAddress), Int(O_CLOEXEC), 0, 0, 0, 0) }
        guard made == 0 else { return (-1, -1) }
        return (adopt(fds[0]), adopt(fds[1]))
    }

    /// In the parent after fork (`pipe` from prepareFork).
    mutating func forkedParent(_ pipe: (read: Int32, write: Int32)?) {
        guard let pipe else { return }
        if pipe.write >= 0 { closeOwn(pipe.write) }
        children.append(pipe.read)
    }

    /// In the child after fork: the memory is the parent's from now on.
    mutating func forkedChild(_ pipe: (read: Int32, write: Int32)?) {
        for fd in children where fd >= 0 { closeOwn(fd) }   // siblings' pipes: the parent's business
        children.removeAll()
        guard let pipe else { return }                      // already inherited: keep the same watch
        if pipe.read >= 0 { closeOwn(pipe.read) }
        inherited = true
        parentWatch = pipe.write
    }

    private func closeOwn(_ fd: Int32) {
        release(fd)
        close(fd)
    }
}
