"""Streamable HTTP throughput, in one run: conductor-mcp-dynamic (serve --transport http --stateless) against
FastMCP's Streamable HTTP server on the same OpenAPI document, both answering JSON to stateless POSTs.

Load: wrk, 64 connections (64 concurrent clients, each with one request in flight), for --seconds, POSTing
tools/call of each server's search tool with rotating queries. Prints calls/s, latency percentiles, errors, and the
server's RSS at the end and at its peak. Figures, not assertions.

Usage: python benchmarks/http_bench.py BINARY --spec FILE [--seconds 20] [--connections 64]
       [--fastmcp-python .venv-bench/bin/python]   (pip install fastmcp into that environment first)
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

QUERIES = ["pause a workflow", "start a workflow", "task logs", "register a task definition",
           "search workflow executions", "retry failed workflow", "update task status", "list workflow definitions"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start listening")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def call(port, path, body):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                 "MCP-Protocol-Version": "2025-06-18"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wrk_script(path, tool, extra):
    bodies = [json.dumps({"jsonrpc": "2.0", "id": index + 1, "method": "tools/call",
                          "params": {"name": tool, "arguments": {"query": query, **extra}}})
              for index, query in enumerate(QUERIES)]
    lua = "bodies = {" + ",".join("[[" + body + "]]" for body in bodies) + "}\n" + """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream", ["MCP-Protocol-Version"] = "2025-06-18"},
    bodies[(counter %% #bodies) + 1])
end
""" % path
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(lua)
    handle.close()
    return handle.name


def load(port, path, tool, extra, seconds, connections):
    script = wrk_script(path, tool, extra)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", script,
         f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # wrk prints 0.00us percentiles when no request completed.
    percentiles = {k: v for k, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)$", output, re.M) if v != "0.00us"}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return rate, percentiles, int(errors.group(1)) if errors else 0, socket_errors.group(1) if socket_errors else "none"


def measure(name, command, port, path, tool, extra, args, env=None):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_listening(port, process)
        probe = call(port, path, {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                  "params": {"name": tool, "arguments": {"query": "pause a workflow", **extra}}})
        assert "result" in probe and not probe["result"].get("isError"), probe
        load(port, path, tool, extra, 3, args.connections)  # warm-up
        rate, percentiles, errors, socket_errors = load(port, path, tool, extra, args.seconds, args.connections)
        rss, peak = rss_kib(process.pid)
        print(f"{name:22} {rate:9.1f} calls/s   p50 {percentiles.get('50', '-'):>8}  p90 {percentiles.get('90', '-'):>8}  "
              f"p99 {percentiles.get('99', '-'):>8}   non-2xx {errors}  socket errors: {socket_errors}   "
              f"RSS end {rss / 1024:.1f} MB (peak {peak / 1024:.1f} MB)")
        return rate
    finally:
        process.terminate()
        process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--spec", required=True)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--fastmcp-python", default=".venv-bench/bin/python")
    args = parser.parse_args()
    print(f"search tools/call over Streamable HTTP, {args.connections} connections, {args.seconds} s, "
          f"{os.path.basename(args.spec)}, {os.cpu_count()} CPUs (wrk shares them)")
    port = free_port()
    env = dict(os.environ, CONDUCTOR_MCP_LOG_LEVEL="error")
    ours = measure("conductor-mcp-dynamic",
                   [args.binary, "serve", "--transport", "http", "--stateless", "--port", str(port),
                    "--spec", args.spec], port, "/mcp", "search", {"limit": 8}, args, env)
    port = free_port()
    here = os.path.dirname(os.path.abspath(__file__))
    theirs = measure("FastMCP (BM25 search)",
                     [args.fastmcp_python, os.path.join(here, "fastmcp_server.py"), args.spec, str(port)],
                     port, "/mcp", "search_tools", {}, args)
    print(f"ratio: {ours / theirs:.0f}x FastMCP's calls/s" if theirs else "FastMCP completed no call in time")


if __name__ == "__main__":
    sys.exit(main())
