"""Measures search quality through the real server: recall@1 and recall@5 on an evaluation set.

Usage: python Tests/Python/interop/search_eval.py [EVAL.jsonl] [--min-r1 0.90 --min-r5 0.98]
Each line of the set is {"spec": "oss"|"orkes"|"netflix", "q": query, "expect": [endpoint keys]}. The server binary
is started once per spec and driven with the official MCP client; exit status 1 when a bar is missed.
"""
import argparse
import asyncio
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from conftest import ROOT, SPECS, mcp_session  # noqa: E402


async def evaluate(rows):
    by_spec = {}
    for row in rows:
        by_spec.setdefault(row["spec"], []).append(row)
    hits1 = hits5 = 0
    misses = []
    for spec, spec_rows in by_spec.items():
        async with mcp_session("--spec", str(SPECS[spec])) as session:
            for row in spec_rows:
                result = await session.call_tool("search", {"query": row["q"], "limit": 5})
                keys = [hit["endpoint"] for hit in result.structured_content["results"]]
                if keys and keys[0] in row["expect"]:
                    hits1 += 1
                else:
                    misses.append((spec, row["q"], keys[:3], row["expect"][0]))
                if any(key in row["expect"] for key in keys):
                    hits5 += 1
    return hits1, hits5, misses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("eval", nargs="?", default=str(ROOT / "Fixtures" / "eval" / "search-dev.jsonl"))
    parser.add_argument("--min-r1", type=float, default=0.0)
    parser.add_argument("--min-r5", type=float, default=0.0)
    args = parser.parse_args()
    rows = [json.loads(line) for line in pathlib.Path(args.eval).read_text().splitlines() if line.strip()]
    hits1, hits5, misses = asyncio.run(evaluate(rows))
    for spec, query, got, want in misses:
        print(f"miss@1 [{spec}] {query!r}: got {got}, want {want}")
    r1, r5 = hits1 / len(rows), hits5 / len(rows)
    print(f"search eval {pathlib.Path(args.eval).name}: {len(rows)} queries, recall@1 {r1:.3f}, recall@5 {r5:.3f}")
    sys.exit(0 if r1 >= args.min_r1 and r5 >= args.min_r5 else 1)


if __name__ == "__main__":
    main()
