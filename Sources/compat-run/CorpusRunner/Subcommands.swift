// The corpus tools' subcommands: `compat-run test …` and `compat-run selftest …` (issue 19).
// A guest program named like a subcommand runs as `compat-run ./test`.

import Glibc

enum CorpusSubcommands {
    /// Runs the subcommand named by `args[1]` and exits; returns if there is none.
    static func dispatch(_ args: [String]) {
        guard args.count >= 2 else { return }
        let rest = Array(args.dropFirst(2))
        switch args[1] {
        case "test": CorpusTestCommand.main(rest)
        case "selftest": SelfTestCommand.main(rest)
        default: return
        }
        exit(0)
    }
}
