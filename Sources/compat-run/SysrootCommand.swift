// `compat-run sysroot create DIR PACKAGE...`: an arm64 sysroot from Debian packages and
// their dependencies, without root: apt resolves and downloads (`apt-get download`, the
// host's arm64 package lists), `dpkg-deb -x` unpacks, and the tree gets Debian's merged-/usr
// layout (/bin -> usr/bin, /lib -> usr/lib, ...). `compat-run -L DIR DIR/usr/bin/PROG` runs them.
import ArgumentParser
import Glibc
import SyscallShim

struct SysrootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run sysroot",
        abstract: "Build an arm64 sysroot from Debian packages (create), or give a tree the merged-/usr layout (merge-usr).",
        discussion: """
            create needs apt with the arm64 architecture enabled on this machine (as root, once: \
            dpkg --add-architecture arm64 && apt-get update); it does not need root itself.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable { case create, mergeUsr = "merge-usr" }

    @Argument(help: ArgumentHelp("create or merge-usr.", valueName: "ACTION"))
    var action: Action

    @Argument(help: ArgumentHelp("The sysroot directory (created if missing).", valueName: "DIR"))
    var directory: String

    @Argument(help: ArgumentHelp("Debian package names (arm64), e.g. python3.", valueName: "PACKAGE"))
    var packages: [String] = []

    @Flag(help: "Only print the packages create would download (dependencies resolved).")
    var dryRun = false

    func validate() throws {
        if action == .create && packages.isEmpty { throw ValidationError("create needs at least one PACKAGE") }
    }

    func run() throws {
        switch action {
        case .mergeUsr: try MergedUsr.apply(to: directory)
        case .create: try create()
        }
    }

    private func create() throws {
        progress("resolving the dependencies of \(packages.joined(separator: " "))")
        let closure = try DebianPackages.closure(of: packages)
        if dryRun { for p in closure { print(p) }; return }
        mkdir(directory, 0o755)
        let downloads = directory + "/.compat-run-debs"
        mkdir(downloads, 0o755)
        defer { ChildProcess.removeTree(downloads) }
        chmod(downloads, 0o777)  // apt's _apt user writes there when run as root
        progress("downloading \(closure.count) packages into \(directory)")
        try DebianPackages.download(closure, into: downloads)
        let debs = (try? Binfmt.listDirectory(downloads))?.filter { $0.hasSuffix(".deb") }.sorted() ?? []
        for (i, deb) in debs.enumerated() {
            progress("[\(i + 1)/\(debs.count)] unpacking \(deb)")
            try DebianPackages.command(["dpkg-deb", "-x", downloads + "/" + deb, directory])
        }
        try MergedUsr.apply(to: directory)
        progress("done: \(debs.count) packages in \(directory); run them with compat-run -L \(directory) \(directory)/usr/bin/PROGRAM")
    }

    private func progress(_ line: String) { GuestProcess.report("compat-run sysroot: \(line)") }
}

struct SysrootError: Error, CustomStringConvertible {
    let description: String
}

/// What apt knows about Debian's arm64 packages (the host's lists, arm64 enabled).
enum DebianPackages {
    /// The relation kinds a sysroot needs: what the programs load and run.
    static let dependsOptions = ["--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks",
                                 "--no-replaces", "--no-enhances"]

    /// `packages` and everything they depend on, as `apt-get download` arguments
    /// (NAME:arm64, or NAME for architecture-independent packages).
    static func closure(of packages: [String]) throws -> [String] {
        let depends = try command(["apt-cache", "depends"] + dependsOptions + packages.map(qualified))
        let names = packageNames(inDepends: depends)
        let shown = try command(["apt-cache", "show", "--no-all-versions"] + names)
        return downloadNames(names, architectureAll: architectureAll(inShow: shown))
    }

    static func qualified(_ name: String) -> String { name.contains(":") ? name : name + ":arm64" }

    /// The package names `apt-cache depends --recurse` lists (top-level lines), without an
    /// architecture and without virtual packages (`<name>`), in first-seen order.
    static func packageNames(inDepends text: String) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("<") {
            let name = String(line.split(separator: ":").first ?? "")
            if !name.isEmpty && seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Packages whose `apt-cache show` record says `Architecture: all`.
    static func architectureAll(inShow text: String) -> Set<String> {
        var out = Set<String>(), current = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Package: ") { current = String(line.dropFirst(9)) }
            if line == "Architecture: all" { out.insert(current) }
        }
        return out
    }

    /// An architecture-independent package is fetched as itself; the others as their arm64
    /// build, also those apt listed under the host architecture (an `all` package's
    /// dependencies resolve to the host's).
    static func downloadNames(_ names: [String], architectureAll: Set<String>) -> [String] {
        names.map { architectureAll.contains($0) ? $0 : $0 + ":arm64" }
    }

    static func download(_ packages: [String], into directory: String) throws {
        let quoted = packages.map { "'" + $0 + "'" }.joined(separator: " ")
        _ = try command(["/bin/sh", "-c", "cd '\(directory)' && exec apt-get download -q " + quoted])
    }

    /// Runs a program to completion; its stdout, or an error with its stderr.
    @discardableResult
    static func command(_ argv: [String]) throws -> String {
        let r = ChildProcess.run(argv, environment: ProcessEnvironment.current(), stdinPath: nil, stdinData: nil,
                                 timeout: 3600)
        guard r.outcome == .exit(0) else {
            let err = String(decoding: r.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            var hint = ""
            if err.contains("Unable to locate package") || err.contains("No packages found") || err.contains("no candidate") {
                hint = " (is the arm64 architecture enabled? dpkg --add-architecture arm64 && apt-get update)"
            }
            throw SysrootError(description: "\(argv.prefix(2).joined(separator: " ")) failed (\(r.outcome)): \(err)\(hint)")
        }
        return String(decoding: r.stdout, as: UTF8.self)
    }
}

/// Debian's merged /usr: the top-level program and library directories are links into /usr.
enum MergedUsr {
    /// Debian's links (base-files/usrmerge), for the directories that exist in the tree.
    static let links = ["bin", "sbin", "lib", "lib64"]

    /// Moves DIR/X's contents into DIR/usr/X and makes DIR/X the link `usr/X`; /lib64 only
    /// if the packages had one (arm64 has none).
    static func apply(to root: String) throws {
        for name in links {
            let top = root + "/" + name, usr = root + "/usr/" + name
            var st = stat()
            if lstat(top, &st) == 0 {
                if st.st_mode & S_IFMT == S_IFLNK { continue }
                guard st.st_mode & S_IFMT == S_IFDIR else { throw SysrootError(description: "\(top) is not a directory") }
                mkdir(root + "/usr", 0o755)
                mkdir(usr, 0o755)
                try merge(top, into: usr)
                guard rmdir(top) == 0 else { throw SysrootError(description: "\(top): \(String(cString: strerror(errno)))") }
            } else if name == "lib64" && lstat(usr, &st) != 0 {
                continue
            } else {
                mkdir(root + "/usr", 0o755)
                mkdir(usr, 0o755)
            }
            guard symlink("usr/" + name, top) == 0 else { throw SysrootError(description: "\(top): \(String(cString: strerror(errno)))") }
        }
    }

    /// Moves every entry of `from` into `into`; directories on both sides merge, and a file
    /// already under /usr wins (Debian ships one copy of each).
    private static func merge(_ from: String, into: String) throws {
        for name in try Binfmt.listDirectory(from) {
            let src = from + "/" + name, dst = into + "/" + name
            var s = stat(), d = stat()
            lstat(src, &s)
            if lstat(dst, &d) != 0 {
                guard rename(src, dst) == 0 else { throw SysrootError(description: "\(src): \(String(cString: strerror(errno)))") }
            } else if s.st_mode & S_IFMT == S_IFDIR && d.st_mode & S_IFMT == S_IFDIR {
                try merge(src, into: dst)
                rmdir(src)
            } else {
                ChildProcess.removeTree(src); unlink(src)
            }
        }
    }
}
