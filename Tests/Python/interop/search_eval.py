"""Measures search quality through the real server: recall@1 and recall@5 on an evaluation set.

Usage: python Tests/Python/interop/search_eval.py [EVAL.jsonl] [--min-r1 0.90 --min-r5 0.98] [--by-source]
Each line of the set is {"spec": "oss"|"orkes"|"netflix", "q": query, "expect": [endpoint keys], "source": ...}.
The server binary is started once per spec and driven with the official MCP client; the rankings it returns are
scored by `conductor-mcp-bench score`, the one evaluator of every search bar (`SearchEvaluation` in the core, which
the Swift tests and the benchmark's fit use too). Exit status 1 when a bar is missed or when a query comes back with
no result at all. The held-out sets (search-held-dev.jsonl, the part tuned on; search-held-test.jsonl, only ever
measured) come from scripts/make-search-eval.py.
"""
import argparse
import asyncio
import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from conftest import BIN, ROOT, SPECS, mcp_session  # noqa: E402


async def rank(rows):
    """Each row with the keys search returned for it, best first, through the real server."""
    by_spec = {}
    for row in rows:
        by_spec.setdefault(row["spec"], []).append(row)
    ranked = []
    for spec, spec_rows in by_spec.items():
        async with mcp_session("--spec", str(SPECS[spec])) as session:
            for row in spec_rows:
                result = await session.call_tool("search", {"query": row["q"], "limit": 5})
                keys = [hit["endpoint"] for hit in result.structured_content["results"]]
                ranked.append({**row, "keys": keys})
    return ranked


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("eval", nargs="?", default=str(ROOT / "Fixtures" / "eval" / "search-dev.jsonl"))
    parser.add_argument("--min-r1", type=float, default=0.0)
    parser.add_argument("--min-r5", type=float, default=0.0)
    parser.add_argument("--by-source", action="store_true", help="recall per source (SDK, conductor-mcp, docs)")
    parser.add_argument("--held-out", action="store_true", help="a set only ever measured: figures, no misses shown")
    args = parser.parse_args()
    rows = [json.loads(line) for line in pathlib.Path(args.eval).read_text().splitlines() if line.strip()]
    ranked = asyncio.run(rank(rows))
    scorer = [str(BIN / "conductor-mcp-bench"), "score", "--name", pathlib.Path(args.eval).name,
              "--min-r1", str(args.min_r1), "--min-r5", str(args.min_r5)] + (["--by-source"] if args.by_source else []) + (["--held-out"] if args.held_out else [])
    lines = "".join(json.dumps(row) + "\n" for row in ranked)
    sys.exit(subprocess.run(scorer, input=lines, text=True, timeout=60).returncode)


if __name__ == "__main__":
    main()
