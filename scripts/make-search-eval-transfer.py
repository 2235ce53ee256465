"""Builds a transfer check: the development sets' queries asked of the other bundled documents.

A development row was written for one document (most for Orkes). When another bundled document has the expected
endpoint under the same method and path, the same query is asked of that document too: the phrasing was tuned on,
the document's summaries, descriptions, operationIds and neighbouring endpoints were not. A ranking that learnt
one document's wording rather than how people ask loses here.

Sources: search-held-dev, search-sdk-dev, search-docs-dev, search-olddocs-dev, search-pydocs-dev (never the held-out
test part). Each row goes to every other document (oss, orkes, netflix) that has all of its expected endpoints; a
query already asked of that document by some development file is not repeated. Standard library only; the output
depends only on those files and the bundled specs.

Usage (what produced Fixtures/eval/search-transfer-dev.jsonl):
  python3 scripts/make-search-eval-transfer.py [--out Fixtures/eval/search-transfer-dev.jsonl]
"""
import argparse
import json

from search_eval_common import ROOT, load_specs

SOURCES = [
    "search-held-dev.jsonl",
    "search-sdk-dev.jsonl",
    "search-docs-dev.jsonl",
    "search-olddocs-dev.jsonl",
    "search-pydocs-dev.jsonl",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval" / "search-transfer-dev.jsonl"))
    arguments = parser.parse_args()
    keys = {name: {f"{method} {path}" for method, path in pairs} for name, pairs in load_specs().items()}
    rows = []
    for name in SOURCES:
        for line in (ROOT / "Fixtures" / "eval" / name).read_text().splitlines():
            if line.strip():
                rows.append((name, json.loads(line)))
    asked = {(row["spec"], row["q"].lower()) for _, row in rows}
    out = []
    counts = {}
    for name, row in rows:
        for spec in sorted(keys):
            if spec == row["spec"] or (spec, row["q"].lower()) in asked:
                continue
            if all(expected in keys[spec] for expected in row["expect"]):
                asked.add((spec, row["q"].lower()))
                out.append(
                    {
                        "spec": spec,
                        "q": row["q"],
                        "expect": row["expect"],
                        "source": f"{name} ({row['spec']} → {spec})",
                    }
                )
                counts[(name, spec)] = counts.get((name, spec), 0) + 1
    with open(arguments.out, "w") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    for (name, spec), count in sorted(counts.items()):
        print(f"{name} → {spec}: {count}")
    print(f"{len(out)} rows → {arguments.out}")


if __name__ == "__main__":
    main()
