// `-d in_asm,op,out_asm`: guest code, IR and host code of every translated block.
import Glibc
import Translator

struct LogError: Error, CustomStringConvertible { let description: String }

final class TranslationLog {
    let inAsm: Bool, ops: Bool, outAsm: Bool
    let fd: Int32

    init(items: String, path: String?) throws {
        let set = Set(items.split(separator: ",").map(String.init))
        let known: Set<String> = ["in_asm", "op", "out_asm"]
        if let bad = set.subtracting(known).first { throw LogError(description: "unknown -d item '\(bad)' (known: in_asm, op, out_asm)") }
        inAsm = set.contains("in_asm"); ops = set.contains("op"); outAsm = set.contains("out_asm")
        if let p = path {
            fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd < 0 { throw LogError(description: "\(p): \(String(cString: strerror(errno)))") }
        } else {
            fd = 2
        }
    }

    func record(_ block: IRBlock, _ code: [UInt8], _ host: UInt) {
        var out = "---- block 0x\(hex(block.guestPC)) -> host 0x\(hex(UInt64(host)))\n"
        if inAsm {
            var pc = block.guestPC
            while pc < block.guestEnd {
                let word = UnsafePointer<UInt32>(bitPattern: UInt(pc))!.pointee
                out += "  0x\(hex(pc)):  \(Disassembler.arm64(word, at: pc))\n"
                pc += 4
            }
        }
        if ops {
            out += "  IR:\n"
            for op in block.ops { out += "    \(op)\n" }
            out += "    -> \(block.terminator)\n"
        }
        if outAsm {
            for line in Disassembler.x86(code, at: UInt64(host)) { out += "  0x\(hex(line.address)):  \(line.text)\n" }
        }
        out.withCString { _ = write(fd, $0, strlen($0)) }
    }

    private func hex(_ v: UInt64) -> String { String(v, radix: 16) }
}
