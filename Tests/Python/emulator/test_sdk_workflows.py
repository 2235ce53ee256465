"""The Conductor Python SDK's workflow builder against conductor-emulator: ConductorWorkflow with ForkTask,
DoWhileTask, HttpTask, SubWorkflowTask and SwitchTask registers and runs one workflow of each kind, and the outputs
read back are the ones Conductor produces (HTTP `response.body`, JOIN outputs by reference name, `__N` loop task
names, the sub-workflow's output on its task). HTTP tasks call a stub on loopback started by the test."""
import pathlib
import sys
import uuid

import pytest

from conductor.client.http.models import StartWorkflowRequest
from conductor.client.orkes_clients import OrkesClients
from conductor.client.workflow.conductor_workflow import ConductorWorkflow
from conductor.client.workflow.executor.workflow_executor import WorkflowExecutor
from conductor.client.workflow.task.do_while_task import LoopTask
from conductor.client.workflow.task.fork_task import ForkTask
from conductor.client.workflow.task.http_task import HttpInput, HttpMethod, HttpTask
from conductor.client.workflow.task.set_variable_task import SetVariableTask
from conductor.client.workflow.task.sub_workflow_task import SubWorkflowTask
from conductor.client.workflow.task.switch_task import SwitchTask

from test_conductor_python import configuration, start_emulator, stop_emulator, wait_for_status

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "interop"))
from http_stub import HTTPStub  # noqa: E402

RUN = uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def env():
    process, url = start_emulator("sdk-workflows")
    stub = HTTPStub()
    config = configuration(url)
    yield config, OrkesClients(configuration=config).get_workflow_client(), stub
    stub.stop()
    stop_emulator(process)


def run(config, workflows, builder, workflow_input=None):
    builder.register(overwrite=True)
    workflow_id = workflows.start_workflow(StartWorkflowRequest(name=builder.name, version=1, input=workflow_input or {}))
    return wait_for_status(workflows, workflow_id, "COMPLETED", timeout=10)


def weather(stub, ref, city):
    return HttpTask(ref, HttpInput(uri=f"{stub.url}/weather?city={city}", method=HttpMethod.GET,
                                   headers={"X-Trace": ["sdk"]}))


def test_http_task(env):
    config, workflows, stub = env
    flow = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_http_{RUN}", version=1)
    flow >> weather(stub, "dubai", "Dubai")
    flow.output_parameters({"temp": "${dubai.output.response.body.temp}"})
    done = run(config, workflows, flow)
    assert done.output == {"temp": 44}
    response = done.tasks[0].output_data["response"]
    assert response["statusCode"] == 200 and response["body"]["city"] == "Dubai"
    assert stub.calls("/weather")[-1]["query"] == {"city": "Dubai"}


def test_fork_task(env):
    config, workflows, stub = env
    flow = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_fork_{RUN}", version=1)
    flow >> ForkTask("fan", [[weather(stub, "paris", "Paris")], [weather(stub, "oslo", "Oslo")]])
    note = SetVariableTask("note")
    note.input_parameters.update({"seen": True})
    flow >> note
    flow.output_parameters({"paris": "${join_fan.output.paris.response.body.temp}",
                            "oslo": "${join_fan.output.oslo.response.body.temp}"})
    done = run(config, workflows, flow)
    assert [t.task_type for t in done.tasks][:4] == ["FORK", "HTTP", "HTTP", "JOIN"]
    assert done.output == {"paris": 18, "oslo": 3}


def test_do_while_task(env):
    config, workflows, stub = env
    flow = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_loop_{RUN}", version=1)
    flow >> LoopTask("loop", 3, [HttpTask("probe", {"uri": f"{stub.url}/confidence", "method": "GET"})])
    flow.output_parameters({"iterations": "${loop.output.iteration}"})
    done = run(config, workflows, flow)
    assert done.output == {"iterations": 3}
    assert [t.reference_task_name for t in done.tasks] == ["loop", "probe__1", "probe__2", "probe__3"]


def test_switch_task(env):
    config, workflows, stub = env
    flow = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_switch_{RUN}", version=1)
    flow >> weather(stub, "now", "Dubai")
    hot = SwitchTask("is_hot", "$.temp > 40 ? 'hot' : 'mild'", use_javascript=True)
    hot.input_parameters.update({"temp": "${now.output.response.body.temp}"})
    hot.switch_case("hot", [HttpTask("alert", {"uri": f"{stub.url}/notify", "method": "POST",
                                               "body": {"temp": "${now.output.response.body.temp}"}})])
    hot.default_case([SetVariableTask("calm")])
    flow >> hot
    done = run(config, workflows, flow)
    assert [t.reference_task_name for t in done.tasks] == ["now", "is_hot", "alert"]
    assert done.tasks[1].output_data == {"evaluationResult": ["hot"]}
    assert stub.calls("/notify")[-1]["body"] == {"temp": 44}


def test_sub_workflow_task(env):
    config, workflows, stub = env
    child = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_child_{RUN}", version=1)
    child >> HttpTask("risk", {"uri": f"{stub.url}/risk?city=${{workflow.input.city}}", "method": "GET"})
    child.output_parameters({"risk": "${risk.output.response.body.risk}"})
    child.register(overwrite=True)
    parent = ConductorWorkflow(executor=WorkflowExecutor(config), name=f"sdk_parent_{RUN}", version=1)
    sub = SubWorkflowTask("assess", child.name, version=1)
    sub.input_parameters.update({"city": "${workflow.input.city}"})
    parent >> sub
    parent.output_parameters({"risk": "${assess.output.risk}"})
    done = run(config, workflows, parent, {"city": "Rome"})
    assert done.output == {"risk": 0.7}
    child_run = workflows.get_workflow(done.tasks[0].sub_workflow_id, include_tasks=True)
    assert child_run.parent_workflow_id == done.workflow_id
