// While the guest runs, gdb may send one thing: an interrupt byte (Ctrl-C). A host thread
// polls the connection for it and asks the dispatcher to stop; it ends before the next
// stop's session reads the connection again.
import Glibc
import Translator

final class GDBInterruptWatcher: @unchecked Sendable {
    private let connection: GDBConnection
    private let hooks: DebugHooks
    private var thread = pthread_t()
    private var running: Int32 = 1
    private let lock = HostMutex()

    init(_ connection: GDBConnection, _ hooks: DebugHooks) {
        self.connection = connection
        self.hooks = hooks
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let w = Unmanaged<GDBInterruptWatcher>.fromOpaque(raw!).takeRetainedValue()
            w.watch()
            return nil
        }, context)
    }

    private var isRunning: Bool { lock.withLock { running != 0 } }

    private func watch() {
        while isRunning {
            if connection.pollInterrupt(milliseconds: 50) { hooks.requestStop() }
        }
    }

    /// Ends the watch and waits for the thread (at most one poll interval).
    func stop() {
        lock.withLock { running = 0 }
        pthread_join(thread, nil)
    }
}
