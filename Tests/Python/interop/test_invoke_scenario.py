"""The agent scenario end to end: search -> inspect -> invoke against conductor-emulator, over MCP stdio with the
official Python client, the spec itself loaded live from the emulator's /api-docs."""
import asyncio
import json
import urllib.error
import urllib.request

import pytest

from conductor_helpers import ToolLog
from conftest import mcp_session, text_of

pytestmark = pytest.mark.anyio

TASKS = ["scenario_greet", "scenario_shout"]
WORKFLOW = {
    "name": "scenario_flow",
    "version": 1,
    "ownerEmail": "agent@example.com",
    "timeoutSeconds": 600,
    "tasks": [
        {"name": "scenario_greet", "taskReferenceName": "greet", "type": "SIMPLE",
         "inputParameters": {"who": "${workflow.input.who}"}},
        {"name": "scenario_shout", "taskReferenceName": "shout", "type": "SIMPLE",
         "inputParameters": {"text": "${greet.output.greeting}"}},
    ],
    "outputParameters": {"result": "${shout.output.loud}", "greeting": "${greet.output.greeting}"},
}


async def run_scenario(session, log, *, pause_for_token_expiry=0.0):
    found = await log.call(session, "search", {"query": "register a workflow definition", "limit": 5})
    keys = [hit["endpoint"] for hit in found.structured_content["results"]]
    assert "POST /api/metadata/workflow" in keys[:2], keys

    inspected = await log.call(session, "inspect", {"endpoint": "POST /api/metadata/workflow"})
    assert inspected.structured_content["example"]["endpoint"] == "POST /api/metadata/workflow"

    taskdefs = [{"name": name, "ownerEmail": "agent@example.com", "retryCount": 0, "timeoutSeconds": 60,
                 "totalTimeoutSeconds": 120, "responseTimeoutSeconds": 30} for name in TASKS]
    registered = await log.call(session, "invoke", {"endpoint": "POST /api/metadata/taskdefs", "body": taskdefs})
    assert registered.is_error is False, text_of(registered)

    dry = await log.call(session, "invoke", {"endpoint": "POST /api/metadata/workflow", "body": WORKFLOW, "dry_run": True})
    assert dry.is_error is False and "POST http://127.0.0.1:" in text_of(dry)

    created = await log.call(session, "invoke", {"endpoint": "POST /api/metadata/workflow", "body": WORKFLOW})
    assert created.is_error is False, text_of(created)

    if pause_for_token_expiry:
        await asyncio.sleep(pause_for_token_expiry)

    started = await log.call(session, "invoke", {
        "endpoint": "POST /api/workflow/{name}", "params": {"name": "scenario_flow"}, "body": {"who": "agent"}})
    assert started.is_error is False, text_of(started)
    workflow_id = text_of(started).splitlines()[-1].strip()
    assert len(workflow_id) >= 8, text_of(started)

    outputs = {"scenario_greet": {"greeting": "Hello agent"}, "scenario_shout": {"loud": "HELLO AGENT!"}}
    for task_type in TASKS:
        polled = await log.call(session, "invoke", {
            "endpoint": "GET /api/tasks/poll/{tasktype}", "params": {"tasktype": task_type, "workerid": "mcp-agent"},
            "fields": ["taskId", "status", "referenceTaskName", "inputData"]})
        assert polled.is_error is False, text_of(polled)
        task = polled.structured_content["body"]
        assert task["status"] == "IN_PROGRESS", task
        done = await log.call(session, "invoke", {"endpoint": "POST /api/tasks", "body": {
            "workflowInstanceId": workflow_id, "taskId": task["taskId"], "status": "COMPLETED",
            "outputData": outputs[task_type]}})
        assert done.is_error is False, text_of(done)

    final = await log.call(session, "invoke", {
        "endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": workflow_id},
        "fields": ["status", "output", "tasks[].referenceTaskName", "tasks[].status"]})
    assert final.is_error is False, text_of(final)
    body = final.structured_content["body"]
    assert body["status"] == "COMPLETED", text_of(final)
    assert body["output"] == {"result": "HELLO AGENT!", "greeting": "Hello agent"}
    assert [task["status"] for task in body["tasks"]] == ["COMPLETED", "COMPLETED"]
    return workflow_id


async def test_agent_registers_starts_and_completes_a_workflow(emulator):
    log = ToolLog()
    async with mcp_session("--spec", f"{emulator.url}/api-docs", "--server", emulator.url) as session:
        await run_scenario(session, log)
    print(f"\nscenario: {log.calls} tool calls, {log.chars} characters of tool output")
    log.write("scenario")


async def test_the_same_scenario_with_token_auth_and_a_refresh(auth_emulator):
    log = ToolLog()
    args = ("--spec", f"{auth_emulator.url}/api-docs", "--server", f"{auth_emulator.url}/api",
            "--auth-key", "scenario-key", "--auth-secret", "scenario-secret")
    async with mcp_session(*args) as session:
        # The token lives 2 s: the pause makes the next call meet an expired token and refresh it.
        await run_scenario(session, log, pause_for_token_expiry=2.5)


async def test_wrong_credentials_are_an_error_that_names_the_flags(auth_emulator):
    args = ("--server", auth_emulator.url, "--auth-key", "scenario-key", "--auth-secret", "wrong")
    async with mcp_session(*args) as session:
        result = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"})
        assert result.is_error is True
        assert "auth" in text_of(result).lower()


async def test_validation_problems_are_listed_and_nothing_is_sent(emulator):
    async with mcp_session("--server", emulator.url) as session:
        result = await session.call_tool("invoke", {
            "endpoint": "POST /api/metadata/workflow", "body": {"name": "x", "tasks": [{"name": "t"}]},
            "params": {"overwrit": True}})
        assert result.is_error is True
        text = text_of(result)
        assert "body/tasks/0/taskReferenceName" in text
        assert "body/timeoutSeconds" in text
        assert "params.overwrit" in text
        listed = json.load(urllib.request.urlopen(f"{emulator.url}/api/metadata/workflow"))
        assert listed == []


async def test_upstream_failures_are_errors_with_status_and_message(emulator):
    async with mcp_session("--server", emulator.url) as session:
        missing = await session.call_tool("invoke", {
            "endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": "no-such-id"}})
        assert missing.is_error is True
        assert "404" in text_of(missing)
        request = urllib.request.Request(f"{emulator.url}/emulator/faults", data=b'["html500@/api/metadata"]', method="PUT",
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
        broken = await session.call_tool("invoke", {"endpoint": "GET /api/metadata/workflow"})
        assert broken.is_error is True
        assert "500" in text_of(broken)
        traversal = await session.call_tool("invoke", {
            "endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": "../../health"}})
        assert traversal.is_error is True


async def test_a_100_task_execution_compresses_within_8000_chars(emulator):
    """Builds a 100-task execution on the emulator (set up over plain HTTP), then reads it through invoke."""
    base = emulator.url
    names = [f"bulk_task_{i:03d}" for i in range(100)]
    post(f"{base}/api/metadata/taskdefs", [{"name": n, "retryCount": 0, "timeoutSeconds": 60,
                                            "totalTimeoutSeconds": 120, "responseTimeoutSeconds": 30, "ownerEmail": "a@b.c"} for n in names])
    post(f"{base}/api/metadata/workflow", {
        "name": "hundred", "version": 1, "timeoutSeconds": 600, "ownerEmail": "a@b.c",
        "tasks": [{"name": n, "taskReferenceName": f"step_{i:03d}", "type": "SIMPLE",
                   "inputParameters": {"index": i, "payload": "x" * 200}} for i, n in enumerate(names)]})
    workflow_id = post(f"{base}/api/workflow/hundred", {"order": 42}).decode()
    for i, name in enumerate(names):
        task = json.loads(urllib.request.urlopen(f"{base}/api/tasks/poll/{name}?workerid=w").read())
        failing = i == 99
        post(f"{base}/api/tasks", {
            "workflowInstanceId": workflow_id, "taskId": task["taskId"],
            "status": "FAILED" if failing else "COMPLETED",
            "reasonForIncompletion": "payment gateway refused the card" if failing else None,
            "outputData": {"index": i, "echo": "y" * 150}})
    raw = urllib.request.urlopen(f"{base}/api/workflow/{workflow_id}?includeTasks=true").read().decode()
    async with mcp_session("--server", base) as session:
        result = await session.call_tool("invoke", {
            "endpoint": "GET /api/workflow/{workflowId}", "params": {"workflowId": workflow_id}})
    text = text_of(result)
    print(f"\n100-task execution: raw {len(raw)} chars -> compressed {len(text)} chars")
    assert result.is_error is False
    assert len(text) <= 8000
    for i in range(100):
        assert f"step_{i:03d}" in text
    assert "payment gateway refused the card" in text
    assert "FAILED" in text and "COMPLETED" in text


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        return urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:
        raise AssertionError(f"POST {url}: {error.code} {error.read().decode()[:500]}") from error
