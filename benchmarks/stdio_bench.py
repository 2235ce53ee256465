"""Times the server as an MCP client sees it, over real pipes, with no client library in the way.

  cold start: process spawn -> initialize answered -> tools/list answered (median of --runs)
  round trip: one search tools/call, write to reply read, after start (median of --calls)
  invoke overhead (with --emulator-port): invoke through the server vs the same GET sent directly (median)

Usage: python benchmarks/stdio_bench.py BINARY --spec FILE [--runs 20] [--calls 200] [--emulator-port P --workflow-id ID]
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import time

INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}},
}


class Server:
    def __init__(self, binary, args):
        env = dict(os.environ, CONDUCTOR_MCP_LOG_LEVEL="error")
        self.proc = subprocess.Popen([binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 100

    def send(self, message):
        # Buffered pipes, flushed per message: an unbuffered readline would cost one system call per byte.
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def read(self, want_id):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed stdout")
            reply = json.loads(line)
            if reply.get("id") == want_id:
                return reply

    def call(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.read(self.next_id)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def start(binary, args):
    began = time.perf_counter()
    server = Server(binary, args)
    server.send(INITIALIZE)
    server.read(1)
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    tools = server.call("tools/list")
    return server, time.perf_counter() - began, len(json.dumps(tools["result"]["tools"], separators=(",", ":")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--spec", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--emulator-port", type=int)
    parser.add_argument("--workflow-id")
    args = parser.parse_args()
    spec_args = ["--spec", args.spec]
    if args.emulator_port:
        spec_args += ["--server", f"http://127.0.0.1:{args.emulator_port}"]

    starts = []
    for _ in range(args.runs):
        server, elapsed, size = start(args.binary, spec_args)
        starts.append(elapsed)
        server.close()
    print(f"cold start  {os.path.basename(args.spec)}: median {statistics.median(starts) * 1000:.1f} ms, "
          f"min {min(starts) * 1000:.1f} ms, max {max(starts) * 1000:.1f} ms over {args.runs} runs "
          f"(spawn -> initialize -> tools/list; tools/list {size} chars)")

    server, _, _ = start(args.binary, spec_args)
    queries = ["start a workflow", "pause workflow", "get task logs", "list event handlers", "delete a secret"]
    trips = []
    for i in range(args.calls):
        began = time.perf_counter()
        reply = server.call("tools/call", {"name": "search", "arguments": {"query": queries[i % len(queries)]}})
        trips.append(time.perf_counter() - began)
        assert not reply["result"].get("isError"), reply
    print(f"round trip  search over stdio: median {statistics.median(trips) * 1000:.3f} ms, "
          f"p90 {sorted(trips)[int(len(trips) * 0.9)] * 1000:.3f} ms over {args.calls} calls")

    if args.emulator_port and args.workflow_id:
        path = f"/api/workflow/{args.workflow_id}"
        via, direct = [], []
        connection = http.client.HTTPConnection("127.0.0.1", args.emulator_port)
        for _ in range(args.calls):
            began = time.perf_counter()
            connection.request("GET", path)
            connection.getresponse().read()
            direct.append(time.perf_counter() - began)
            began = time.perf_counter()
            reply = server.call("tools/call", {"name": "invoke", "arguments": {
                "endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": args.workflow_id}}})
            via.append(time.perf_counter() - began)
            assert not reply["result"].get("isError"), reply
        added = statistics.median(via) - statistics.median(direct)
        print(f"invoke      GET {path}: via MCP median {statistics.median(via) * 1000:.3f} ms, direct HTTP median "
              f"{statistics.median(direct) * 1000:.3f} ms, added {added * 1000:.3f} ms over {args.calls} calls")
    server.close()


if __name__ == "__main__":
    main()
