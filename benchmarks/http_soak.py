"""Soak of the Streamable HTTP transport: for --minutes, --workers clients each loop over a whole session
(initialize, tools/list, search, inspect, invoke dry_run, DELETE) against conductor-mcp-dynamic, and the server's
RSS is sampled every --every seconds. Prints the samples and the calls made; a figure, not an assertion.

Usage: python benchmarks/http_soak.py BINARY --spec FILE [--minutes 10] [--workers 8] [--every 30]
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import threading
import time

HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def session_loop(port, stop, counts, failures):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(body, session=None, method="POST"):
        headers = dict(HEADERS)
        if session:
            headers["Mcp-Session-Id"] = session
            headers["MCP-Protocol-Version"] = "2025-06-18"
        connection.request(method, "/mcp", body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status >= 400:
            failures.append(response.status)
        return response

    while not stop.is_set():
        reply = post({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                 "clientInfo": {"name": "soak", "version": "1"}}})
        session = reply.getheader("Mcp-Session-Id")
        post({"jsonrpc": "2.0", "method": "notifications/initialized"}, session)
        post({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, session)
        for number, (tool, arguments) in enumerate([
            ("search", {"query": "pause a workflow"}),
            ("inspect", {"endpoint": "POST /api/metadata/workflow"}),
            ("invoke", {"endpoint": "POST /api/workflow/{name}", "params": {"name": "soak"}, "body": {"x": 1},
                        "dry_run": True}),
        ]):
            post({"jsonrpc": "2.0", "id": 3 + number, "method": "tools/call",
                  "params": {"name": tool, "arguments": arguments}}, session)
        post(None, session, method="DELETE")
        counts.append(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--spec", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--every", type=float, default=30)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--transport", "http", "--port", str(port), "--spec", args.spec],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=dict(os.environ, CONDUCTOR_MCP_LOG_LEVEL="error"))
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        stop, counts, failures = threading.Event(), [], []
        workers = [threading.Thread(target=session_loop, args=(port, stop, counts, failures), daemon=True)
                   for _ in range(args.workers)]
        for worker in workers:
            worker.start()
        began = time.monotonic()
        print(f"{'elapsed s':>9} {'RSS MB':>7} {'sessions':>9}", flush=True)
        while time.monotonic() - began < args.minutes * 60:
            time.sleep(args.every)
            print(f"{time.monotonic() - began:9.0f} {rss_mb(server.pid):7.1f} {len(counts):9d}", flush=True)
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        print(f"sessions {len(counts)} (each: initialize, tools/list, 3 tool calls, DELETE), "
              f"HTTP errors {len(failures)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
