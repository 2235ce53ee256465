"""The five agent jobs of issue 12 end to end: an agent (scripted here) discovers every endpoint with search and
inspect, then defines, starts and reads workflows through invoke, over MCP stdio with the official Python client,
against conductor-emulator whose HTTP tasks call a stub on loopback. Each scenario prints its tool calls and the
characters of tool output it read, and stays within 30,000 characters."""
import json
import urllib.request

import pytest

from conductor_helpers import ToolLog
from conftest import ROOT, mcp_session, text_of
from http_stub import HTTPStub

pytestmark = pytest.mark.anyio

BUDGET = 30_000
READ_FIELDS = ["status", "reasonForIncompletion", "output", "tasks[].referenceTaskName", "tasks[].status",
               "tasks[].reasonForIncompletion"]
FIGURES = {}


@pytest.fixture
def stub():
    server = HTTPStub()
    yield server
    server.stop()


class Agent:
    """What a model does with the three tools: search, inspect each new endpoint once, invoke."""

    def __init__(self, session, log):
        self.session = session
        self.log = log
        self.inspected = set()
        self.known = {}

    async def find(self, query, expected):
        """The endpoint search answers for `query` (once per scenario), inspected before its first use."""
        if query in self.known:
            return self.known[query]
        found = await self.log.call(self.session, "search", {"query": query, "limit": 3})
        keys = [hit["endpoint"] for hit in found.structured_content["results"]]
        assert expected in keys, f"search {query!r} answered {keys}"
        endpoint = keys[keys.index(expected)]
        if endpoint not in self.inspected:
            inspected = await self.log.call(self.session, "inspect", {"endpoint": endpoint})
            assert inspected.is_error is False, text_of(inspected)
            self.inspected.add(endpoint)
        self.known[query] = endpoint
        return endpoint

    async def invoke(self, endpoint, **arguments):
        result = await self.log.call(self.session, "invoke", {"endpoint": endpoint, **arguments})
        assert result.is_error is False, text_of(result)
        return result

    async def register_workflow(self, definition):
        endpoint = await self.find("register a new workflow definition", "POST /api/metadata/workflow")
        await self.invoke(endpoint, body=definition)

    async def register_task_defs(self, defs):
        endpoint = await self.find("register task definitions", "POST /api/metadata/taskdefs")
        await self.invoke(endpoint, body=defs)

    async def start(self, name, workflow_input):
        endpoint = await self.find("start a workflow by name with input", "POST /api/workflow/{name}")
        started = await self.invoke(endpoint, params={"name": name}, body=workflow_input)
        workflow_id = text_of(started).splitlines()[-1].strip()
        assert len(workflow_id) >= 8, text_of(started)
        return workflow_id

    async def read(self, workflow_id):
        """One call that shows the status, the reason, the output and every task's status."""
        endpoint = await self.find("get the execution status of a workflow", "GET /api/workflow/{workflowId}")
        result = await self.invoke(endpoint, params={"workflowId": workflow_id}, fields=READ_FIELDS)
        return result.structured_content["body"], text_of(result)


def http_task(ref, uri, method="GET", body=None, name=None):
    request = {"uri": uri, "method": method, "connectionTimeOut": 2000, "readTimeOut": 3000}
    if body is not None:
        request["body"] = body
    return {"name": name or ref, "taskReferenceName": ref, "type": "HTTP", "inputParameters": {"http_request": request}}


def workflow(name, tasks, **extra):
    return {"name": name, "version": 1, "ownerEmail": "agent@example.com", "timeoutSeconds": 600,
            "timeoutPolicy": "TIME_OUT_WF", "tasks": tasks, **extra}


async def run(emulator, name, scenario):
    log = ToolLog()
    async with mcp_session("--spec", f"{emulator.url}/api-docs", "--server", emulator.url) as session:
        await scenario(Agent(session, log))
    print(f"\n{name}: {log.calls} tool calls, {log.chars} characters of tool output")
    log.write(f"scenario-{name}")
    FIGURES[name] = {"calls": log.calls, "chars": log.chars}
    out = ROOT / ".build" / "agent-scenarios.json"
    existing = json.loads(out.read_text()) if out.exists() else {}
    existing.update(FIGURES)
    out.write_text(json.dumps(existing, indent=2, sort_keys=True))
    assert log.chars <= BUDGET, f"{name} read {log.chars} characters"


def assert_every_task_shown(body, text, statuses):
    assert [task["status"] for task in body["tasks"]] == statuses, text
    for task in body["tasks"]:
        assert task["referenceTaskName"] in text


async def test_sequential_http_lookup(emulator, stub):
    async def scenario(agent):
        await agent.register_workflow(workflow("weather_lookup", [
            http_task("get_weather", f"{stub.url}/weather?city=${{workflow.input.city}}")],
            outputParameters={"temp": "${get_weather.output.response.body.temp}",
                              "city": "${get_weather.output.response.body.city}"}))
        workflow_id = await agent.start("weather_lookup", {"city": "Dubai"})
        body, text = await agent.read(workflow_id)
        assert body["status"] == "COMPLETED", text
        assert body["output"] == {"temp": 44, "city": "Dubai"}
        assert_every_task_shown(body, text, ["COMPLETED"])

    await run(emulator, "1-sequential", scenario)
    assert [call["query"] for call in stub.calls("/weather")] == [{"city": "Dubai"}]


async def test_parallel_fork_join_with_a_worker_task(emulator, stub):
    cities = ["Paris", "Rome", "Oslo"]

    async def scenario(agent):
        await agent.register_task_defs([{"name": "analyse_risk", "ownerEmail": "agent@example.com", "retryCount": 0,
                                         "timeoutSeconds": 300, "totalTimeoutSeconds": 900,
                                         "responseTimeoutSeconds": 60}])
        branches = [[http_task(f"risk_{c.lower()}", f"{stub.url}/risk?city={c}")] for c in cities]
        await agent.register_workflow(workflow("city_risk", [
            {"name": "fan_out", "taskReferenceName": "fan_out", "type": "FORK_JOIN", "forkTasks": branches},
            {"name": "gather", "taskReferenceName": "gather", "type": "JOIN",
             "joinOn": [f"risk_{c.lower()}" for c in cities]},
            {"name": "analyse_risk", "taskReferenceName": "analyse", "type": "SIMPLE",
             "inputParameters": {c.lower(): f"${{risk_{c.lower()}.output.response.body.risk}}" for c in cities}},
        ], outputParameters={"riskiest": "${analyse.output.riskiest}"}))
        workflow_id = await agent.start("city_risk", {})
        poll = await agent.find("poll for a task of a type", "GET /api/tasks/poll/{tasktype}")
        polled = await agent.invoke(poll, params={"tasktype": "analyse_risk", "workerid": "agent"},
                                    fields=["taskId", "workflowInstanceId", "inputData"])
        task = polled.structured_content["body"]
        assert task["inputData"] == {"paris": 0.2, "rome": 0.7, "oslo": 0.1}, task
        risks = task["inputData"]
        update = await agent.find("update a task with its result", "POST /api/tasks")
        await agent.invoke(update, body={"workflowInstanceId": workflow_id, "taskId": task["taskId"],
                                         "status": "COMPLETED", "outputData": {"riskiest": max(risks, key=risks.get)}})
        body, text = await agent.read(workflow_id)
        assert body["status"] == "COMPLETED", text
        assert body["output"] == {"riskiest": "rome"}
        assert_every_task_shown(body, text, ["COMPLETED"] * 6)

    await run(emulator, "2-parallel", scenario)
    assert sorted(call["query"]["city"] for call in stub.calls("/risk")) == sorted(cities)


async def test_switch_on_http_output_notifies(emulator, stub):
    async def scenario(agent):
        await agent.register_workflow(workflow("heat_alert", [
            http_task("get_weather", f"{stub.url}/weather?city=${{workflow.input.city}}"),
            {"name": "is_hot", "taskReferenceName": "is_hot", "type": "SWITCH", "evaluatorType": "javascript",
             "expression": "$.temp > 40 ? 'hot' : 'mild'",
             "inputParameters": {"temp": "${get_weather.output.response.body.temp}"},
             "decisionCases": {"hot": [http_task("notify", f"{stub.url}/notify", method="POST",
                                                 body={"city": "${workflow.input.city}",
                                                       "temp": "${get_weather.output.response.body.temp}"})]},
             "defaultCase": [{"name": "no_alert", "taskReferenceName": "no_alert", "type": "NOOP"}]},
        ]))
        hot, text = await agent.read(await agent.start("heat_alert", {"city": "Dubai"}))
        assert hot["status"] == "COMPLETED", text
        assert [t["referenceTaskName"] for t in hot["tasks"]] == ["get_weather", "is_hot", "notify"]
        assert_every_task_shown(hot, text, ["COMPLETED"] * 3)
        mild, text = await agent.read(await agent.start("heat_alert", {"city": "Oslo"}))
        assert [t["referenceTaskName"] for t in mild["tasks"]] == ["get_weather", "is_hot", "no_alert"], text

    await run(emulator, "3-conditional", scenario)
    assert [call["body"] for call in stub.calls("/notify")] == [{"city": "Dubai", "temp": 44}]


async def test_do_while_until_confident(emulator, stub):
    async def scenario(agent):
        await agent.register_workflow(workflow("refine_until_confident", [
            {"name": "refine", "taskReferenceName": "refine", "type": "DO_WHILE",
             "loopCondition": "$.refine['iteration'] < 5 && $.probe['response']['body']['confidence'] < 0.8",
             "loopOver": [http_task("probe", f"{stub.url}/confidence?round=${{refine.output.iteration}}")]},
        ], outputParameters={"rounds": "${refine.output.iteration}",
                             "confidence": "${probe.output.response.body.confidence}"}))
        body, text = await agent.read(await agent.start("refine_until_confident", {}))
        assert body["status"] == "COMPLETED", text
        assert body["output"] == {"rounds": 3, "confidence": 0.9}
        assert [t["referenceTaskName"] for t in body["tasks"]] == ["refine", "probe__1", "probe__2", "probe__3"]
        assert_every_task_shown(body, text, ["COMPLETED"] * 4)

    await run(emulator, "4-loop", scenario)
    assert [call["query"]["round"] for call in stub.calls("/confidence")] == ["1", "2", "3"]


async def test_retries_exhausted_then_failure_workflow(emulator, stub):
    async def scenario(agent):
        await agent.register_task_defs([{"name": "charge_card", "ownerEmail": "agent@example.com", "retryCount": 2,
                                         "retryLogic": "EXPONENTIAL_BACKOFF", "retryDelaySeconds": 5,
                                         "timeoutSeconds": 300, "totalTimeoutSeconds": 900,
                                         "responseTimeoutSeconds": 60}])
        await agent.register_workflow(workflow("refund_order", [
            http_task("refund", f"{stub.url}/refund", method="POST",
                      body={"failedWorkflowId": "${workflow.input.workflowId}",
                            "order": "${workflow.input.order}", "reason": "${workflow.input.reason}"})]))
        await agent.register_workflow(workflow("checkout", [
            http_task("charge", f"{stub.url}/charge", method="POST", body={"order": "${workflow.input.order}"},
                      name="charge_card")], failureWorkflow="refund_order"))
        workflow_id = await agent.start("checkout", {"order": "A-17"})
        # Time passes: the retries wait 5 s, then 10 s (exponential backoff) on the emulator's clock.
        for seconds in (5, 10):
            advance(emulator, seconds)
        body, text = await agent.read(workflow_id)
        assert body["status"] == "FAILED", text
        assert_every_task_shown(body, text, ["FAILED"] * 3)
        assert "503" in body["reasonForIncompletion"] and "payment gateway unavailable" in text
        failure_id = body["output"]["conductor.failure_workflow"]
        compensation, text = await agent.read(failure_id)
        assert compensation["status"] == "COMPLETED", text

    await run(emulator, "5-failure", scenario)
    assert len(stub.calls("/charge")) == 3
    refunds = stub.calls("/refund")
    assert len(refunds) == 1 and refunds[0]["body"]["order"] == "A-17", refunds


def advance(emulator, seconds):
    """The test's clock, not the agent's: the emulator's /emulator/clock/advance releases the retry delays."""
    request = urllib.request.Request(f"{emulator.url}/emulator/clock/advance?seconds={seconds}", method="POST")
    urllib.request.urlopen(request).read()
