"""Builds a development set of search queries from the Orkes documentation (github.com/orkes-io/docs).

In the style of the `docs` part of scripts/make-search-eval.py: every place in the docs that names an endpoint with an
`Endpoint: METHOD /api/path` line (the API reference pages under docs/reference-docs/api/, and the "Using API" tabs of
docs/developer-guides/sending-signals-to-workflows.mdx) gives up to two queries for that endpoint:
  - (heading)  the nearest heading above the endpoint line (the page title on reference pages, the section title on
               guide pages);
  - (sentence) the first sentence of the first prose paragraph under that heading (skipping the endpoint line itself,
               admonitions, JSX, code, tables and lists).
Fenced `METHOD /api/...` blocks in tutorials and guides are not used: the headings above them name the surrounding
topic ("Examples", "Configuring a schedule"), not the operation. The docs have no endpoint tables.

A row goes to the Orkes document when it has the endpoint, else to the OSS document; placeholder names are ignored
when matching (/a/{x} == /a/{name}) and a missing /api prefix is added. Rows are dropped when the query is 1 or more than
25 words, generic, equal to the summary of its expected endpoint, mapped to different endpoints by different places
(ambiguous), or already present in any other evaluation file, exactly (case, whitespace and trailing punctuation
ignored) or nearly (same content words in any order, articles/prepositions and a plural -s ignored, whatever endpoint
the other file expects): search-held-test.jsonl must never leak into tuning; search-held-dev, search-dev and
search-sdk-dev are already in use. This is a tuning (dev) set only.

Standard library only (python3.11); the output depends only on the docs checkout and the bundled specs.

Usage (what produced Fixtures/eval/search-docs-dev.jsonl, orkes-io/docs at e6c47c7e39bc82c96825c3135983b65fd051ddea):
  git clone https://github.com/orkes-io/docs orkes-docs && git -C orkes-docs checkout e6c47c7e39bc82c96825c3135983b65fd051ddea
  python3.11 scripts/make-search-eval-orkes-docs.py orkes-docs [--out Fixtures/eval/search-docs-dev.jsonl]
(Only the docs/ folder of the checkout is read; `git checkout <commit> -- docs` is enough.)
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

from search_eval_common import METHODS, ROOT, load_document, matching_keys, prefer_literal

# The documents a row may go to, in order of preference.
DOCUMENTS = ["orkes", "oss"]
PREFERENCE = ["orkes", "oss"]
USED_FILES = ["search-held-test.jsonl", "search-held-dev.jsonl", "search-dev.jsonl", "search-sdk-dev.jsonl"]
GENERIC = {
    "request", "response", "example", "examples", "parameters", "path parameters", "query parameters",
    "request body", "response body", "overview", "introduction", "usage", "using api", "using the api",
}
ENDPOINT_LINE = re.compile(r"^\s*\**Endpoint\**\s*:?\s*\**\s*:?\s*`\s*(GET|POST|PUT|PATCH|DELETE)\s+([^`\s]+)\s*`")


# ---------------------------------------------------------------- specs


def load_specs():
    specs = {}
    for name in DOCUMENTS:
        document = load_document(name)
        operations = {}
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if method.upper() in METHODS:
                    operations[(method.upper(), path)] = (operation or {}).get("summary") or ""
        specs[name] = operations
    return specs


def resolve(operations, method, path):
    """The endpoint keys that `method path` reaches, placeholder names ignored; a literal segment beats a placeholder."""
    return sorted(prefer_literal(matching_keys(operations, method, path), path))


def place(specs, method, path):
    path = path.split("?")[0].rstrip("/")
    # A misplaced brace in the docs: "/api/prompts/{name/versions}" means "/api/prompts/{name}/versions".
    path = re.sub(r"\{(\w+)/([\w/]+)\}", r"{\1}/\2", path)
    if not path.startswith("/api/"):
        path = "/api" + ("" if path.startswith("/") else "/") + path
    for spec in PREFERENCE:
        keys = resolve(specs[spec], method, path)
        if keys:
            return spec, keys
    return None, []


# ---------------------------------------------------------------- text


def clean(text):
    """Markdown / JSX / links stripped, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{#[^}]*\}", " ", text)  # heading anchors
    text = re.sub(r"[`*_]{1,3}(?=\S)|(?<=\S)[`*_]{1,3}", "", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def first_sentence(text):
    text = clean(text)
    sentence = re.split(r"(?<=[A-Za-z0-9)\]'\"])[.:](\s|$)", text, maxsplit=1)[0]
    return sentence.strip(" .")


def normalised(query):
    return " ".join(query.lower().split()).rstrip(".!?:;, ")


STOPWORDS = {"a", "an", "the", "of", "for", "by", "from", "to", "in", "with", "using", "its", "their", "your"}


def loose(query):
    """A looser key for leak checks: content words, crude plural/verb -s stripped, order ignored
    ("Searches for workflow executions ..." == "search for workflow executions ...", "Test Prompts" == "test prompt")."""
    words = []
    for word in re.findall(r"[a-z0-9]+", query.lower()):
        if word in STOPWORDS:
            continue
        if re.search(r"(ch|sh|ss|x)es$", word):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return tuple(sorted(words))


def usable(query):
    words = query.split()
    if not 2 <= len(words) <= 25:
        return False
    if normalised(query) in GENERIC:
        return False
    # Just a path or a method (with or without a path) says nothing in words.
    rest = [w for w in words if w.upper() not in METHODS and not w.startswith("/")]
    return len(rest) >= 2


# ---------------------------------------------------------------- docs


def is_prose(line):
    s = line.strip()
    if not s or s.startswith(("#", "|", "-", "*", "+", ">", "<", "{", ":::", "import ", "export ", "!", "```")):
        return False
    if re.match(r"^\d+\.\s", s) or ENDPOINT_LINE.match(s) or s.lower().startswith("endpoint"):
        return False
    return bool(re.match(r"^[A-Za-z\[`\"']", s))


def page_rows(text, source, specs):
    lines = text.splitlines()
    # Skip front matter.
    start = 0
    if lines and lines[0].strip() == "---":
        for number in range(1, len(lines)):
            if lines[number].strip() == "---":
                start = number + 1
                break
    fenced = False
    heading, heading_line = None, None
    rows = []
    for number in range(start, len(lines)):
        line = lines[number]
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if re.match(r"^#{1,6}\s", line):
            heading, heading_line = line.lstrip("#").strip(), number
            continue
        match = ENDPOINT_LINE.match(line)
        if not match or heading is None:
            continue
        method, path = match.group(1), match.group(2)
        spec, keys = place(specs, method, path)
        if not keys:
            print(f"unresolved: {source} {method} {path}", file=sys.stderr)
            continue
        queries = [(clean(heading), "heading")]
        # First prose paragraph under the heading.
        inner_fence = False
        admonition = False
        for after in range(heading_line + 1, len(lines)):
            s = lines[after].strip()
            if re.match(r"^#{1,6}\s", lines[after]):
                break
            if s.startswith("```"):
                inner_fence = not inner_fence
                continue
            if s.startswith(":::"):
                admonition = s != ":::"  # ":::info ..." opens, ":::" closes
                continue
            if inner_fence or admonition:
                continue
            if is_prose(lines[after]):
                queries.append((first_sentence(lines[after]), "sentence"))
                break
        for query, kind in queries:
            if usable(query):
                rows.append({"spec": spec, "q": query, "expect": keys, "source": f"{source} ({kind})"})
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("checkout", help="a checkout of orkes-io/docs (only its docs/ folder is read)")
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval" / "search-docs-dev.jsonl"))
    args = parser.parse_args()
    checkout = pathlib.Path(args.checkout)
    commit = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    specs = load_specs()
    rows = []
    files = sorted(p for p in (checkout / "docs").rglob("*") if p.suffix in (".md", ".mdx") and p.is_file())
    for file in files:
        relative = file.relative_to(checkout).as_posix()
        rows += page_rows(file.read_text(encoding="utf-8"), f"orkes-io/docs@{commit[:10]} {relative}", specs)
    found = len(rows)

    # Trivial: the query is the summary of its expected endpoint.
    def trivial(row):
        summaries = {normalised(specs[row["spec"]][(k.split(" ", 1)[0], k.split(" ", 1)[1])]) for k in row["expect"]}
        return normalised(row["q"]) in summaries

    rows = [r for r in rows if not trivial(r)]
    after_trivial = len(rows)
    # Ambiguous: one query, different endpoints on different pages.
    targets = {}
    for row in rows:
        targets.setdefault((row["spec"], normalised(row["q"])), set()).add(tuple(row["expect"]))
    ambiguous = {key for key, value in targets.items() if len(value) > 1}
    # Already used elsewhere (the held test set above all).
    # Exact (normalised) copies are dropped, and so are near copies (same content words up to a plural -s).
    used = set()
    used_loose = set()
    for name in USED_FILES:
        path = ROOT / "Fixtures" / "eval" / name
        for line in path.read_text().splitlines():
            if line.strip():
                query = json.loads(line)["q"]
                used.add(normalised(query))
                used_loose.add(loose(query))
    seen = set()
    kept = []
    dropped = {"ambiguous": 0, "used": 0, "near-used": 0, "duplicate": 0}
    for row in rows:
        key = (row["spec"], normalised(row["q"]))
        if key in ambiguous:
            dropped["ambiguous"] += 1
        elif key[1] in used:
            dropped["used"] += 1
        elif loose(row["q"]) in used_loose:
            dropped["near-used"] += 1
        elif key in seen:
            dropped["duplicate"] += 1
        else:
            seen.add(key)
            kept.append(row)
    with open(args.out, "w") as handle:
        for row in kept:
            handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    by_spec = {}
    for row in kept:
        by_spec[row["spec"]] = by_spec.get(row["spec"], 0) + 1
    print(
        f"{len(kept)} queries {by_spec} from {found} candidates; {found - after_trivial} trivial, {dropped}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
