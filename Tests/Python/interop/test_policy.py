"""The access policy end to end: roles, refusals, tools/list hints and the audit log, through the official MCP Python
client against conductor-emulator (with Orkes-style tokens, so there are secrets to leak); and `check --config` on
the README's example configurations."""
import json
import os
import re
import subprocess

import pytest

from conftest import stalled_upstream, stdio_handshake, stop_with, ROOT, SERVER, Emulator, mcp_session, text_of

pytestmark = pytest.mark.anyio

KEY, SECRET = "policy-key-id-1234", "policy-secret-5678"
BEARER = "policy-bearer-abcdef"
TASK = {"name": "policy_task", "ownerEmail": "agent@example.com", "retryCount": 0, "timeoutSeconds": 60,
        "totalTimeoutSeconds": 120, "responseTimeoutSeconds": 30}
WORKFLOW = {"name": "policy_flow", "version": 1, "ownerEmail": "agent@example.com", "timeoutSeconds": 600,
            "tasks": [{"name": "policy_task", "taskReferenceName": "only", "type": "SIMPLE"}]}


@pytest.fixture
def emulator_with_keys():
    server = Emulator("--auth", f"{KEY}:{SECRET}")
    yield server
    server.stop()


def write_config(tmp_path, audit):
    """A config with the stdio role viewer, credentials through ${ENV} and an audit log; flags pick other roles."""
    config = {
        "CONDUCTOR_AUTH_KEY": "${POLICY_TEST_KEY}",
        "CONDUCTOR_AUTH_SECRET": "${POLICY_TEST_SECRET}",
        "policy": {"role": "viewer"},
        "audit": {"path": str(audit), "bodies": True},
    }
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(config))
    return path


def session(emulator, config, *flags):
    return mcp_session(
        "--spec", f"{emulator.url}/api-docs", "--server", emulator.url, "--config", str(config),
        "--header", f"Authorization: Bearer {BEARER}", *flags,
        env={"POLICY_TEST_KEY": KEY, "POLICY_TEST_SECRET": SECRET})


async def invoke(session, arguments):
    return await session.call_tool("invoke", arguments)


async def test_roles_refusals_and_audit(emulator_with_keys, tmp_path):
    audit = tmp_path / "audit.jsonl"
    config = write_config(tmp_path, audit)
    calls = 0

    async with session(emulator_with_keys, config, "--role", "admin") as admin:
        for arguments in [
            {"endpoint": "POST /api/metadata/taskdefs", "body": [TASK]},
            {"endpoint": "POST /api/metadata/workflow", "body": WORKFLOW},
        ]:
            result = await invoke(admin, arguments)
            calls += 1
            assert result.is_error is False, text_of(result)
        started = await invoke(admin, {"endpoint": "POST /api/workflow/{name}", "params": {"name": "policy_flow"},
                                       "body": {"who": "viewer"}})
        calls += 1
        assert started.is_error is False, text_of(started)
        first_id = text_of(started).splitlines()[-1].strip()

    async with session(emulator_with_keys, config) as viewer:  # the file's role
        tools = {tool.name: tool for tool in (await viewer.list_tools()).tools}
        assert tools["invoke"].annotations.read_only_hint is True
        registered = await invoke(viewer, {"endpoint": "POST /api/metadata/workflow", "body": WORKFLOW})
        deleted = await invoke(viewer, {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}",
                                        "params": {"name": "policy_flow", "version": 1}})
        dry = await invoke(viewer, {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}",
                                    "params": {"name": "policy_flow", "version": 1}, "dry_run": True})
        read = await invoke(viewer, {"endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": first_id},
                                     "fields": ["status"]})
        calls += 4
        assert registered.is_error and "is not allowed for role viewer (rule: deny method POST)" in text_of(registered)
        assert deleted.is_error and "is not allowed for role viewer (rule: deny method DELETE)" in text_of(deleted)
        assert dry.is_error and dry.structured_content["error"] == "policy_refused"
        assert read.is_error is False, text_of(read)
        assert read.structured_content["body"]["status"] == "RUNNING"
        found = await viewer.call_tool("search", {"query": "delete a workflow definition", "limit": 5})
        assert "NOT ALLOWED for role viewer" in text_of(found)

    async with session(emulator_with_keys, config, "--role", "operator") as operator:
        tools = {tool.name: tool for tool in (await operator.list_tools()).tools}
        assert tools["invoke"].annotations.read_only_hint is False
        started = await invoke(operator, {"endpoint": "POST /api/workflow/{name}", "params": {"name": "policy_flow"},
                                          "body": {"who": "operator"}})
        assert started.is_error is False, text_of(started)
        workflow_id = text_of(started).splitlines()[-1].strip()
        terminated = await invoke(operator, {"endpoint": "DELETE /api/workflow/{workflowId}",
                                             "params": {"workflowId": workflow_id, "reason": "policy test"}})
        assert terminated.is_error is False, text_of(terminated)
        status = await invoke(operator, {"endpoint": "GET /api/workflow/{workflowId}",
                                         "params": {"workflowId": workflow_id}, "fields": ["status"]})
        assert status.structured_content["body"]["status"] == "TERMINATED"
        deleted = await invoke(operator, {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}",
                                          "params": {"name": "policy_flow", "version": 1}})
        assert deleted.is_error
        assert "not allowed for role operator (rule: deny method DELETE and path prefix /api/metadata)" in text_of(deleted)
        calls += 4

    lines = audit.read_text().splitlines()
    assert len(lines) == calls, lines
    records = [json.loads(line) for line in lines]
    assert [r["role"] for r in records] == ["admin"] * 3 + ["viewer"] * 4 + ["operator"] * 4
    assert [r["decision"] for r in records[3:7]] == ["refused", "refused", "refused", "allowed"]
    assert records[5]["dryRun"] is True
    assert records[7]["operationId"] == "startWorkflow_1" and records[7]["status"] == 200
    assert records[8]["method"] == "DELETE" and records[8]["path"].startswith(f"/api/workflow/{workflow_id}")
    text = audit.read_text()
    for secret in [KEY, SECRET, BEARER, "Bearer", "X-Authorization"]:
        assert secret not in text, f"{secret} is in the audit log"
    assert not re.search(r"emu-[0-9a-f]{8}-", text), "an access token is in the audit log"


def run_check(*args, env=None):
    merged = dict(os.environ)
    merged.update(env or {})
    merged.pop("CONDUCTOR_MCP_CONFIG", None)
    return subprocess.run([str(SERVER), "check", *args], capture_output=True, text=True, env=merged, timeout=60)


@pytest.mark.parametrize("name", ["read-only.yaml", "operator.yaml"])
def test_check_accepts_the_readme_configs(name):
    env = {"CONDUCTOR_SERVER_URL": "http://localhost:8080", "CONDUCTOR_AUTH_KEY": "readme-key",
           "CONDUCTOR_AUTH_SECRET": "readme-secret"}
    result = run_check("--config", str(ROOT / "Fixtures" / "config" / name), env=env)
    assert result.returncode == 0, result.stderr
    assert "Effective configuration" in result.stdout
    assert "Endpoints each role may invoke, by tag" in result.stdout
    assert "readme-key" not in result.stdout and "readme-secret" not in result.stdout


def test_check_fails_on_a_broken_config(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("polcy:\n  role: viewer\nlimits:\n  maxArrayLength: many\n")
    result = run_check("--config", str(path))
    assert result.returncode == 1
    assert 'polcy: unknown key (did you mean "policy"?)' in result.stderr
    assert "limits.maxArrayLength must be an integer, got string" in result.stderr


def test_audit_log_is_reopened_on_sighup(tmp_path):
    """logrotate moves the file and sends SIGHUP: the next line goes to a new file at the same path."""
    import signal
    import time

    audit = tmp_path / "audit.jsonl"
    process = subprocess.Popen(
        [str(SERVER), "--audit-log", str(audit), "--server", "http://127.0.0.1:9", "--log-level", "warning"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def request(message):
        process.stdin.write(json.dumps(message) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline()) if "id" in message else None

    try:
        request({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
        request({"jsonrpc": "2.0", "method": "notifications/initialized"})
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "invoke", "arguments": {"endpoint": "GET /api/metadata/workflow", "dry_run": True}}}
        assert request(call)["result"]["isError"] is False
        audit.rename(tmp_path / "audit.jsonl.1")
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while not audit.exists():  # the reopen creates the file; wait for the signal to be handled
            assert time.monotonic() < deadline, "the audit log was not reopened after SIGHUP"
            time.sleep(0.02)
        call["id"] = 3
        assert request(call)["result"]["isError"] is False
        assert process.poll() is None
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    assert len((tmp_path / "audit.jsonl.1").read_text().splitlines()) == 1
    assert len(audit.read_text().splitlines()) == 1


def audited_stdio_server(audit, server_url, log_level):
    """The server over stdio (text pipes) with an audit log, a 60 s timeout and `server_url` upstream."""
    return subprocess.Popen(
        [str(SERVER), "--audit-log", str(audit), "--server", server_url, "--log-level", log_level, "--timeout", "60"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_signal_during_a_call_cancels_it_audited_and_exits_0(tmp_path, signal_name):
    """A client stopping its server sends SIGTERM (or SIGINT): the request already sent is cancelled and audited as
    such before the process ends, not killed with no audit line."""
    import signal
    import time

    audit = tmp_path / "audit.jsonl"
    with stalled_upstream() as (stall, url):
        process = audited_stdio_server(audit, url, "notice")
        try:
            call = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
                "name": "invoke", "arguments": {"endpoint": "DELETE /api/metadata/taskdefs/{tasktype}",
                                                "params": {"tasktype": "t1"}}}})
            process.stdin.write("\n".join(stdio_handshake() + [call]) + "\n")
            process.stdin.flush()
            assert json.loads(process.stdout.readline())["id"] == 0
            connection, _ = stall.accept()  # the DELETE reached the server
            time.sleep(0.3)
            code = stop_with(process, getattr(signal, signal_name), within=10)
            connection.close()
        finally:
            if process.poll() is None:
                process.kill()
    assert code == 0, process.stderr.read()
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert len(lines) == 1, lines
    assert lines[0]["endpoint"] == "DELETE /api/metadata/taskdefs/{tasktype}"
    assert "cancelled" in json.dumps(lines[0]), lines[0]
    assert f"received {signal_name}" in process.stderr.read()


@pytest.mark.parametrize("answer", ["accept", "decline", None])
async def test_confirm_destructive(emulator, answer):
    """--confirm-destructive: a client with elicitation is asked (with the exact request) and its answer decides; a
    client without it must repeat the call with "confirm": true."""
    from mcp import ClientSession, StdioServerParameters, types
    from mcp.client.stdio import stdio_client

    asked = []

    async def elicit(context, params):
        asked.append(params.message)
        return types.ElicitResult(action=answer)

    args = ["--spec", f"{emulator.url}/api-docs", "--server", emulator.url, "--confirm-destructive"]
    params = StdioServerParameters(command=str(SERVER), args=args,
                                   env={**os.environ, "CONDUCTOR_MCP_LOG_LEVEL": "warning"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit if answer else None) as session:
            await session.initialize()
            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            assert "confirm" in tools["invoke"].input_schema["properties"]
            for arguments in [{"endpoint": "POST /api/metadata/taskdefs", "body": [TASK]},
                              {"endpoint": "POST /api/metadata/workflow", "body": WORKFLOW}]:
                result = await session.call_tool("invoke", arguments)
                assert result.is_error is False, text_of(result)
            assert asked == [], "POSTs need no confirmation"
            delete = {"endpoint": "DELETE /api/metadata/workflow/{name}/{version}",
                      "params": {"name": "policy_flow", "version": 1}}
            result = await session.call_tool("invoke", delete)
            if answer == "accept":
                assert result.is_error is False, text_of(result)
                assert len(asked) == 1 and "DELETE http://127.0.0.1:" in asked[0]
                assert "/api/metadata/workflow/policy_flow/1" in asked[0]
            elif answer == "decline":
                assert result.is_error and result.structured_content["error"] == "declined"
            else:
                assert result.is_error and result.structured_content["error"] == "confirmation_required"
                assert '"confirm": true' in text_of(result)
                confirmed = await session.call_tool("invoke", {**delete, "confirm": True})
                assert confirmed.is_error is False, text_of(confirmed)
            listed = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow/{name}",
                                                        "params": {"name": "policy_flow"}})
            assert listed.is_error is (answer != "decline"), text_of(listed)


def test_many_confirmations_at_once_do_not_stall_stdin():
    """140 destructive calls, each confirmed through elicitation: the answers come in behind further requests, so
    requests waiting for an answer must not count towards the limit of requests worked on at once (they had
    stalled until the confirmations timed out, two minutes later)."""
    import queue
    import threading
    import time

    count = 140
    process = subprocess.Popen(
        [str(SERVER), "--confirm-destructive", "--server", "http://127.0.0.1:9", "--log-level", "error"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(message):
        process.stdin.write((json.dumps(message) + "\n").encode())
        process.stdin.flush()

    try:
        send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "t", "version": "1"}}})
        assert json.loads(process.stdout.readline())["id"] == 0
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        for n in range(1, count + 1):
            send({"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {
                "name": "invoke", "arguments": {"endpoint": "DELETE /api/metadata/taskdefs/{tasktype}",
                                                "params": {"tasktype": f"t{n}"}}}})
        # Lines are read by a thread into a queue: select() on a buffered pipe can miss lines already buffered.
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        answered = set()
        deadline = time.monotonic() + 30
        while len(answered) < count and time.monotonic() < deadline:
            try:
                message = json.loads(lines.get(timeout=1))
            except queue.Empty:
                continue
            if message.get("method") == "elicitation/create":
                send({"jsonrpc": "2.0", "id": message["id"], "result": {"action": "decline"}})
            elif "id" in message:
                assert message["result"]["structuredContent"]["error"] == "declined", message
                answered.add(message["id"])
        assert len(answered) == count, f"{len(answered)} of {count} answered within 30 s"
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def test_sigterm_while_draining_after_stdin_closed_stops_at_once(tmp_path):
    """Stdin closed with calls still running (a stalled upstream): the drain would wait up to 30 s; SIGTERM cuts it
    short, the calls audited as cancelled."""
    import signal

    audit = tmp_path / "audit.jsonl"
    with stalled_upstream() as (stall, url):
        process = audited_stdio_server(audit, url, "error")
        try:
            calls = [json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {
                "name": "invoke", "arguments": {"endpoint": "GET /api/metadata/workflow"}}}) for n in range(1, 4)]
            process.stdin.write("\n".join(stdio_handshake() + calls) + "\n")
            process.stdin.close()
            for _ in range(3):
                stall.accept()  # all three reached the upstream
            assert stop_with(process, signal.SIGTERM, within=8) == 0
        finally:
            if process.poll() is None:
                process.kill()
    lines = audit.read_text().splitlines()
    assert len(lines) == 3 and all("cancelled" in line for line in lines), lines
