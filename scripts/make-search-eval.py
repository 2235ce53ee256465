"""Builds the held-out search evaluation from text this project did not write.

Three sources, each query recorded with where it came from:
  - conductor-python (the Conductor Python SDK): the method names and docstrings of the high-level Orkes*Client
    classes, each mapped to the endpoint it calls (client method -> resource-API method -> `call_api(path, method)`);
  - conductor-mcp (Orkes' hand-written MCP server, PyPI): tool function names and the first sentence of their
    docstrings, mapped to the path and method each tool requests;
  - the Conductor documentation (conductor-oss/conductor, docs/documentation/api/*.md): endpoint-table descriptions,
    the headings above `METHOD /path` blocks and the first sentence below them.

Every query names the endpoint(s) its source calls; a row is kept only when that endpoint is in one of the three
bundled documents. Rows go to the Orkes document (SDK and conductor-mcp are Orkes clients) or to the OSS / Netflix
documents (the OSS docs), whichever has the endpoint. The split into dev and test is by a hash of spec and query, so
it is deterministic and independent of any ranking: tune on dev only, measure test.

Usage (what produced Fixtures/eval/search-held-{dev,test}.jsonl):
  pip download --no-deps --python-version 3.13 --only-binary=:all: conductor-mcp==0.1.9 conductor-python==2.0.0 -d dl
  unzip each wheel into X; a git clone (or bare mirror) of conductor-oss/conductor at DOCS_GIT
  python3 scripts/make-search-eval.py --sdk X/conductor --mcp X/conductor_mcp --docs-git DOCS_GIT [--out Fixtures/eval]
"""
import argparse
import ast
import hashlib
import json
import pathlib
import re
import subprocess
import sys

from search_eval_common import METHODS, ROOT, load_specs, matching_keys, prefer_literal

# Share of rows in the dev part; the rest is the test part.
DEV_SHARE = 0.4


def resolve(specs, spec, method, path):
    """The endpoint keys of `spec` that `method path` (placeholders or concrete values) reaches."""
    return prefer_literal(matching_keys(specs[spec], method, path), path)


def words_of_identifier(name):
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return " ".join(part for part in re.split(r"[_\W]+", name) if part).lower()


def first_sentence(text):
    text = " ".join((text or "").split())
    if not text:
        return ""
    sentence = re.split(r"(?<=[a-z0-9)\]`'\"])[.:](\s|$)", text, maxsplit=1)[0]
    sentence = re.sub(r"[`*\[\]]", "", sentence)
    sentence = re.sub(r"\(([^)]*)\)", r"\1", sentence)
    return sentence.strip(" .")


# ---------------------------------------------------------------- conductor-python


def api_routes(sdk):
    """(module class name, method name) -> (HTTP method, path) for every resource-API method of the SDK."""
    routes = {}
    for file in list((sdk / "client" / "http" / "api").glob("*.py")) + list(
        (sdk / "client" / "orkes" / "api").glob("*.py")
    ):
        tree = ast.parse(file.read_text())
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            direct = {}
            delegates = {}
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef)]:
                for call in [n for n in ast.walk(fn) if isinstance(n, ast.Call)]:
                    target = call.func
                    if isinstance(target, ast.Attribute) and target.attr == "call_api" and len(call.args) >= 2:
                        path, method = call.args[0], call.args[1]
                        if isinstance(path, ast.Constant) and isinstance(method, ast.Constant):
                            direct[fn.name] = (method.value.upper(), path.value)
                    elif (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        delegates.setdefault(fn.name, target.attr)
            for name in {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}:
                seen = name
                for _ in range(4):
                    if seen in direct:
                        routes[(cls.name, name)] = direct[seen]
                        break
                    seen = delegates.get(seen)
                    if seen is None:
                        break
    return routes


def resource_attributes(sdk):
    """OrkesBaseClient's attributes -> the resource-API class each holds (`self.workflowResourceApi = ...`)."""
    base = ast.parse((sdk / "client" / "orkes" / "orkes_base_client.py").read_text())
    attribute_class = {}
    for node in ast.walk(base):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Attribute)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
        ):
            attribute_class[node.targets[0].attr] = node.value.func.id
    return attribute_class


def resource_route(call, attribute_class, routes):
    """The (HTTP method, path) that `call`, an `ast.Call` of `self.<resource attribute>.<method>(...)`, reaches
    through `routes` (api_routes); None for any other call."""
    target = call.func
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Attribute)
        and isinstance(target.value.value, ast.Name)
        and target.value.value.id == "self"
        and target.value.attr in attribute_class
    ):
        return routes.get((attribute_class[target.value.attr], target.attr))
    return None


def sdk_rows(sdk, specs):
    routes = api_routes(sdk)
    attribute_class = resource_attributes(sdk)
    # Docstrings live on the clients or on their abstract bases.
    docstrings = {}
    for file in list((sdk / "client").glob("*_client.py")) + list((sdk / "client" / "orkes").glob("orkes_*.py")):
        for cls in [n for n in ast.parse(file.read_text()).body if isinstance(n, ast.ClassDef)]:
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef)]:
                doc = ast.get_docstring(fn)
                if doc and fn.name not in docstrings:
                    docstrings[fn.name] = doc
    rows = []
    for file in sorted((sdk / "client" / "orkes").glob("orkes_*_client.py")):
        for cls in [n for n in ast.parse(file.read_text()).body if isinstance(n, ast.ClassDef)]:
            if not cls.name.startswith("Orkes") or cls.name == "OrkesBaseClient":
                continue
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]:
                called = set()
                for call in [n for n in ast.walk(fn) if isinstance(n, ast.Call)]:
                    route = resource_route(call, attribute_class, routes)
                    if route:
                        called.add(route)
                if len(called) != 1:
                    continue  # no endpoint, or several: the method is not one operation
                method, path = called.pop()
                source = f"conductor-python 2.0.0 {cls.name}.{fn.name}"
                queries = [(words_of_identifier(fn.name), source + " (method name)")]
                doc = first_sentence(docstrings.get(fn.name, "").split("\n\n")[0].split(":param")[0])
                if doc and len(doc.split()) >= 3:
                    queries.append((doc, source + " (docstring)"))
                rows += place(specs, ["orkes", "oss", "netflix"], method, "/api" + path, queries)
    return rows


# ---------------------------------------------------------------- conductor-mcp


def template_of(node):
    """The text of a str or f-string node with every interpolation as {x}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            out += part.value if isinstance(part, ast.Constant) else "{x}"
        return out
    return None


def mcp_rows(mcp, specs):
    rows = []
    verbs = {"http_get": "GET", "http_post": "POST", "http_put": "PUT", "http_delete": "DELETE"}
    for file in sorted((mcp / "tools").glob("*.py")):
        for fn in [n for n in ast.parse(file.read_text()).body if isinstance(n, ast.AsyncFunctionDef)]:
            path = None
            method = None
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "path":
                    path = template_of(node.value)
                if isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    method = verbs.get(name, method)
            if not path or not method:
                continue
            path = "/api/" + path.split("?")[0].strip("/")
            path = re.sub(r"\{x\}.*?(?=/|$)", "{x}", path)
            source = f"conductor-mcp 0.1.9 {file.name}:{fn.name}"
            queries = [(words_of_identifier(fn.name), source + " (tool name)")]
            doc = first_sentence((ast.get_docstring(fn) or "").split("\n\n")[0].split("Args:")[0])
            if doc:
                queries.append((doc, source + " (description)"))
            rows += place(specs, ["orkes", "oss", "netflix"], method, path, queries)
    return rows


# ---------------------------------------------------------------- conductor-oss docs


def docs_rows(docs_git, specs):
    commit = subprocess.run(
        ["git", "-C", docs_git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    files = subprocess.run(
        ["git", "-C", docs_git, "ls-tree", "--name-only", "HEAD", "docs/documentation/api/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    rows = []
    for file in sorted(files):
        if not file.endswith(".md"):
            continue
        text = subprocess.run(
            ["git", "-C", docs_git, "show", f"HEAD:{file}"], capture_output=True, text=True, check=True
        ).stdout
        base_match = re.search(r"base path `(/api/[^`]*)`", text)
        base = base_match.group(1).rstrip("/") if base_match else "/api"
        source = f"conductor-oss docs {commit[:10]} {file}"
        lines = text.splitlines()
        heading = None
        for number, line in enumerate(lines):
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
                continue
            # | `/path` | `METHOD` | Description |
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[1].strip("`").upper() in METHODS and cells[0].startswith("`/"):
                method = cells[1].strip("`").upper()
                relative = cells[0].strip("`").split("?")[0]
                description = first_sentence(cells[2])
                if description:
                    for path in ["/api" + relative, base + relative]:
                        placed = place(specs, ["oss", "netflix"], method, path, [(description, source + " (table)")])
                        if placed:
                            rows += placed
                            break
                continue
            # ```\nMETHOD /api/path\n``` under a heading, then a sentence.
            match = re.match(r"^(GET|POST|PUT|PATCH|DELETE)\s+(/api/\S*)", line.strip())
            if match and number > 0 and lines[number - 1].startswith("```"):
                method, path = match.group(1), match.group(2).split("?")[0]
                queries = []
                if heading and len(heading.split()) >= 2:
                    queries.append((heading, source + " (heading)"))
                # The first prose line after the block, skipping further code blocks (curl examples).
                after = number + 1
                fenced = True
                while after < len(lines) and (fenced or lines[after].startswith("```") or not lines[after].strip()):
                    if lines[after].startswith("```"):
                        fenced = not fenced
                    after += 1
                sentence = first_sentence(lines[after]) if after < len(lines) else ""
                # "Same as above, ..." leans on the text before it: not a request that stands alone.
                standalone = not lines[after].startswith(("|", "#", "-", "*", "`", "Same "))
                if sentence and standalone and len(sentence.split()) >= 3:
                    queries.append((sentence, source + " (sentence)"))
                rows += place(specs, ["oss", "netflix"], method, path, queries)
    return rows


# ---------------------------------------------------------------- assembly


def place(specs, preference, method, path, queries):
    """Rows for `queries` on the preferred document that has the endpoint; docs rows alternate OSS and Netflix
    by hash when both have it, so that the Netflix document is measured too."""
    homes = [(spec, resolve(specs, spec, method, path)) for spec in preference]
    homes = [(spec, keys) for spec, keys in homes if keys]
    if not homes:
        return []
    rows = []
    for query, source in queries:
        spec, keys = homes[0]
        names = [s for s, _ in homes]
        if preference[0] == "oss" and "netflix" in names and "oss" in names:
            if int(hashlib.sha256(query.encode()).hexdigest(), 16) % 3 == 0:
                spec, keys = homes[names.index("netflix")]
        rows.append({"spec": spec, "q": query, "expect": sorted(keys), "source": source})
    return rows


def part_of(row):
    digest = hashlib.sha256(f"{row['spec']}\n{row['q'].lower()}".encode()).digest()
    return "dev" if digest[0] < 256 * DEV_SHARE else "test"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdk", required=True, help="the conductor package directory of conductor-python 2.0.0")
    parser.add_argument("--mcp", required=True, help="the conductor_mcp package directory of conductor-mcp 0.1.9")
    parser.add_argument("--docs-git", required=True, help="a git repository of conductor-oss/conductor")
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval"))
    args = parser.parse_args()
    specs = load_specs()
    rows = (
        sdk_rows(pathlib.Path(args.sdk), specs)
        + mcp_rows(pathlib.Path(args.mcp), specs)
        + docs_rows(args.docs_git, specs)
    )
    seen = set()
    unique = []
    for row in rows:
        key = (row["spec"], row["q"].lower())
        # One word says too little to name an operation; past 20 words it is documentation, not a request.
        if key in seen or not 2 <= len(row["q"].split()) <= 20:
            continue
        seen.add(key)
        unique.append(row)
    parts = {"dev": [], "test": []}
    for row in unique:
        parts[part_of(row)].append(row)
    out = pathlib.Path(args.out)
    for name, part in parts.items():
        with open(out / f"search-held-{name}.jsonl", "w") as handle:
            for row in part:
                handle.write(json.dumps(row, separators=(",", ":")) + "\n")
    counts = {name: len(part) for name, part in parts.items()}
    by_source = {}
    for row in unique:
        kind = row["source"].split(" ")[0]
        by_source[kind] = by_source.get(kind, 0) + 1
    print(f"{len(unique)} queries: {counts}; by source {by_source}", file=sys.stderr)


if __name__ == "__main__":
    main()
