// The argument parser's names for the launch options come from LaunchCommandLine's table,
// the one the fast path reads, so an option cannot be spelled differently by the two.
import ArgumentParser
import SyscallShim

extension NameSpecification {
    /// Every spelling LaunchCommandLine lists for `option`.
    static func launch(_ option: LaunchCommandLine.Option) -> NameSpecification {
        NameSpecification(LaunchCommandLine.spellings(of: option).map(Element.init(spelling:)))
    }
}

extension NameSpecification.Element {
    /// "--name" is a long name, "-x" a short one, "-name" a long name with one dash (qemu's style).
    init(spelling: String) {
        if spelling.hasPrefix("--") {
            self = .customLong(String(spelling.dropFirst(2)))
        } else if spelling.count == 2 {
            self = .customShort(spelling.last!)
        } else {
            self = .customLong(String(spelling.dropFirst()), withSingleDash: true)
        }
    }
}
