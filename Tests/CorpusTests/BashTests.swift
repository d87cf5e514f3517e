import Foundation
import XCTest

/// Debian's static arm64 bash under compat-run against the host's native bash (the same
/// 5.2 release on Debian 12): scripts exercising the interpreter itself — arithmetic,
/// arrays, string operations, functions, traps, subshells, redirections.
final class BashTests: XCTestCase {
    static let arm64 = CorpusHarness.repoRoot.appendingPathComponent(".deps/bash/bash-arm64").path
    static let env = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/tmp"]

    static let scripts: [String] = [
        #"s=0; for ((i = 0; i < 20000; i++)); do (( s += i * i % 7 )); done; echo $s"#,
        #"a=(zero one two three); a+=(four); echo ${#a[@]} ${a[2]} ${a[@]:1:2} ${!a[@]}; unset 'a[1]'; echo ${a[*]}"#,
        #"declare -A m=([x]=1 [y]=2); m[z]=$(( m[x] + m[y] )); for k in x y z; do printf '%s=%s;' $k ${m[$k]}; done; echo"#,
        #"s='The quick brown fox'; echo ${s^^} ${s,,} ${s//o/0} ${s:4:5} ${#s} ${s#* } ${s%% *}"#,
        #"f() { local n=$1; (( n <= 1 )) && { echo 1; return; }; echo $(( n * $(f $((n - 1))) )); }; f 15"#,
        #"printf '%5d|%-6s|%x|%o|%.3f|%e|%q\n' 42 ab 255 8 2.71828 12345.678 'a b'"#,
        #"[[ abc123def =~ ([a-z]+)([0-9]+) ]] && echo ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}; case foo.tar.gz in *.tar.*) echo tar;; esac"#,
        #"trap 'echo exiting $?' EXIT; (exit 3); echo sub=$?; false || echo or; true && echo and"#,
        "mapfile -t lines <<'END'\none\ntwo\nthree\nEND\necho ${#lines[@]} ${lines[-1]}; while read -r w; do echo \"<$w>\"; done <<< \"$(printf 'a\\nb\\n')\"",
        #"x=$(seq 1 5 | tr '\n' +); echo $((${x%+})); echo {1..4}{a,b} | wc -w; printf -v v '%03d' 7; echo $v"#,
        #"set -e; g() { return 4; }; if g; then echo yes; else echo no $?; fi; set +e; g; echo $?"#,
        #"echo $((2**62)) $(( -7 / 2 )) $(( -7 % 2 )) $(( 1 << 63 )) $(( 0x7fffffffffffffff + 1 ))"#,
    ]

    func testScriptsMatchNativeBash() throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: Self.arm64) else { throw XCTSkip("no .deps/bash/bash-arm64 (run scripts/bootstrap)") }
        guard fm.isExecutableFile(atPath: "/bin/bash") else { throw XCTSkip("no native bash") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        let failures = CorpusCollector<(Int, String)>()
        let tmp = URL(fileURLWithPath: "/tmp")
        CorpusHarness.parallelFor(Self.scripts.count) { i in
            let script = Self.scripts[i]
            let arm = CorpusHarness.run(runner, [Self.arm64, "-c", script], environment: Self.env, cwd: tmp, timeout: 60)
            let nat = CorpusHarness.run("/bin/bash", ["-c", script], environment: Self.env, cwd: tmp, timeout: 60)
            var problems: [String] = []
            if arm.status != nat.status { problems.append("status: native \(nat.status), arm64 \(arm.status)") }
            if arm.stdout != nat.stdout {
                problems.append("stdout (- native, + arm64):\n" + CorpusHarness.describeDiff(expected: nat.stdoutText, actual: arm.stdoutText))
            }
            if arm.stderr != nat.stderr {
                problems.append("stderr (- native, + arm64):\n" + CorpusHarness.describeDiff(expected: nat.stderrText, actual: arm.stderrText))
            }
            if !problems.isEmpty { failures.append((i, "bash -c \(script.prefix(80))...:\n  " + problems.joined(separator: "\n  "))) }
        }
        for (_, msg) in failures.all.sorted(by: { $0.0 < $1.0 }) { XCTFail(msg) }
    }
}
