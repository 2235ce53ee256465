"""Measures search quality through the real server: recall@1 and recall@5 on an evaluation set.

Usage: python Tests/Python/interop/search_eval.py [EVAL.jsonl] [--min-r1 0.90 --min-r5 0.98] [--by-source]
Each line of the set is {"spec": "oss"|"orkes"|"netflix", "q": query, "expect": [endpoint keys], "source": ...}.
The server binary is started once per spec and driven with the official MCP client; exit status 1 when a bar is
missed or when a query comes back with no result at all. The held-out sets (search-held-dev.jsonl, the part tuned on;
search-held-test.jsonl, only ever measured) come from scripts/make-search-eval.py.
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
    empty = []
    sources = {}
    for spec, spec_rows in by_spec.items():
        async with mcp_session("--spec", str(SPECS[spec])) as session:
            for row in spec_rows:
                result = await session.call_tool("search", {"query": row["q"], "limit": 5})
                keys = [hit["endpoint"] for hit in result.structured_content["results"]]
                if not keys:
                    empty.append((spec, row["q"]))
                first = bool(keys) and keys[0] in row["expect"]
                five = any(key in row["expect"] for key in keys)
                hits1 += first
                hits5 += five
                if not first:
                    misses.append((spec, row["q"], keys[:3], row["expect"][0]))
                kind = row.get("source", "unrecorded").split(" ")[0]
                counts = sources.setdefault(kind, [0, 0, 0])
                counts[0] += 1
                counts[1] += first
                counts[2] += five
    return hits1, hits5, misses, empty, sources


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("eval", nargs="?", default=str(ROOT / "Fixtures" / "eval" / "search-dev.jsonl"))
    parser.add_argument("--min-r1", type=float, default=0.0)
    parser.add_argument("--min-r5", type=float, default=0.0)
    parser.add_argument("--by-source", action="store_true", help="recall per source (SDK, conductor-mcp, docs)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in pathlib.Path(args.eval).read_text().splitlines() if line.strip()]
    hits1, hits5, misses, empty, sources = asyncio.run(evaluate(rows))
    for spec, query, got, want in misses:
        print(f"miss@1 [{spec}] {query!r}: got {got}, want {want}")
    for spec, query in empty:
        print(f"EMPTY [{spec}] {query!r}: no result at all")
    if args.by_source:
        for kind, (total, first, five) in sorted(sources.items()):
            print(f"  {kind}: {total} queries, recall@1 {first / total:.3f}, recall@5 {five / total:.3f}")
    r1, r5 = hits1 / len(rows), hits5 / len(rows)
    print(f"search eval {pathlib.Path(args.eval).name}: {len(rows)} queries, recall@1 {r1:.3f}, recall@5 {r5:.3f}")
    sys.exit(0 if r1 >= args.min_r1 and r5 >= args.min_r5 and not empty else 1)


if __name__ == "__main__":
    main()
