"""Interoperability of the built server with the official MCP Python client, over stdio and over Streamable HTTP."""
import json
import subprocess

import pytest

from conftest import stop_with, SERVER, SPECS, compact_size, text_of

pytestmark = pytest.mark.anyio


async def test_initialize_and_list_tools(connect):
    async with connect() as session:
        listed = await session.list_tools()
        names = [tool.name for tool in listed.tools]
        assert names[:2] == ["search", "inspect"]
        assert set(names) <= {"search", "inspect", "invoke"}
        by_name = {tool.name: tool for tool in listed.tools}
        assert by_name["search"].annotations.read_only_hint is True
        assert by_name["inspect"].annotations.read_only_hint is True
        assert by_name["search"].input_schema["required"] == ["query"]
        assert compact_size(listed.tools) <= 3000, compact_size(listed.tools)


@pytest.mark.parametrize("spec", ["oss", "orkes", "netflix"])
async def test_tools_list_stays_small_whatever_the_spec(spec, connect):
    async with connect("--spec", str(SPECS[spec])) as session:
        listed = await session.list_tools()
        assert compact_size(listed.tools) <= 3000


async def test_search_returns_ranked_lines_and_structured_content(connect):
    async with connect() as session:
        result = await session.call_tool("search", {"query": "pause a workflow", "limit": 3})
        assert result.is_error is False
        text = text_of(result)
        assert text.splitlines()[1].startswith("PUT /api/workflow/{workflowId}/pause — ")
        assert "required: workflowId" in text.splitlines()[1]
        results = result.structured_content["results"]
        assert 1 <= len(results) <= 3  # hits far below the best are left out
        assert results[0]["endpoint"] == "PUT /api/workflow/{workflowId}/pause"
        assert results[0]["operationId"] == "pauseWorkflow"


async def test_empty_search_gives_the_overview_by_tag(connect):
    async with connect() as session:
        result = await session.call_tool("search", {"query": ""})
        assert result.is_error is False
        assert "80 endpoints in 8 tags" in text_of(result)
        tags = {tag["tag"]: tag["count"] for tag in result.structured_content["tags"]}
        assert tags["workflow-resource"] == 24


async def test_inspect_renders_types_once_and_an_example(connect):
    async with connect() as session:
        result = await session.call_tool("inspect", {"endpoint": "POST /api/metadata/workflow"})
        assert result.is_error is False
        text = text_of(result)
        assert text.count("type WorkflowTask = {") == 1
        assert "Example invoke arguments" in text
        assert result.structured_content["example"]["endpoint"] == "POST /api/metadata/workflow"
        by_id = await session.call_tool("inspect", {"endpoint": "pauseWorkflow"})
        assert text_of(by_id).startswith("PUT /api/workflow/{workflowId}/pause")


@pytest.mark.parametrize(
    "tool,arguments,expected",
    [
        ("search", {}, 'missing required argument "query"'),
        ("search", {"query": 5}, '"query" must be a string, got integer'),
        ("search", {"query": "x", "limit": "ten"}, '"limit" must be an integer'),
        ("search", {"query": "x", "limit": 500}, '"limit" must be between 1 and 50'),
        ("search", {"query": "x", "method": "FETCH"}, '"method" must be one of'),
        ("search", {"query": "x", "tag": "workflow-resourc"}, "Nearest tags: workflow-resource"),
        ("search", {"qeury": "x"}, 'unknown argument "qeury" (did you mean "query"?)'),
        ("inspect", {}, 'missing required argument "endpoint"'),
        ("inspect", {"endpoint": "GET /api/workflow/{workflowId}/tasks"}, "Nearest:"),
        ("inspect", {"endpoint": "POST /api/metadata/workflow", "expand": ["WorkflowTsk"]}, "Nearest defined types: WorkflowTask"),
        ("inspect", {"endpoint": ["a"]}, '"endpoint" must be a string, got array'),
    ],
)
async def test_bad_arguments_are_error_results_that_say_what_to_fix(tool, arguments, expected, connect):
    async with connect() as session:
        result = await session.call_tool(tool, arguments)
        assert result.is_error is True
        assert expected in text_of(result)
        # The server is still alive and answering.
        after = await session.call_tool("search", {"query": "restart workflow", "limit": 1})
        assert after.is_error is False


async def test_an_unknown_tool_is_a_protocol_error_with_invalid_params(connect):
    from mcp import MCPError

    async with connect() as session:
        with pytest.raises(MCPError) as raised:
            await session.call_tool("nonexistent", {})
        assert raised.value.error.code == -32602
        assert 'unknown tool "nonexistent"' in raised.value.error.message


def raw_exchange(lines, spec_args=()):
    """Writes lines to the server's stdin, closes it, and returns the JSON replies."""
    proc = subprocess.run(
        [str(SERVER), *spec_args], input="".join(line + "\n" for line in lines), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


INITIALIZE = json.dumps({
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}},
})


def test_every_request_is_answered_when_stdin_closes_right_after_it():
    for _ in range(10):
        replies = raw_exchange([
            INITIALIZE,
            json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
            json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "search", "arguments": {"query": "task logs"}}}),
        ])
        assert sorted(reply["id"] for reply in replies) == [1, 2, 3]


def test_a_line_that_is_not_json_gets_a_parse_error_with_null_id_and_the_server_goes_on():
    replies = raw_exchange(["this is not json", INITIALIZE])
    errors = [reply for reply in replies if "error" in reply]
    assert errors == [{"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error: not valid JSON"}}]
    assert any(reply.get("id") == 1 and "result" in reply for reply in replies)


def test_stdout_carries_only_protocol_messages():
    replies = raw_exchange([INITIALIZE], spec_args=("--log-level", "debug"))
    assert [reply["id"] for reply in replies] == [1]


def test_an_unreadable_spec_is_fatal_with_a_message_that_says_what_to_do():
    proc = subprocess.run([str(SERVER), "--spec", "/no/such/file.yaml"], input="", capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "Cannot read the OpenAPI document at /no/such/file.yaml: no such file" in proc.stderr


def test_a_client_that_does_not_read_replies_holds_the_server_back_and_loses_nothing():
    """Requests keep coming while stdout is not read: past a few MiB of replies the server stops reading stdin
    (memory stays flat), and once the client reads, every request is answered."""
    import threading
    import time

    from rawmcp import vm_kib

    count = 20000
    process = subprocess.Popen([str(SERVER), "--spec", str(SPECS["orkes"])], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = [json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})]
    lines += [json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})]
    lines += [json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call",
                          "params": {"name": "search", "arguments": {"query": "", "limit": 50}}})
              for n in range(1, count + 1)]
    payload = ("\n".join(lines) + "\n").encode()

    def write():
        try:
            process.stdin.write(payload)
            process.stdin.close()
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        time.sleep(4)  # not reading: without back-pressure the server read every request within a second
        rss_mib = vm_kib(process.pid, "VmRSS") / 1024
        assert writer.is_alive(), "the server read every request although nobody read a reply"
        print(f"RSS {rss_mib:.0f} MiB while the client was not reading")  # measured 55 MiB (was 369 and growing)
        ids = set()
        for line in process.stdout:
            ids.add(json.loads(line)["id"])
        writer.join(timeout=60)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert ids == set(range(0, count + 1))


def test_sigterm_stops_a_server_whose_client_stopped_reading():
    """Replies wait on a full pipe and stdin is paused: SIGTERM still ends the server, promptly and with 0."""
    import signal
    import threading
    import time

    process = subprocess.Popen([str(SERVER), "--spec", str(SPECS["orkes"])], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = [json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})]
    lines += [json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call",
                          "params": {"name": "search", "arguments": {"query": "", "limit": 50}}})
              for n in range(1, 5001)]
    payload = ("\n".join(lines) + "\n").encode()

    def write():
        try:
            process.stdin.write(payload)
        except (BrokenPipeError, ValueError):
            pass

    threading.Thread(target=write, daemon=True).start()
    try:
        time.sleep(2)
        assert stop_with(process, signal.SIGTERM, within=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
