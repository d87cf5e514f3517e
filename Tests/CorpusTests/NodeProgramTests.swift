import Foundation
import XCTest

/// Debian's arm64 nodejs (V8) from .deps/realroot (issue 16): V8 tiers hot functions up through
/// its JIT, writing and patching code and flushing the instruction cache (self-modifying code
/// under compat-run's IC IVAU invalidation), uses LSE atomics (advertised in HWCAP), and runs a
/// worker thread, OpenSSL and zlib. The expected output is native node's and qemu-aarch64's
/// (the same). Skipped (with a message) when .deps/realroot lacks node.
final class NodeProgramTests: XCTestCase {
    static let script = """
        const crypto = require('crypto');
        const zlib = require('zlib');
        const { Worker } = require('worker_threads');

        function collatz(n) { let s = 0; while (n !== 1) { n = n % 2 ? 3 * n + 1 : n / 2; s++; } return s; }
        let best = 0, arg = 0;
        for (let i = 1; i < 300000; i++) { const s = collatz(i); if (s > best) { best = s; arg = i; } }
        console.log('collatz', arg, best);

        const f = new Float64Array(1000);
        for (let i = 0; i < f.length; i++) f[i] = Math.sqrt(i) * 1.5;
        console.log('float sum', f.reduce((a, b) => a + b, 0).toFixed(6));
        console.log('bigint', (2n ** 100n + 7n).toString(16));
        console.log('regex', 'a1b22c333'.replace(/\\d+/g, m => `<${m.length}>`));
        console.log('json', JSON.stringify(JSON.parse('{"x":[1,2,{"y":"z"}],"n":null}')));
        console.log('sha256', crypto.createHash('sha256').update('compat-run').digest('hex'));
        const packed = zlib.gzipSync(Buffer.from('hello '.repeat(1000)));
        console.log('zlib', zlib.gunzipSync(packed).length);

        const worker = new Worker(`
          const { parentPort } = require('worker_threads');
          let x = 0; for (let i = 0; i < 1e6; i++) x = (x + i * i) % 1000003;
          parentPort.postMessage(x);
        `, { eval: true });
        worker.on('message', v => console.log('worker', v));
        worker.on('exit', code => {
          console.log('worker exit', code);
          new Promise(r => setTimeout(() => r('timer'), 10)).then(v => console.log('promise', v));
        });

        """

    static let expected = """
        collatz 230631 442
        float sum 31598.749666
        bigint 10000000000000000000000007
        regex a<1>b<2>c<3>
        json {"x":[1,2,{"y":"z"}],"n":null}
        sha256 f99fa319125c9b39cf59469955a76d74dd793e2288498d6fdeac54f667456e93
        zlib 6000
        worker 999989
        worker exit 0
        promise timer

        """

    func testNodeRunsAJITHeavyScriptWithAWorkerThread() throws {
        let r = try CorpusHarness.runRealRootScript("node", arguments: [], script: Self.script, named: "script.js", timeout: 600)
        XCTAssertEqual(r.stdoutText, Self.expected, r.stderrText)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
    }
}
