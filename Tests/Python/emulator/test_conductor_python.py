"""Interoperability test: the official Conductor Python SDK against conductor-emulator.

A client nobody here wrote registers a task definition and a two-task workflow, starts it,
runs workers that poll and complete both tasks, and reads back the COMPLETED execution.

Run with pytest. The module starts two emulators on free ports (one open, one with
--auth emu-key:emu-secret --token-ttl 2 to exercise token issue and refresh) from
CONDUCTOR_EMULATOR_BIN, else $CONDUCTOR_MCP_BIN_DIR/conductor-emulator, else
.build/debug/conductor-emulator, and stops them at the end.
"""

import os
import pathlib
import re
import subprocess
import time
import uuid

import pytest

from conductor.client.automator.task_handler import TaskHandler
from conductor.client.configuration.configuration import Configuration
from conductor.client.configuration.settings.authentication_settings import AuthenticationSettings
from conductor.client.http.models import StartWorkflowRequest, TaskDef, WorkflowDef, WorkflowTask
from conductor.client.http.rest import ApiException
from conductor.client.orkes_clients import OrkesClients
from conductor.client.worker.worker import Worker

ROOT = pathlib.Path(__file__).resolve().parents[3]
RUN = uuid.uuid4().hex[:8]
GREET = f"emu_greet_{RUN}"
SHOUT = f"emu_shout_{RUN}"
WORKFLOW = f"emu_interop_{RUN}"


def emulator_binary():
    if os.environ.get("CONDUCTOR_EMULATOR_BIN"):
        return pathlib.Path(os.environ["CONDUCTOR_EMULATOR_BIN"])
    bin_dir = pathlib.Path(os.environ.get("CONDUCTOR_MCP_BIN_DIR", ROOT / ".build" / "debug"))
    return bin_dir / "conductor-emulator"


def start_emulator(name, *flags):
    """Starts the emulator on a free port; answers (process, base URL) from its 'listening on' line."""
    binary = emulator_binary()
    assert binary.exists(), f"build first: {binary} is missing"
    (ROOT / ".build").mkdir(exist_ok=True)
    log = open(ROOT / ".build" / f"emulator-interop-{name}.log", "w")
    process = subprocess.Popen(
        [str(binary), "--host", "127.0.0.1", "--port", "0",
         "--log-level", os.environ.get("EMULATOR_LOG_LEVEL", "info"), *flags],
        stdout=subprocess.PIPE, stderr=log, text=True)
    line = process.stdout.readline()
    match = re.fullmatch(r"listening on 127\.0\.0\.1:(\d+)\n", line)
    assert match, f"emulator did not report its port, said {line!r}"
    return process, f"http://127.0.0.1:{match.group(1)}"


def stop_emulator(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def emulator_url():
    process, url = start_emulator("open")
    yield url
    stop_emulator(process)
    assert process.returncode == 0, f"emulator exited with {process.returncode} on SIGTERM"


@pytest.fixture(scope="module")
def emulator_auth_url():
    process, url = start_emulator("auth", "--auth", "emu-key:emu-secret", "--token-ttl", "2")
    yield url
    stop_emulator(process)


def greet(task):
    """First worker: builds a greeting from the workflow input."""
    return {"greeting": f"Hello {task.input_data['name']}"}


def shout(task):
    """Second worker: upper-cases the first task's output."""
    return {"shout": task.input_data["text"].upper() + "!"}


def explode(task):
    """A worker that fails: the SDK reports FAILED with the exception as the reason."""
    raise RuntimeError(f"cannot handle {task.input_data['name']}")


def configuration(base_url, auth=None):
    return Configuration(server_api_url=base_url + "/api", debug=False, authentication_settings=auth)


def wait_for_status(workflow_client, workflow_id, wanted, timeout=30.0):
    deadline = time.time() + timeout
    workflow = None
    while time.time() < deadline:
        workflow = workflow_client.get_workflow(workflow_id, include_tasks=True)
        if workflow.status == wanted:
            return workflow
        time.sleep(0.2)
    raise AssertionError(f"workflow {workflow_id} is {workflow.status if workflow else None}, wanted {wanted}")


def register_definitions(metadata):
    """Registers both task definitions and the two-task workflow through the SDK's metadata client."""
    for name in (GREET, SHOUT):
        metadata.register_task_def(
            TaskDef(name=name, retry_count=0, timeout_seconds=60, response_timeout_seconds=30))
    assert metadata.get_task_def(GREET).name == GREET

    definition = WorkflowDef(
        name=WORKFLOW, version=1, timeout_seconds=60,
        tasks=[
            WorkflowTask(name=GREET, task_reference_name="greet", type="SIMPLE",
                         input_parameters={"name": "${workflow.input.name}"}),
            WorkflowTask(name=SHOUT, task_reference_name="shout", type="SIMPLE",
                         input_parameters={"text": "${greet.output.greeting}"}),
        ],
        output_parameters={"result": "${shout.output.shout}", "greeting": "${greet.output.greeting}"},
    )
    metadata.register_workflow_def(definition, overwrite=True)
    assert metadata.get_workflow_def(WORKFLOW).tasks[1].task_reference_name == "shout"


def test_two_task_workflow_completes_with_sdk_workers(emulator_url):
    config = configuration(emulator_url)
    clients = OrkesClients(configuration=config)
    metadata = clients.get_metadata_client()
    workflows = clients.get_workflow_client()

    register_definitions(metadata)

    workflow_id = workflows.start_workflow(
        StartWorkflowRequest(name=WORKFLOW, version=1, input={"name": "emulator"}, correlation_id=RUN))
    assert len(workflow_id) == 36, workflow_id

    handler = TaskHandler(
        workers=[
            Worker(task_definition_name=GREET, execute_function=greet, poll_interval=50),
            Worker(task_definition_name=SHOUT, execute_function=shout, poll_interval=50),
        ],
        configuration=config, scan_for_annotated_workers=False, monitor_processes=False)
    handler.start_processes()
    try:
        workflow = wait_for_status(workflows, workflow_id, "COMPLETED")
    finally:
        handler.stop_processes()

    assert workflow.output == {"result": "HELLO EMULATOR!", "greeting": "Hello emulator"}, workflow.output
    assert [t.reference_task_name for t in workflow.tasks] == ["greet", "shout"]
    assert all(t.status == "COMPLETED" for t in workflow.tasks)
    assert all(t.poll_count == 1 and t.worker_id for t in workflow.tasks), [
        (t.poll_count, t.worker_id) for t in workflow.tasks]
    assert workflow.tasks[1].input_data == {"text": "Hello emulator"}
    assert workflow.correlation_id == RUN


def test_failing_worker_fails_the_workflow_with_its_reason(emulator_url):
    config = configuration(emulator_url)
    clients = OrkesClients(configuration=config)
    metadata = clients.get_metadata_client()
    failing = f"emu_explode_{RUN}"
    metadata.register_task_def(TaskDef(name=failing, retry_count=0, timeout_seconds=60, response_timeout_seconds=30))
    metadata.register_workflow_def(WorkflowDef(
        name=failing, version=1, timeout_seconds=60,
        tasks=[WorkflowTask(name=failing, task_reference_name="boom", type="SIMPLE",
                            input_parameters={"name": "${workflow.input.name}"})]), overwrite=True)
    workflows = clients.get_workflow_client()
    workflow_id = workflows.start_workflow(StartWorkflowRequest(name=failing, input={"name": "bad input"}))
    handler = TaskHandler(
        workers=[Worker(task_definition_name=failing, execute_function=explode, poll_interval=50)],
        configuration=config, scan_for_annotated_workers=False, monitor_processes=False)
    handler.start_processes()
    try:
        workflow = wait_for_status(workflows, workflow_id, "FAILED")
    finally:
        handler.stop_processes()
    task = workflow.tasks[0]
    assert task.status == "FAILED", task.status
    assert "cannot handle bad input" in task.reason_for_incompletion, task.reason_for_incompletion
    assert workflow.reason_for_incompletion == (
        f"Task {task.task_id} failed with status: FAILED and reason: '{task.reason_for_incompletion}'")
    assert workflow.failed_reference_task_names == ["boom"] or workflow.failed_reference_task_names == {"boom"}


def test_unknown_workflow_is_a_404_api_exception(emulator_url):
    clients = OrkesClients(configuration=configuration(emulator_url))
    try:
        clients.get_workflow_client().get_workflow("no-such-id", include_tasks=False)
    except ApiException as error:
        assert error.status == 404, error.status
        assert "No such workflow found by id: no-such-id" in str(error.body), error.body
        return
    raise AssertionError("expected ApiException 404")


def test_task_update_by_reference_name_and_search(emulator_url):
    config = configuration(emulator_url)
    clients = OrkesClients(configuration=config)
    register_definitions(clients.get_metadata_client())
    workflows = clients.get_workflow_client()
    workflow_id = workflows.start_workflow(
        StartWorkflowRequest(name=WORKFLOW, version=1, input={"name": "ref"}))
    # The generated OSS endpoint (POST /api/tasks/{workflowId}/{taskRefName}/{status}); the
    # high-level update_task_by_ref_name wraps the output in {"result": ...}, an Orkes convention.
    tasks_api = clients.get_task_client().taskResourceApi
    assert tasks_api.update_task1({"greeting": "hi"}, workflow_id, "greet", "COMPLETED")
    assert tasks_api.update_task1({"shout": "HI"}, workflow_id, "shout", "COMPLETED")
    workflow = workflows.get_workflow(workflow_id, include_tasks=True)
    assert workflow.status == "COMPLETED", workflow.status
    assert workflow.output["result"] == "HI", workflow.output
    found = workflows.search(query=f"workflowType='{WORKFLOW}' AND status='COMPLETED'")
    # The SDK models Orkes' scrollable result (results, queryId); the OSS totalHits is ignored.
    assert workflow_id in [r.workflow_id for r in found.results], found.results
    assert all(r.status == "COMPLETED" and r.workflow_type == WORKFLOW for r in found.results)


def test_token_auth_issues_and_refreshes_tokens(emulator_auth_url):
    base_url = emulator_auth_url
    auth = AuthenticationSettings(key_id="emu-key", key_secret="emu-secret")
    config = configuration(base_url, auth)
    clients = OrkesClients(configuration=config)
    metadata = clients.get_metadata_client()
    metadata.register_task_def(TaskDef(name=GREET, retry_count=0, timeout_seconds=60, response_timeout_seconds=30))
    first_token = config.AUTH_TOKEN
    assert first_token and first_token.startswith("emu-"), first_token
    # The emulator runs with --token-ttl 2: after it the old token is refused with
    # EXPIRED_TOKEN, and the SDK must renew it and retry transparently.
    time.sleep(2.5)
    assert metadata.get_task_def(GREET).name == GREET
    assert config.AUTH_TOKEN != first_token, "the SDK did not renew the expired token"

    bad = OrkesClients(configuration=configuration(
        base_url, AuthenticationSettings(key_id="emu-key", key_secret="wrong")))
    try:
        bad.get_metadata_client().get_task_def(GREET)
    except ApiException as error:
        assert error.status == 401, error.status
        return
    raise AssertionError("expected 401 with wrong credentials")
