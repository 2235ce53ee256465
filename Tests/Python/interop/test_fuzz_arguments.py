"""Tool-argument fuzzing over the MCP channel: every request with an id is answered exactly once, the process stays
alive, and every answer stays within its budget. Seeded, so a failure reproduces; FUZZ_CALLS scales the run."""
import json
import os
import random

import pytest
from mcp.shared.exceptions import MCPError

from conftest import SPECS, mcp_session, text_of
from rawmcp import RawServer, result_text

pytestmark = pytest.mark.anyio

CALLS = int(os.environ.get("FUZZ_CALLS", "600"))
SEARCH_INSPECT_BUDGET = 24_000
INVOKE_DEFAULT_BUDGET = 6_000

HOSTILE_STRINGS = [
    "", " ", "..", ".", "../../admin", "%2e%2e", "/", "?x=1#y", "http://127.0.0.1:18999/x", "@127.0.0.1:18999",
    "a\r\nX-Injected: 1", "\u0000", "\u202e\u202d", "🙂" * 50, "x" * 5000, "y" * 120_000, "GET /api/workflow/{x}",
    "DELETE  /api/metadata/workflow/{name}/{version}", "getWorkflowDefs", "tasks[].status", "[[[", "${env.HOME}",
]


def endpoints(spec):
    document = json.loads(SPECS[spec].read_text())
    keys = []
    for path, item in document["paths"].items():
        for method in item:
            if method in ("get", "put", "post", "delete", "patch", "head"):
                keys.append(f"{method.upper()} {path}")
    return keys


def random_value(rng, depth=0):
    kind = rng.randrange(10 if depth < 3 else 6)
    if kind == 0:
        return rng.choice(HOSTILE_STRINGS)
    if kind == 1:
        return rng.choice([0, -1, 1, 2**53 + 1, -(2**63), 2**64, 1e308, -0.0, 3.5])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 40)))
    if kind in (4, 5):
        return rng.choice(HOSTILE_STRINGS[:12])
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 6))]
    return {rng.choice(["a", "workflowId", "name", "..", "", "x" * 300]): random_value(rng, depth + 1)
            for _ in range(rng.randrange(0, 6))}


def random_arguments(rng, tool, keys):
    accepted = {
        "search": ["query", "tag", "method", "limit"],
        "inspect": ["endpoint", "expand"],
        "invoke": ["endpoint", "params", "body", "dry_run", "fields", "max_chars"],
    }.get(tool, ["x"])
    arguments = {}
    for name in accepted:
        if rng.random() < 0.7:
            arguments[name] = random_value(rng)
    if tool in ("inspect", "invoke") and rng.random() < 0.6:
        arguments["endpoint"] = rng.choice(keys)
    if tool == "invoke" and rng.random() < 0.5:
        arguments["dry_run"] = rng.random() < 0.8
    if rng.random() < 0.1:
        arguments[rng.choice(["qeury", "endpiont", "z" * 2000, ""])] = random_value(rng)
    if rng.random() < 0.05:
        arguments = {f"unknown{i}": i for i in range(rng.randrange(100, 5000))}
    return arguments


def budget(tool, arguments):
    if tool != "invoke":
        return SEARCH_INSPECT_BUDGET
    max_chars = arguments.get("max_chars")
    if isinstance(max_chars, int) and not isinstance(max_chars, bool) and 200 <= max_chars <= 1_000_000:
        return min(max_chars, 200_000)
    return INVOKE_DEFAULT_BUDGET


@pytest.mark.parametrize("spec", ["oss", "orkes"])
def test_fuzzed_tool_calls_are_each_answered_once_within_budget(spec):
    rng = random.Random(f"fuzz-{spec}")
    keys = endpoints(spec)
    # Port 9 (discard) is closed here: a sent invoke is refused at once, and nothing leaves the machine.
    server = RawServer("--spec", str(SPECS[spec]), "--server", "http://127.0.0.1:9", "--timeout", "5")
    try:
        sent = {}
        for number in range(CALLS):
            tool = rng.choice(["search", "inspect", "invoke", "invoke", "nonexistent"])
            arguments = random_arguments(rng, tool, keys)
            request_id = 10_000 + number
            params = {"name": tool, "arguments": arguments}
            if rng.random() < 0.03:
                params["arguments"] = random_value(rng)  # not an object at all
            server.request({"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params})
            sent[request_id] = (tool, arguments)
            if number % 50 == 49:
                server.pump(0.01)
        assert server.wait_for(list(sent), timeout=300), "some fuzzed calls were never answered"
        server.pump(1.0)  # late duplicates, if any, arrive now
        assert server.alive()
        for request_id, (tool, arguments) in sent.items():
            replies = server.by_id(request_id)
            assert len(replies) == 1, f"call {request_id} answered {len(replies)} times"
            text = result_text(replies[0])
            if text is not None:
                assert len(text) <= budget(tool, arguments), (tool, len(text), str(arguments)[:200])
        # Still serving after all that.
        reply = server.call("search", {"query": "pause a workflow"})
        assert "pause" in result_text(reply)
    finally:
        server.close()


def test_hostile_lines_get_errors_and_the_server_keeps_serving():
    server = RawServer()
    try:
        for line in [b"not json", b"[" * 100_000, b"null", b"42", b"{}", b'{"jsonrpc":"2.0","id":5,"method":7}',
                     b"\xff\xfe\x00garbage", b"x" * (9 << 20)]:
            server.send_line(line)
        reply = server.call("search", {"query": "start a workflow"}, timeout=120)
        assert result_text(reply)
        errors = [r for r in server.replies if "error" in r]
        assert any("longer than" in r["error"]["message"] for r in errors), "the 9 MiB line was not answered"
        assert server.alive()
    finally:
        server.close()


async def test_the_official_client_gets_bounded_errors_for_huge_arguments():
    async with mcp_session() as session:
        huge = "x" * 300_000
        result = await session.call_tool("inspect", {"endpoint": "getWorkflowDefs", "expand": [huge] * 20})
        assert result.is_error and len(text_of(result)) < 2_000
        result = await session.call_tool("inspect", {"endpoint": huge})
        assert result.is_error and len(text_of(result)) < 2_000
        # 20 MB is over the 8 MiB message limit: the request is refused by id, and the session goes on.
        with pytest.raises(MCPError, match="longer than"):
            await session.call_tool("search", {"query": "q" * 20_000_000})
        result = await session.call_tool("search", {"query": "q" * 2_000})
        assert result.is_error and len(text_of(result)) < 2_000
        params = {f"p{i}": i for i in range(20_000)}
        result = await session.call_tool("invoke", {"endpoint": "GET /api/workflow/{workflowId}", "params": params})
        assert result.is_error and len(text_of(result)) <= INVOKE_DEFAULT_BUDGET
