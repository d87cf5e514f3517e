import Foundation

/// Assembles instruction texts with GNU as (aarch64-linux-gnu-as, installed by scripts/bootstrap),
/// all texts of a batch in one run: each text goes to a section of its own, and the words are read
/// back from the object file's sections, so a text of several instructions ("a; b") is fine.
enum GNUAssembler {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let program = "aarch64-linux-gnu-as"

    /// The words of each text, in order.
    static func assemble(_ texts: [String]) throws -> [[UInt32]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("compat-run-as-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("specs.s"), object = dir.appendingPathComponent("specs.o")
        // One line per text, so as's "specs.s:N:" messages name the text.
        let lines = texts.enumerated().map { ".section .text.spec\($0), \"ax\"; \($1)" }
        try (lines.joined(separator: "\n") + "\n").write(to: source, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program, "-march=armv8.5-a+fp16+crypto", "-o", object.path, source.path]
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { throw Failure(description: "cannot run \(program): \(error)") }
        let messages = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 {
                throw Failure(description: "\(program) is not installed (scripts/bootstrap installs it)")
            }
            // "specs.s:LINE: Error: ..." → the text of that line.
            let named = messages.split(separator: "\n").map { message -> String in
                let parts = message.split(separator: ":", maxSplits: 2)
                guard parts.count == 3, let n = Int(parts[1]), texts.indices.contains(n - 1) else { return String(message) }
                return "\"\(texts[n - 1])\":\(parts[2])"
            }
            throw Failure(description: named.joined(separator: "\n"))
        }
        let sections = try ELFSections(Data(contentsOf: object))
        return try texts.indices.map { i in
            guard let bytes = sections[".text.spec\(i)"], !bytes.isEmpty else {
                throw Failure(description: "\"\(texts[i])\": no code")
            }
            return stride(from: 0, to: bytes.count, by: 4).map { k in
                (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[bytes.startIndex + k + $1]) << (8 * $1) }
            }
        }
    }
}

/// The named sections of an ELF64 little-endian relocatable object.
private struct ELFSections {
    private var byName: [String: Data] = [:]

    init(_ file: Data) throws {
        let bytes = [UInt8](file)
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u64(_ o: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[o + $1]) << (8 * $1) } }
        func u32(_ o: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[o + $1]) << (8 * $1) } }
        guard bytes.count > 64, bytes[0..<4] == [0x7F, 0x45, 0x4C, 0x46] else {
            throw GNUAssembler.Failure(description: "not an ELF object")
        }
        let shoff = u64(0x28), shentsize = u16(0x3A), shnum = u16(0x3C), shstrndx = u16(0x3E)
        func header(_ i: Int) -> (name: Int, offset: Int, size: Int) {
            let h = shoff + i * shentsize
            return (u32(h), u64(h + 0x18), u64(h + 0x20))
        }
        let names = header(shstrndx)
        for i in 0..<shnum {
            let h = header(i)
            let start = names.offset + h.name
            let end = bytes[start...].firstIndex(of: 0) ?? start
            byName[String(decoding: bytes[start..<end], as: UTF8.self)] = file.subdata(in: h.offset..<h.offset + h.size)
        }
    }

    subscript(name: String) -> Data? { byName[name] }
}
