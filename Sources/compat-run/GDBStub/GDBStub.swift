// `-g PORT`: a gdb remote stub. gdb (gdb-multiarch) attaches before the program's first
// instruction and then sees the guest as a native arm64 debugger would: registers, memory,
// breakpoints, single steps, signals, threads. All-stop: while one thread talks to gdb the
// others wait at their next block; a step runs only the stepping thread.
import CSupport
import Glibc
import SyscallShim
import Translator

final class GDBStub: @unchecked Sendable {
    private let connection: GDBConnection
    private let engine: Engine
    /// The last stop reply, for `?`.
    private var lastStop = "S05"
    /// The thread `g`/`G`/`p`/`P`/`m` act on (`Hg`); nil: the stopped one.
    private var selected: Int32?
    private var ended = false
    /// The guest's auxiliary vector (AT_NULL-terminated), for qXfer:auxv:read: gdb finds a
    /// PIE's load address and the dynamic linker's there.
    var auxv: [UInt8] = []
    private weak var hooks: DebugHooks?
    /// Watches the connection for Ctrl-C while the program runs (GDBInterruptWatcher.swift).
    private var watcher: GDBInterruptWatcher?

    /// Waits for gdb on `endpoint`, then makes `engine` stop before the program's first
    /// instruction. One line and exit status 1 if it cannot listen.
    static func attach(_ endpoint: GDBEndpoint, to engine: Engine) -> GDBStub {
        let connection: GDBConnection
        do { connection = try GDBConnection.accept(endpoint) } catch {
            GuestProcess.report("compat-run: \(error)"); exit(1)
        }
        let stub = GDBStub(connection: connection, engine: engine)
        let hooks = DebugHooks()
        stub.hooks = hooks
        hooks.onStop = { stub.session($0, $1, $2) }
        // Every block returns to the dispatcher, where breakpoints and steps are checked.
        engine.chaining = false
        engine.debugHooks = hooks
        return stub
    }

    private init(connection: GDBConnection, engine: Engine) {
        self.connection = connection
        self.engine = engine
    }

    /// The process ends with `status` (from exit or exit_group): gdb hears it.
    func processExited(_ status: Int32) {
        guard !ended, hooks?.isDetached == false else { return }   // detached, or a fork child
        ended = true
        watcher?.stop()
        connection.reply("W" + hexByte(UInt8(truncatingIfNeeded: status)))
        connection.close()
    }

    // MARK: the session of one stop

    /// What one packet asks for.
    private enum Action {
        case reply(String)
        /// A reply that may hold binary data (qXfer), escaped by the connection.
        case replyBytes([UInt8])
        case resume(DebugResume)
        case kill
    }

    private func session(_ thread: DebugThread, _ why: DebugStop, _ threads: [DebugThread]) -> DebugResume {
        guard !ended else { return .detach }
        watcher?.stop()
        watcher = nil
        lastStop = stopReply(thread, why)
        if why != .start { connection.reply(lastStop) }
        selected = nil
        while let packet = connection.receive() {
            switch handle(packet, thread, threads) {
            case .reply(let text): connection.reply(text)
            case .replyBytes(let bytes):
                connection.reply(bytes)
                if packet == Array("QStartNoAckMode".utf8) { connection.acknowledging = false }
            case .resume(let r):
                if r == .detach { ended = true; connection.close() } else if let hooks {
                    watcher = GDBInterruptWatcher(connection, hooks)
                }
                return r
            case .kill:
                ended = true
                connection.close()
                kill(getpid(), SIGKILL)
            }
        }
        // gdb went away without detaching: the program runs on, as after `detach`.
        ended = true
        return .detach
    }

    private func stopReply(_ thread: DebugThread, _ why: DebugStop) -> String {
        let sig: UInt8
        switch why {
        case .start, .trap: sig = GDBSignal.trap
        case .signal(let s): sig = GDBSignal.number(linux: s)
        }
        return "T" + hexByte(sig) + "thread:" + String(thread.tid, radix: 16) + ";"
    }

    private func handle(_ bytes: [UInt8], _ thread: DebugThread, _ threads: [DebugThread]) -> Action {
        if bytes == [0x03] { return .reply(lastStop) }   // interrupt while already stopped
        // X carries binary data after the colon; everything else is text.
        if bytes.first == UInt8(ascii: "X"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let head = String(decoding: bytes[1..<colon], as: UTF8.self)
            return .reply(writeMemory(head, Array(bytes[(colon + 1)...])))
        }
        let p = String(decoding: bytes, as: UTF8.self)
        let cpu = (threads.first { $0.tid == selected } ?? thread).cpu
        guard let command = p.first else { return .reply("") }
        let rest = String(p.dropFirst())
        switch command {
        case "?": return .reply(lastStop)
        case "g": return .reply(GDBRegister.all.map { hexEncode($0.read(cpu)) }.joined())
        case "G":
            guard var data = hexDecode(rest) else { return .reply("E01") }
            for r in GDBRegister.all where data.count >= r.bitSize / 8 {
                r.write(cpu, Array(data.prefix(r.bitSize / 8)))
                data.removeFirst(r.bitSize / 8)
            }
            return .reply("OK")
        case "p":
            guard let n = Int(rest, radix: 16), GDBRegister.all.indices.contains(n) else { return .reply("E01") }
            return .reply(hexEncode(GDBRegister.all[n].read(cpu)))
        case "P":
            let parts = rest.split(separator: "=")
            guard parts.count == 2, let n = Int(parts[0], radix: 16), GDBRegister.all.indices.contains(n),
                  let value = hexDecode(parts[1]) else { return .reply("E01") }
            GDBRegister.all[n].write(cpu, value)
            return .reply("OK")
        case "m": return .reply(readMemory(rest))
        case "M":
            let parts = rest.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let data = hexDecode(parts[1]) else { return .reply("E01") }
            return .reply(writeMemory(String(parts[0]), data))
        case "Z", "z": return .reply(breakpoint(rest, insert: command == "Z"))
        case "c", "s":
            if let pc = UInt64(rest, radix: 16) { thread.cpu.pc = pc }
            return .resume(command == "s" ? .step : .continue)
        case "C", "S":
            // The signal gdb passes is the one the guest is about to take anyway (or none).
            return .resume(command == "S" ? .step : .continue)
        case "H":
            let tid = Int32(rest.dropFirst(), radix: 16) ?? 0
            if rest.first == "g" { selected = tid > 0 ? tid : nil }
            return .reply("OK")
        case "T":
            let tid = Int32(rest, radix: 16) ?? -1
            return .reply(threads.contains { $0.tid == tid } ? "OK" : "E01")
        case "D": return .resume(.detach)
        case "k": return .kill
        case "q", "Q": return .replyBytes(query(p, thread, threads))
        case "v": return vPacket(p, thread)
        default: return .reply("")
        }
    }

    private func query(_ p: String, _ thread: DebugThread, _ threads: [DebugThread]) -> [UInt8] {
        if p.hasPrefix("qXfer:features:read:target.xml:") {
            return xferSlice(Array(GDBTargetDescription.xml.utf8), String(p.dropFirst("qXfer:features:read:target.xml:".count)))
        }
        if p.hasPrefix("qXfer:auxv:read::") { return xferSlice(auxv, String(p.dropFirst("qXfer:auxv:read::".count))) }
        return Array(queryText(p, thread, threads).utf8)
    }

    private func queryText(_ p: String, _ thread: DebugThread, _ threads: [DebugThread]) -> String {
        if p.hasPrefix("qSupported") {
            return "PacketSize=4000;qXfer:features:read+;qXfer:auxv:read+;vContSupported+;QStartNoAckMode+"
        }
        if p == "QStartNoAckMode" { return "OK" }   // acknowledgements stop after this reply
        if p == "qfThreadInfo" { return "m" + threads.map { String($0.tid, radix: 16) }.joined(separator: ",") }
        if p == "qsThreadInfo" { return "l" }
        if p == "qC" { return "QC" + String(thread.tid, radix: 16) }
        if p == "qAttached" { return "1" }
        if p.hasPrefix("qSymbol") { return "OK" }
        return ""
    }

    private func vPacket(_ p: String, _ thread: DebugThread) -> Action {
        if p == "vCont?" { return .reply("vCont;c;C;s;S") }
        if p.hasPrefix("vCont;") {
            // Actions apply to the stopped thread (all-stop); a step anywhere means a step.
            let actions = p.dropFirst(6).split(separator: ";").map { $0.split(separator: ":").first ?? "" }
            let steps = actions.contains { $0.hasPrefix("s") || $0.hasPrefix("S") }
            return .resume(steps ? .step : .continue)
        }
        if p.hasPrefix("vKill") { connection.reply("OK"); return .kill }
        return .reply("")
    }

    /// `OFFSET,LENGTH` of an annex: `m` + data while more follows, `l` + data at the end.
    private func xferSlice(_ all: [UInt8], _ range: String) -> [UInt8] {
        let parts = range.split(separator: ",")
        guard parts.count == 2, let off = Int(parts[0], radix: 16), let len = Int(parts[1], radix: 16) else { return Array("E01".utf8) }
        guard off <= all.count else { return [UInt8(ascii: "l")] }
        let end = min(all.count, off + len)
        return [UInt8(ascii: end < all.count ? "m" : "l")] + all[off..<end]
    }

    private func breakpoint(_ args: String, insert: Bool) -> String {
        let parts = args.split(separator: ",")
        // Types 0 (software) and 1 (hardware) are the same thing here; watchpoints are not supported.
        guard parts.count >= 2, parts[0] == "0" || parts[0] == "1", let address = UInt64(parts[1], radix: 16) else { return "" }
        _ = engine.setBreakpoint(address, insert)
        return "OK"
    }

    // MARK: guest memory, through the fault-safe copy (a bad address is an error reply)

    private static func range(_ text: Substring) -> (UInt64, Int)? {
        let parts = text.split(separator: ",")
        guard parts.count == 2, let a = UInt64(parts[0], radix: 16), let n = Int(parts[1], radix: 16), n >= 0,
              n <= 0x10000 else { return nil }
        return (a, n)
    }

    private static func accessible(_ address: UInt64, _ count: Int) -> Bool {
        let (end, overflow) = address.addingReportingOverflow(UInt64(count))
        return address >= 4096 && !overflow && end <= 1 << 47
    }

    private func readMemory(_ args: String) -> String {
        guard let (address, count) = Self.range(Substring(args)) else { return "E01" }
        var out = [UInt8](repeating: 0, count: count)
        if Self.accessible(address, count),
           out.withUnsafeMutableBytes({ cr_copy_guest($0.baseAddress, UnsafeRawPointer(bitPattern: UInt(address)), count) }) == 0 {
            return hexEncode(out)
        }
        // Partly readable: the readable prefix (gdb asks again for the rest).
        var n = 0
        while n < count && Self.accessible(address + UInt64(n), 1),
              out.withUnsafeMutableBytes({ cr_copy_guest($0.baseAddress! + n, UnsafeRawPointer(bitPattern: UInt(address) + UInt(n)), 1) }) == 0 {
            n += 1
        }
        return n == 0 ? "E14" : hexEncode(out[0..<n])
    }

    private func writeMemory(_ head: String, _ data: [UInt8]) -> String {
        guard let (address, count) = Self.range(Substring(head)), count <= data.count else { return "E01" }
        if count == 0 { return "OK" }
        guard Self.accessible(address, count),
              data.withUnsafeBytes({ cr_copy_guest(UnsafeMutableRawPointer(bitPattern: UInt(address)), $0.baseAddress, count) }) == 0
        else { return "E14" }
        engine.debuggerWrote(address, length: UInt64(count))
        return "OK"
    }
}
