import Foundation
import XCTest

/// Networking from Debian's arm64 python3.11 (issue 21): `http.server` answering `urllib.request`
/// on 127.0.0.1 (a server thread), an `asyncio` echo server and client, `socket.socketpair` and a
/// UDP datagram. The expected output is the host python3's (the same script, natively).
/// Skipped (with a message) when .deps/realroot lacks python3.11.
final class PythonNetworkTests: XCTestCase {
    static let script = """
        import asyncio, http.server, socket, threading, urllib.request

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("hello " + self.path).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with urllib.request.urlopen("http://127.0.0.1:%d/arm64" % server.server_address[1], timeout=30) as r:
            print("http", r.status, r.read().decode())
        server.shutdown()

        async def echo(reader, writer):
            data = await reader.readline()
            writer.write(data.upper())
            await writer.drain()
            writer.close()

        async def main():
            srv = await asyncio.start_server(echo, "127.0.0.1", 0)
            port = srv.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"asyncio echo\\n")
            await writer.drain()
            print("asyncio", (await reader.readline()).decode().strip())
            writer.close()
            srv.close()
            await srv.wait_closed()

        asyncio.run(main())

        a, b = socket.socketpair()
        a.sendall(b"over a socketpair")
        print("socketpair", b.recv(100).decode())
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        out.sendto(b"udp datagram", udp.getsockname())
        print("udp", udp.recvfrom(100)[0].decode())

        """

    static let expected = """
        http 200 hello /arm64
        asyncio ASYNCIO ECHO
        socketpair over a socketpair
        udp udp datagram

        """

    func testHTTPServerAsyncioSocketpairAndUDPOnLoopback() throws {
        let r = try CorpusHarness.runRealRootScript("python3.11", arguments: ["-I"], script: Self.script, named: "net.py", timeout: 300)
        XCTAssertEqual(r.stdoutText, Self.expected, r.stderrText)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
    }
}
