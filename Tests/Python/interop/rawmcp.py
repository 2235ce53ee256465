"""A raw JSON-RPC line client for the server over stdio: sends any bytes, reads every reply, and reads the process's
memory from /proc. The fuzz and hostile-upstream suites use it where the official client would refuse to send what
they send (or would hide how many replies came back)."""
import json
import os
import selectors
import subprocess
import time

from conftest import SERVER


def vm_kib(pid, field):
    """A /proc/PID/status field in KiB (VmRSS, VmHWM), or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


class RawServer:
    """conductor-mcp-dynamic over pipes, initialized, with replies collected by id."""

    def __init__(self, *args, env=None):
        assert SERVER.exists(), f"build first: {SERVER} is missing"
        merged = dict(os.environ)
        merged["CONDUCTOR_MCP_LOG_LEVEL"] = "error"
        merged.update(env or {})
        self.process = subprocess.Popen(
            [str(SERVER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=merged)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self.buffer = b""
        self.replies = []  # every reply, in arrival order
        self.next_id = 1000
        self.request({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "rawmcp", "version": "1"}}})
        assert self.wait_for([0], timeout=30), "no initialize reply"
        self.send_line(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}).encode())

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def send_line(self, data: bytes):
        self.process.stdin.write(data + b"\n")
        self.process.stdin.flush()

    def request(self, message):
        self.send_line(json.dumps(message).encode())

    def call(self, tool, arguments, timeout=60):
        """Sends one tools/call and returns its reply (the whole JSON-RPC message)."""
        self.next_id += 1
        request_id = self.next_id
        self.request({"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                      "params": {"name": tool, "arguments": arguments}})
        assert self.wait_for([request_id], timeout=timeout), f"no reply to {tool} within {timeout} s"
        return self.by_id(request_id)[0]

    def by_id(self, request_id):
        return [reply for reply in self.replies if reply.get("id") == request_id]

    def pump(self, timeout):
        """Reads whatever arrives within `timeout` seconds."""
        for _key, _ in self.selector.select(timeout):
            chunk = self.process.stdout.read()
            if chunk:
                self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                self.replies.append(json.loads(line))

    def wait_for(self, ids, timeout):
        """True once every id in `ids` has at least one reply."""
        deadline = time.monotonic() + timeout
        wanted = set(json.dumps(i) for i in ids)
        while time.monotonic() < deadline:
            seen = set(json.dumps(reply.get("id")) for reply in self.replies)
            if wanted <= seen:
                return True
            self.pump(min(0.5, max(deadline - time.monotonic(), 0.01)))
        return False

    def close(self):
        if self.alive():
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def result_text(reply):
    """The text of a tools/call reply's result, or None for a JSON-RPC error."""
    result = reply.get("result")
    if result is None:
        return None
    return "\n".join(block.get("text", "") for block in result.get("content", []))
