"""Workflow-first prompts and document resources through the official MCP client, on each bundled document."""
import pytest
from mcp.shared.exceptions import MCPError

from conftest import SPECS, mcp_session

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("spec", ["oss", "orkes", "netflix"])
async def test_prompts_name_endpoints_found_in_the_loaded_document(spec):
    async with mcp_session("--spec", str(SPECS[spec])) as session:
        prompts = {prompt.name: prompt for prompt in (await session.list_prompts()).prompts}
        assert {"explore-server", "diagnose-failed-execution", "define-and-run-workflow"} <= set(prompts), prompts
        plan = await session.get_prompt("diagnose-failed-execution", {"workflowId": "wf-123"})
        text = plan.messages[0].content.text
        assert "wf-123" in text and "GET /api/workflow/{workflowId}" in text, text
        defined = (await session.get_prompt("define-and-run-workflow", {"name": "greet"})).messages[0].content.text
        assert "POST /api/metadata/taskdefs" in defined and "greet" in defined, defined
        with pytest.raises(MCPError, match="needs the argument"):
            await session.get_prompt("diagnose-failed-execution", {})
        with pytest.raises(MCPError, match="unknown prompt"):
            await session.get_prompt("nope", {})


async def test_resources_list_and_read_the_document_overview_and_tags():
    async with mcp_session() as session:
        resources = {str(resource.uri): resource for resource in (await session.list_resources()).resources}
        assert "conductor://overview" in resources
        overview = (await session.read_resource("conductor://overview")).contents[0].text
        assert "80 endpoints" in overview and "workflow-resource: 24" in overview, overview
        tag = (await session.read_resource("conductor://tags/workflow-resource")).contents[0].text
        assert "PUT /api/workflow/{workflowId}/pause" in tag, tag
        assert len(tag.splitlines()) == 24
        with pytest.raises(MCPError, match="unknown resource"):
            await session.read_resource("conductor://nope")
