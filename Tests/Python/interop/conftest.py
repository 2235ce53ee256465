"""Shared fixtures: the built binaries and an MCP session over stdio with the official Python client."""
import contextlib
import json
import os
import pathlib

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(os.environ.get("CONDUCTOR_MCP_BIN_DIR", ROOT / ".build" / "debug"))
SERVER = BIN / "conductor-mcp-dynamic"
EMULATOR = BIN / "conductor-emulator"
SPECS = {
    "oss": ROOT / "specs" / "conductor-oss-3.x-2025-08.json",
    "orkes": ROOT / "specs" / "orkes-conductor-v2-2025-10.json",
    "netflix": ROOT / "specs" / "netflix-conductor-3.x-2024-01.json",
}


@pytest.fixture
def anyio_backend():
    return "asyncio"


@contextlib.asynccontextmanager
async def mcp_session(*args, env=None):
    """An initialized MCP client session with the server binary started with `args`."""
    assert SERVER.exists(), f"build first: {SERVER} is missing"
    merged = dict(os.environ)
    merged.update({"CONDUCTOR_MCP_LOG_LEVEL": "warning"})
    merged.update(env or {})
    params = StdioServerParameters(command=str(SERVER), args=list(args), env=merged)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield session


def text_of(result):
    """The concatenated text content of a tool result."""
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def compact_size(tools):
    """Characters of the tools array as a client receives it (compact JSON)."""
    return len(json.dumps([t.model_dump(mode="json", exclude_none=True, by_alias=True) for t in tools], separators=(",", ":")))


class Emulator:
    """A conductor-emulator process on a free port, stopped by the fixture."""

    def __init__(self, *flags):
        import re
        import subprocess

        assert EMULATOR.exists(), f"build first: {EMULATOR} is missing"
        self.process = subprocess.Popen(
            [str(EMULATOR), "--port", "0", "--log-level", "warning", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.fullmatch(r"listening on 127\.0\.0\.1:(\d+)\n", line)
        assert match, f"emulator did not report its port: {line!r}"
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def emulator():
    server = Emulator()
    yield server
    server.stop()


@pytest.fixture
def auth_emulator():
    server = Emulator("--auth", "scenario-key:scenario-secret", "--token-ttl", "2")
    yield server
    server.stop()


class HTTPServer:
    """conductor-mcp-dynamic in remote mode (`serve --transport http`) on a free loopback port."""

    def __init__(self, *flags, env=None):
        import re
        import subprocess
        import tempfile
        import time

        assert SERVER.exists(), f"build first: {SERVER} is missing"
        merged = dict(os.environ)
        merged.update({"CONDUCTOR_MCP_LOG_LEVEL": "info"})
        merged.update(env or {})
        self.log = tempfile.NamedTemporaryFile(mode="w+", suffix=".log")
        self.process = subprocess.Popen(
            [str(SERVER), "serve", "--transport", "http", "--port", "0", *flags],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log, env=merged)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            match = re.search(r"listening on (http://\S+)", self.stderr())
            if match:
                self.url = match.group(1)
                self.base = self.url.rsplit("/", 1)[0] if self.url.count("/") > 3 else self.url
                self.port = int(re.search(r":(\d+)/", self.url + "/").group(1))
                return
            assert self.process.poll() is None, f"server exited: {self.stderr()}"
            time.sleep(0.02)
        raise AssertionError(f"server did not report its address: {self.stderr()}")

    def stderr(self):
        with open(self.log.name) as log:
            return log.read()

    def stop(self, timeout=15):
        """SIGTERM, then the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout=timeout)


@contextlib.asynccontextmanager
async def mcp_http_session(url, headers=None):
    """An initialized MCP client session over Streamable HTTP with the official Python client."""
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    async with create_mcp_http_client(headers=headers) as client:
        async with streamable_http_client(url, http_client=client) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


@pytest.fixture
def http_server():
    server = HTTPServer()
    yield server
    server.stop()


@pytest.fixture(params=["stdio", "http"])
def connect(request):
    """Opens a session with the server started with some flags, over stdio or over HTTP."""
    servers = []

    @contextlib.asynccontextmanager
    async def open_session(*args):
        if request.param == "stdio":
            async with mcp_session(*args) as session:
                yield session
        else:
            server = HTTPServer(*args)
            servers.append(server)
            async with mcp_http_session(server.url) as session:
                yield session

    yield open_session
    for server in servers:
        server.stop()


def stdio_handshake(capabilities=None):
    """The two JSON lines that open a stdio session: initialize (id 0) and the initialized notification."""
    return [json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": capabilities or {},
        "clientInfo": {"name": "test", "version": "1"}}}),
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})]


@contextlib.contextmanager
def stalled_upstream():
    """A loopback listener that accepts connections and never answers; yields (socket, its http:// URL)."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(10)  # an accept() that waits for a request that never comes fails the test, not the suite
    try:
        yield listener, f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def stop_with(process, signal_number, within):
    """Sends the signal and returns the exit code, asserting the process ended within `within` seconds."""
    import time

    start = time.monotonic()
    process.send_signal(signal_number)
    code = process.wait(timeout=within * 2)
    assert time.monotonic() - start < within, f"took {time.monotonic() - start:.1f} s"
    return code
