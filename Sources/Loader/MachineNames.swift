// Why: "not an arm64 program" is only useful if it says what the program is instead.

/// Human names for ELF e_machine values, used in "is an x86-64 ELF program" messages.
enum MachineNames {
    static let aarch64: UInt16 = 183

    /// The noun phrase with its article for a 64-bit (or unknown-class) ELF file.
    static func phrase(machine: UInt16?) -> String {
        guard let machine, let name = names[machine] else {
            if let machine { return "an ELF program for machine type \(machine)" }
            return "an ELF program for an unknown machine"
        }
        return article(for: name) + " " + name + " ELF program"
    }

    /// The phrase for an ELFCLASS32 file: the width leads so the article is fixed.
    static func phrase32(machine: UInt16?) -> String {
        guard let machine else { return "a 32-bit ELF program" }
        switch machine {
        case 62: return "a 32-bit x86-64 (x32) ELF program"
        case aarch64: return "a 32-bit arm64 (ILP32) ELF program"
        case 40: return "a 32-bit arm ELF program"
        default:
            if let name = names[machine] { return "a 32-bit \(name) ELF program" }
            return "a 32-bit ELF program for machine type \(machine)"
        }
    }

    private static func article(for name: String) -> String {
        // "an x86-64", "an i386", "an s390": these read with a vowel sound.
        guard let first = name.first else { return "a" }
        let vowelSound = "aeiou".contains(first) || name.hasPrefix("x86") || name.hasPrefix("s390")
        return vowelSound ? "an" : "a"
    }

    private static let names: [UInt16: String] = [
        2: "sparc", 3: "i386", 4: "m68k", 8: "mips", 15: "parisc",
        20: "powerpc", 21: "powerpc64", 22: "s390", 40: "arm (32-bit)", 41: "alpha",
        42: "superh", 43: "sparc64", 50: "ia64", 62: "x86-64", 183: "arm64 (AArch64)",
        243: "riscv", 247: "bpf", 258: "loongarch",
    ]
}
