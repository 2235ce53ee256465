"""Counts what the agent reads: every tool call's text, for the scenario's figures."""
import pathlib

from conftest import ROOT, text_of


class ToolLog:
    def __init__(self):
        self.calls = 0
        self.chars = 0
        self.lines = []

    async def call(self, session, tool, arguments):
        result = await session.call_tool(tool, arguments)
        text = text_of(result)
        self.calls += 1
        self.chars += len(text)
        self.lines.append(f"### {tool} {arguments}\n{text}\n")
        return result

    def write(self, name):
        out = ROOT / ".build" / f"{name}-transcript.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text("\n".join(self.lines) + f"\n{self.calls} calls, {self.chars} characters\n")
