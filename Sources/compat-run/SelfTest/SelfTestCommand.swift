import ArgumentParser

struct SelfTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compat-run selftest")
    mutating func run() throws {}
}
