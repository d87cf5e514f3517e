// `compat-run inspect PROGRAM (--symbol NAME | --address ADDR) [--ir] [--host]`: loads the
// program (and its interpreter) without running it, translates the blocks of one function
// (following direct branches inside the function's extent) and prints guest code, IR and
// host code, host lines marked with the guest instruction they start.
import ArgumentParser
import Glibc
import Loader
import SyscallShim
import Translator

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run inspect",
        abstract: "Translate one guest function without running it; show its guest code, IR and host code.",
        discussion: "Host code lines that start a guest instruction's code are preceded by ';; 0xPC: instruction'.")

    @Argument(help: ArgumentHelp("The arm64 ELF program (static or dynamic).", valueName: "PROGRAM"))
    var program: String

    @Option(help: ArgumentHelp("The function to translate (program's symbol table, then the interpreter's).",
                               valueName: "NAME"))
    var symbol: String?

    @Option(help: ArgumentHelp("Translate from this guest address (hex) instead; its function's extent bounds the walk.",
                               valueName: "ADDR"))
    var address: String?

    @Flag(help: "Also print each block's IR.")
    var ir = false

    @Flag(help: "Also print the host (x86-64) code.")
    var host = false

    @Option(name: .customShort("L"), help: ArgumentHelp(
        "Sysroot for a dynamic program's interpreter (default: $QEMU_LD_PREFIX, else /usr/aarch64-linux-gnu).",
        valueName: "PATH"))
    var sysroot: String?

    func validate() throws {
        if (symbol == nil) == (address == nil) { throw ValidationError("give exactly one of --symbol NAME and --address ADDR") }
    }

    func run() throws {
        var options = LoadOptions(argv: [program], envp: [], hwcap: GuestProcess.hwcap, hwcap2: GuestProcess.hwcap2)
        options.sysroot = Sysroot.explicit(option: sysroot) ?? Sysroot.fallback()
        let loaded: LoadedProgram
        do { loaded = try ProgramLoader.load(path: program, options: options) } catch {
            GuestProcess.report(error.message); throw ExitCode(error.exitCode)
        }
        // Symbol tables of the program and the interpreter, each with its load bias.
        var tables: [(syms: ELFSymbols, bias: UInt64)] = []
        if let first = loaded.segments.first, let syms = ELFSymbols(path: program),
           let bias = syms.bias(mappingStart: first.start, fileOffset: first.fileOffset) { tables.append((syms, bias)) }
        if let interp = loaded.interpreterPath,
           let seg = loaded.segments.first(where: { $0.start >= loaded.interpreterBase && $0.path != loaded.segments[0].path }),
           let syms = ELFSymbols(path: interp), let bias = syms.bias(mappingStart: seg.start, fileOffset: seg.fileOffset) {
            tables.append((syms, bias))
        }

        let start: UInt64, extent: Range<UInt64>, label: String
        var bias: UInt64 = tables.first?.bias ?? 0
        if let name = symbol {
            guard let (s, b) = tables.lazy.compactMap({ t in t.syms.symbol(named: name).map { ($0, t.bias) } }).first else {
                let close = tables.flatMap { $0.syms.closeMatches(to: name) }
                GuestProcess.report("compat-run inspect: no symbol '\(name)' in \(program)"
                    + (close.isEmpty ? "" : "; close matches: " + close.prefix(5).joined(separator: ", ")))
                throw ExitCode(1)
            }
            bias = b
            start = s.value &+ b
            extent = start..<(start &+ Self.size(of: s, in: tables.first { $0.syms.symbol(named: name) != nil }!.syms))
            label = name
        } else {
            let text = address!.hasPrefix("0x") ? String(address!.dropFirst(2)) : address!
            guard let a = UInt64(text, radix: 16) else { throw ValidationError("--address: '\(address!)' is not a hex address") }
            start = a
            if let (s, t) = tables.lazy.compactMap({ t in t.syms.symbol(containing: a &- t.bias).map { ($0, t) } }).first {
                let lo = s.value &+ t.bias
                bias = t.bias
                extent = lo..<(lo &+ Self.size(of: s, in: t.syms))
                label = a == lo ? s.name : "\(s.name)+0x\(hex(a - lo))"
            } else {
                extent = a..<(a &+ 4096)
                label = "0x\(hex(a))"
            }
        }
        guard extent.contains(start), let seg = loaded.segments.first(where: { $0.executable && $0.start <= start && start < $0.end })
        else {
            GuestProcess.report("compat-run inspect: 0x\(hex(start)) (\(label)) is not in an executable segment of \(program)")
            throw ExitCode(1)
        }
        let bounds = max(extent.lowerBound, seg.start)..<min(extent.upperBound, seg.end)

        // The load bias: link-time address = address - bias.
        print("\(label): 0x\(hex(bounds.lowerBound))..0x\(hex(bounds.upperBound)) in \(program) (load bias 0x\(hex(bias)))")
        for t in Self.translateFunction(from: start, within: bounds) {
            print(TranslationLog.render(t, inAsm: true, ops: false, opsOptimised: ir, outAsm: host), terminator: "")
        }
    }

    /// A symbol's extent: its size, else up to the next symbol (at most 64 KiB).
    static func size(of s: ELFSymbols.Symbol, in syms: ELFSymbols) -> UInt64 {
        if s.size > 0 { return s.size }
        let next = syms.symbols.first { $0.value > s.value }?.value ?? s.value + 0x10000
        return min(next - s.value, 0x10000)
    }

    /// Translates the blocks reachable from `start` by direct branches (and the returns of
    /// calls) without leaving `bounds`; blocks stop at its end. Sorted by address.
    static func translateFunction(from start: UInt64, within bounds: Range<UInt64>) -> [TranslatedBlock] {
        let engine = Engine()
        engine.codeAccess = { pc in bounds.contains(pc) ? .executable(end: bounds.upperBound) : .notExecutable }
        var blocks: [UInt64: TranslatedBlock] = [:]
        nonisolated(unsafe) var latest: TranslatedBlock?
        engine.onTranslate = { latest = $0 }
        var work = [start], seen = Set<UInt64>()
        while let pc = work.popLast() {
            guard bounds.contains(pc), seen.insert(pc).inserted else { continue }
            latest = nil
            guard case .success = engine.translate(at: pc), let t = latest else { continue }
            blocks[pc] = t
            switch t.ir.terminator {
            case .jump(let target): work.append(target)
            case .branch(_, let taken, let notTaken): work += [notTaken, taken]
            case .call(_, let returnTo), .callIndirect(_, let returnTo): work.append(returnTo)
            case .exit(let code, let next): if code == .syscall { work.append(next) }
            case .indirect, .ret: break
            }
        }
        return blocks.keys.sorted().map { blocks[$0]! }
    }
}
