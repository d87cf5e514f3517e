// The gdb remote serial protocol's framing over one socket: `$data#checksum` packets,
// `+`/`-` acknowledgements, `}`-escaped binary. Nothing here knows what a packet means.
import Glibc
import SyscallShim

/// Where `-g` listens: a TCP port on the loopback interface, or a Unix socket path.
enum GDBEndpoint: Equatable {
    case tcp(port: UInt16)
    case unix(path: String)

    /// `-g 1234`, `-g /tmp/gdb.sock` (qemu's spellings); nil for anything else.
    init?(_ text: String) {
        if let port = UInt16(text), port > 0 { self = .tcp(port: port) }
        else if text.hasPrefix("/") || text.hasPrefix(".") { self = .unix(path: text) }
        else { return nil }
    }
}

struct GDBConnectionError: Error, CustomStringConvertible {
    let description: String
}

/// One debugger connection. Loopback only for TCP: the stub gives whoever connects full
/// control of the guest.
final class GDBConnection {
    private var fd: Int32 = -1
    /// Bytes read but not yet consumed.
    private var buffer: [UInt8] = []
    /// After QStartNoAckMode both sides stop acknowledging.
    var acknowledging = true

    /// Listens on `endpoint` and waits for the debugger to connect.
    static func accept(_ endpoint: GDBEndpoint) throws -> GDBConnection {
        let listener: Int32
        switch endpoint {
        case .tcp(let port):
            listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var one: Int32 = 1
            setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = port.bigEndian
            addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc != 0 { throw GDBConnectionError(description: "-g \(port): \(String(cString: strerror(errno)))") }
        case .unix(let path):
            listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            unlink(path)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                throw GDBConnectionError(description: "-g \(path): path too long for a Unix socket")
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if rc != 0 { throw GDBConnectionError(description: "-g \(path): \(String(cString: strerror(errno)))") }
        }
        guard listen(listener, 1) == 0 else { throw GDBConnectionError(description: "-g: \(String(cString: strerror(errno)))") }
        var client: Int32
        repeat { client = Glibc.accept(listener, nil, nil) } while client < 0 && errno == EINTR
        if client >= 0 { _ = fcntl(client, F_SETFD, FD_CLOEXEC) }
        Glibc.close(listener)
        if case .unix(let path) = endpoint { unlink(path) }
        guard client >= 0 else { throw GDBConnectionError(description: "-g: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let c = GDBConnection()
        c.fd = CompatRunDescriptors.adopt(client)
        return c
    }

    private func readByte() -> UInt8? {
        if buffer.isEmpty {
            var chunk = [UInt8](repeating: 0, count: 4096)
            var n: Int
            repeat { n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) } } while n < 0 && errno == EINTR
            guard n > 0 else { return nil }
            buffer = Array(chunk[0..<n].reversed())
        }
        return buffer.popLast()
    }

    private func send(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            off += n
        }
    }

    /// Waits up to `milliseconds` for input while the program runs: true if gdb sent an
    /// interrupt (0x03); anything else is kept for `receive`.
    func pollInterrupt(milliseconds: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, milliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        guard n > 0 else { return false }
        let bytes = chunk[0..<n]
        buffer.insert(contentsOf: bytes.filter { $0 != 0x03 }.reversed(), at: 0)
        return bytes.contains(0x03)
    }

    /// The next packet's payload (binary escapes undone), or nil when the debugger has gone.
    /// A stray interrupt byte (0x03) outside a packet is returned as "\u{3}".
    func receive() -> [UInt8]? {
        while true {
            guard let b = readByte() else { return nil }
            if b == 0x03 { return [0x03] }
            guard b == UInt8(ascii: "$") else { continue }   // acks and noise
            var payload: [UInt8] = [], sum: UInt8 = 0
            while let c = readByte(), c != UInt8(ascii: "#") {
                sum &+= c
                payload.append(c)
            }
            guard let h = readByte(), let l = readByte() else { return nil }
            let expected = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            if acknowledging {
                guard expected == sum else { send([UInt8(ascii: "-")]); continue }
                send([UInt8(ascii: "+")])
            }
            return Self.unescape(payload)
        }
    }

    /// Sends one packet and (unless acknowledgements are off) waits for the debugger's `+`.
    func reply(_ payload: [UInt8]) {
        var framed: [UInt8] = [UInt8(ascii: "$")], sum: UInt8 = 0
        for b in payload {
            if b == UInt8(ascii: "$") || b == UInt8(ascii: "#") || b == UInt8(ascii: "}") || b == UInt8(ascii: "*") {
                framed += [UInt8(ascii: "}"), b ^ 0x20]; sum &+= UInt8(ascii: "}") &+ (b ^ 0x20)
            } else {
                framed.append(b); sum &+= b
            }
        }
        framed.append(UInt8(ascii: "#"))
        framed += Array(hexByte(sum).utf8)
        for _ in 0..<3 {
            send(framed)
            if !acknowledging { return }
            guard let ack = readByte() else { return }
            if ack == UInt8(ascii: "+") { return }
            if ack != UInt8(ascii: "-") { buffer.append(ack); return }   // not an ack: keep it
        }
    }

    func reply(_ text: String) { reply(Array(text.utf8)) }

    func close() {
        if fd >= 0 { CompatRunDescriptors.release(fd); Glibc.close(fd); fd = -1 }
    }

    static func unescape(_ p: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < p.count {
            if p[i] == UInt8(ascii: "}") && i + 1 < p.count { out.append(p[i + 1] ^ 0x20); i += 2 } else { out.append(p[i]); i += 1 }
        }
        return out
    }
}

func hexByte(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}

/// Bytes as the protocol's hex text.
func hexEncode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    var s = ""
    for b in bytes { s += hexByte(b) }
    return s
}

/// Hex text as bytes; nil if malformed.
func hexDecode<S: StringProtocol>(_ text: S) -> [UInt8]? {
    let u = Array(text.utf8)
    guard u.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < u.count {
        guard let b = UInt8(String(decoding: u[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
        out.append(b)
        i += 2
    }
    return out
}
