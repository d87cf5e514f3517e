// `-d ITEM,...` (qemu's spirit): guest code, IR and host code of every translated block,
// a line per executed block, the guest mappings at start; `-dfilter` limits them to ranges.
import Glibc
import SyscallShim
import Loader
import Translator

struct LogError: Error, CustomStringConvertible { let description: String }

final class TranslationLog {
    /// Every -d item with its one-line meaning (`-d help`).
    static let items: [(name: String, help: String)] = [
        ("in_asm", "guest instructions of each translated block"),
        ("op", "the block's IR as lifted, before the passes"),
        ("op_opt", "the block's IR after the passes (what the host code is emitted from)"),
        ("out_asm", "the host code, guest-instruction boundaries marked"),
        ("exec", "a line per block executed (runs without chaining: slow)"),
        ("nochain", "do not link blocks: every block starts from the dispatcher"),
        ("strace", "log system calls (as -strace)"),
        ("page", "the guest's mappings at start"),
    ]

    let inAsm: Bool, ops: Bool, opsOptimised: Bool, outAsm: Bool, exec: Bool, nochain: Bool, strace: Bool, page: Bool
    let filter: [Range<UInt64>]
    let fd: Int32

    /// Whether any item needs the translation observer.
    var observesTranslation: Bool { inAsm || ops || opsOptimised || outAsm }

    init(items: String, filter filterText: String?, path: String?) throws {
        let set = Set(items.split(separator: ",").map(String.init))
        if set.contains("help") {
            let text = "Log items (-d ITEM,...):\n" + Self.items.map { "  \($0.name.padding(8))  \($0.help)\n" }.joined()
            _ = text.withCString { write(1, $0, strlen($0)) }
            exit(0)
        }
        let known = Set(Self.items.map(\.name))
        if let bad = set.subtracting(known).sorted().first {
            throw LogError(description: "unknown -d item '\(bad)' (known: \(Self.items.map(\.name).joined(separator: ", ")); -d help)")
        }
        inAsm = set.contains("in_asm"); ops = set.contains("op"); opsOptimised = set.contains("op_opt"); outAsm = set.contains("out_asm")
        exec = set.contains("exec"); nochain = set.contains("nochain") || exec
        strace = set.contains("strace"); page = set.contains("page")
        filter = try filterText.map(Self.parseFilter) ?? []
        if let p = path {
            // Kept out of the guest's descriptors (ReservedDescriptors.swift).
            fd = CompatRunDescriptors.adopt(open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
            if fd < 0 { throw LogError(description: "\(p): \(String(cString: strerror(errno)))") }
        } else {
            fd = 2
        }
    }

    /// `ADDR[+LEN],...` (hex, 0x optional; LEN defaults to one byte, so a block start).
    static func parseFilter(_ text: String) throws -> [Range<UInt64>] {
        try text.split(separator: ",").map { item in
            let parts = item.split(separator: "+", maxSplits: 1)
            func hexValue(_ s: Substring) throws -> UInt64 {
                let digits = s.hasPrefix("0x") || s.hasPrefix("0X") ? s.dropFirst(2) : s
                guard let v = UInt64(digits, radix: 16) else { throw LogError(description: "-dfilter: bad address '\(s)'") }
                return v
            }
            let start = try hexValue(parts[0])
            let length = parts.count > 1 ? try hexValue(parts[1]) : 1
            return start..<(start &+ max(length, 1))
        }
    }

    func wanted(_ pc: UInt64) -> Bool { filter.isEmpty || filter.contains { $0.contains(pc) } }

    func record(_ t: TranslatedBlock) {
        guard wanted(t.ir.guestPC) else { return }
        emit(Self.render(t, inAsm: inAsm, ops: ops, opsOptimised: opsOptimised, outAsm: outAsm))
    }

    /// `-d exec`: one line per block entered.
    func executed(_ pc: UInt64, symbol: String?) {
        guard wanted(pc) else { return }
        emit("Trace 0x\(hex(pc))\(symbol.map { " [\($0)]" } ?? "")\n")
    }

    /// `-d page`: the guest's mappings as the loader left them.
    func pages(_ program: LoadedProgram) {
        var out = "guest mappings at start:\n"
        for s in program.segments + [program.stack] {
            let prot = (s.readable ? "r" : "-") + (s.writable ? "w" : "-") + (s.executable ? "x" : "-")
            out += "  \(hex(s.start, width: 12))-\(hex(s.end, width: 12)) \(prot) \(s.path.isEmpty ? "[stack]" : s.path)\n"
        }
        emit(out)
    }

    func emit(_ text: String) { text.withCString { _ = write(fd, $0, strlen($0)) } }

    /// The block as text. Host lines that start a guest instruction's code carry
    /// `;; 0xPC` (the guest instruction whose code follows).
    static func render(_ t: TranslatedBlock, inAsm: Bool, ops: Bool, opsOptimised: Bool, outAsm: Bool) -> String {
        let block = t.ir
        var out = "---- block 0x\(hex(block.guestPC)) -> host 0x\(hex(UInt64(t.host)))\n"
        if inAsm {
            var pc = block.guestPC
            while pc < block.guestEnd {
                let word = UnsafePointer<UInt32>(bitPattern: UInt(pc))!.pointee
                out += "  0x\(hex(pc)):  \(Disassembler.arm64(word, at: pc))\n"
                pc += 4
            }
        }
        // IRBlock.text (Translator/IR/IRPrinter.swift), indented under its heading.
        func irLines(_ b: IRBlock) -> String { b.text.split(separator: "\n").map { "    \($0)\n" }.joined() }
        if ops { out += "  IR as lifted:\n" + irLines(t.lifted) }
        if opsOptimised { out += "  IR:\n" + irLines(block) }
        if outAsm {
            var starts: [UInt64: [Int]] = [:]       // host address -> guest instructions starting there
            for (i, s) in t.instructionStarts.enumerated() { if let s { starts[UInt64(t.host) + UInt64(s), default: []].append(i) } }
            for line in Disassembler.x86(t.code, at: UInt64(t.host), data: t.dataRecords) {
                for i in starts[line.address] ?? [] {
                    let pc = block.guestPC + 4 * UInt64(i)
                    let word = UnsafePointer<UInt32>(bitPattern: UInt(pc))!.pointee
                    out += "   ;; 0x\(hex(pc)): \(Disassembler.arm64(word, at: pc))\n"
                }
                out += "  0x\(hex(line.address)):  \(line.text)\n"
            }
        }
        return out
    }
}

func hex(_ v: UInt64) -> String { String(v, radix: 16) }
func hex(_ v: UInt64, width: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
