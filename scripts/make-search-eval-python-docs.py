"""Builds a development set of search queries from the hand-written docs of the Conductor Python SDK.

Source: conductor-sdk/conductor-python at COMMIT (below): docs/*/README.md, README.md, workflows.md, workers.md,
conductor_apps.md and examples/**/README.md. The repository has no tag for the 2.0.0 release (its newest tag is v1.1.7
and its newest commit, main at 2025-06-16, predates 2.0.0 on PyPI), so the newest commit of main is used.

Every markdown heading whose section shows a client call in a fenced code block - `workflow_client.get_workflow(...)`,
`metadata_client.setTaskTags(...)`, any `<name>_client.<method>(` or `<name>Client.<method>(` - gives up to two
queries for the endpoint that method calls:
  - (heading)  the heading text;
  - (sentence) the first sentence of the first prose paragraph under the heading, before its first code block.
A code block that is a bare method signature (`get_workflow(workflow_id: str, ...)`, `pause_workflow(self, ...)`, as in
workflows.md) counts as a call on the client most recently assigned on the page (`workflow_client = ...`).
A call belongs to the nearest heading above it. A heading with no calls of its own whose sub-headings (two or more)
all call the same endpoint names that operation ("Fetch a workflow execution" over "Exclude tasks" / "Include tasks"):
it gets the row, its sub-headings (variants of the operation) do not. A heading whose calls reach different endpoints
gives nothing.

Labels come from the conductor-python 2.0.0 wheel, with the logic of scripts/make-search-eval.py (imported, not
copied): client method -> resource-API method -> `call_api(path, method)`. The client variable names the class:
`workflow_client` -> OrkesWorkflowClient, `scheduler_client` -> OrkesSchedulerClient, ...; other `*_client` names
(`api_client`) are not Conductor clients and are ignored. A call of a method that reaches no endpoint, several, or one
the Orkes document lacks makes its heading unusable. Rows go to the Orkes document (the SDK is an Orkes client).

Dropped: queries of fewer than 2 or more than 25 words, generic headings ("Initialization", "Example", ...), queries
whose leading verb contradicts the called method (a doc slip: "Set Application tags" above get_application_tags),
queries that map to different endpoints in different places (ambiguous), repeats within this set (exactly or nearly),
and every query that is, exactly or nearly, a query of another evaluation file (USED_FILES; search-held-test.jsonl
above all). Exactly = case, punctuation and snake_case/camelCase ignored; nearly = the same set of content words (stop
words out, crude plural/-ing/-ed stemming, any order). This is a tuning (dev) set only.

Standard library only; the output depends only on the pinned commit, the wheel and the bundled specs.

Usage (what produced Fixtures/eval/search-pydocs-dev.jsonl):
  pip download --no-deps --python-version 3.13 --only-binary=:all: conductor-python==2.0.0 -d wheels
  unzip wheels/conductor_python-2.0.0-py3-none-any.whl -d X
  git clone --bare https://github.com/conductor-sdk/conductor-python GIT   (any clone holding COMMIT)
  python3 scripts/make-search-eval-python-docs.py --sdk X/conductor --git GIT [--out Fixtures/eval/search-pydocs-dev.jsonl]
"""
import argparse
import ast
import importlib.util
import json
import pathlib
import re
import subprocess
import sys

from search_eval_common import ROOT, load_specs, matching_keys, prefer_literal

REPO = "conductor-sdk/conductor-python"
COMMIT = "f616906687055b3a10c60e751b18b1b79acc0119"  # main, 2025-06-16 ("workflow execution with return strategy")
SPEC = "orkes"
USED_FILES = [
    "search-held-test.jsonl",
    "search-held-dev.jsonl",
    "search-dev.jsonl",
    "search-sdk-dev.jsonl",
    "search-docs-dev.jsonl",
    "search-olddocs-dev.jsonl",
]
GENERIC = {
    "initialization", "example", "examples", "usage", "overview", "introduction", "setup", "installation",
    "example file", "format", "json configuration", "next",
}
STOPWORDS = {
    "a", "an", "the", "of", "for", "by", "from", "to", "in", "on", "at", "into", "with", "using", "its", "it", "their",
    "your", "you", "and", "or", "is", "are", "be", "can", "that", "this", "as", "which", "given",
}
VERB_CLASSES = {
    "read": {"get", "gets", "getting", "list", "lists", "listing", "fetch", "fetches", "fetching", "retrieve",
             "retrieves", "retrieving", "retrives", "read", "reads", "search", "searches", "searching", "find", "finds",
             "query", "queries", "return", "returns"},
    "write": {"set", "sets", "setting", "add", "adds", "adding", "put", "puts", "save", "saves", "saving", "create",
              "creates", "creating", "update", "updates", "updating", "upsert", "upserts", "register", "registers",
              "registering", "grant", "grants", "granting"},
    "start": {"start", "starts", "starting", "execute", "executes", "executing"},
    "delete": {"delete", "deletes", "deleting", "remove", "removes", "removing", "unregister", "unregisters",
               "unregistering", "revoke", "revokes", "revoking"},
}
CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*(?:_client|Client))\.([A-Za-z_][A-Za-z0-9_]*)\s*\(")
SIGNATURE = re.compile(r"^([a-z_][A-Za-z0-9_]*)\((?:self\b|[A-Za-z_]\w*\s*:|\s*\))")
ASSIGN = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*(?:_client|Client))\s*=")


def load_builder():
    """scripts/make-search-eval.py as a module (its file name has hyphens)."""
    spec = importlib.util.spec_from_file_location("make_search_eval", ROOT / "scripts" / "make-search-eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- SDK: client method -> endpoints


def client_routes(sdk, builder):
    """(Orkes client class, method) -> set of (HTTP method, /api path) its body calls, through make-search-eval.py's
    resource_attributes and resource_route (the walk of its sdk_rows, kept as a map instead of turned into rows)."""
    routes = builder.api_routes(sdk)
    attribute_class = builder.resource_attributes(sdk)
    result = {}
    for file in sorted((sdk / "client" / "orkes").glob("orkes_*_client.py")):
        for cls in [n for n in ast.parse(file.read_text()).body if isinstance(n, ast.ClassDef)]:
            if not cls.name.startswith("Orkes") or cls.name == "OrkesBaseClient":
                continue
            direct, helpers = {}, {}
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef)]:
                called, uses = set(), set()
                for call in [n for n in ast.walk(fn) if isinstance(n, ast.Call)]:
                    target = call.func
                    route = builder.resource_route(call, attribute_class, routes)
                    if route:
                        called.add((route[0], "/api" + route[1]))
                    elif (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        uses.add(target.attr)
                direct[fn.name], helpers[fn.name] = called, uses
            # Beyond make-search-eval.py: a method also reaches what the methods of its own class that it calls
            # reach (setWorkflowRateLimit = removeWorkflowRateLimit (GET + DELETE tags) + POST tags: several).
            for name in direct:
                if name.startswith("_"):
                    continue
                called, todo, done = set(), [name], set()
                while todo:
                    current = todo.pop()
                    if current in done or current not in direct:
                        continue
                    done.add(current)
                    called |= direct[current]
                    todo += sorted(helpers[current])
                result[(cls.name, name)] = called
    return result


def client_class(variable, classes):
    """`workflow_client` / `workflowClient` / `self.workflow_client` -> OrkesWorkflowClient, or None."""
    stem = re.sub(r"(_client|Client)$", "", variable).replace("_", "").lower()
    return classes.get(stem)


def endpoint_of(cls, method, routes, specs):
    """The one Orkes endpoint key `cls.method` reaches, or a reason why there is none."""
    if (cls, method) not in routes:
        return None, "unknown method"
    called = routes[(cls, method)]
    if len(called) != 1:
        return None, f"{len(called)} endpoints"
    http_method, path = next(iter(called))
    keys = prefer_literal(matching_keys(specs[SPEC], http_method, path), path)
    if len(keys) != 1:
        return None, f"{len(keys)} keys in {SPEC}"
    return keys[0], None


# ---------------------------------------------------------------- text


def split_identifier(text):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)


def clean(text):
    """Markdown stripped (links, images, emphasis, backticks, HTML), type brackets spelled out, spaces collapsed."""
    text = re.sub(r"<!--.*?-->|<[^>]+>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "")
    text = re.sub(r"(?<![\w*])[*_]+(?=\w)|(?<=\w)[*_]+(?![\w*])", "", text)
    previous = None
    while previous != text:  # List[Group] -> List of Group
        previous = text
        text = re.sub(r"(\w)\[([^\[\]]*)\]", r"\1 of \2", text)
    text = re.sub(r"[\[\]]", " ", text).replace('"', "")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(c for c in text if c.isascii())
    return " ".join(text.split())


def first_sentence(text):
    text = clean(text)
    sentence = re.split(r"(?<=[A-Za-z0-9)'])[.:?!](\s|$)", text, maxsplit=1)[0]
    return sentence.strip(" .:;,")


def normalised(query):
    """Case, punctuation and identifier style ignored: "getTaskTags" == "get_task_tags" == "Get task tags."."""
    return " ".join(re.findall(r"[a-z0-9]+", split_identifier(query).lower()))


def stem(word):
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif re.search(r"(ch|sh|ss|x)es$", word):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def loose(query):
    """Near-copy key: the set of content words, stemmed (any order, stop words out)."""
    return frozenset(stem(w) for w in normalised(query).split() if w not in STOPWORDS)


def verb_class(word):
    for name, words in VERB_CLASSES.items():
        if word in words:
            return name
    return None


def names_operation(sentence, method):
    """Whether a sentence says what the method does: it has the method's verb (stemmed) or a verb of its class
    ("Retrieves all access keys ..." for get_access_keys; not "Useful when workflows are long-running" for
    start_workflow)."""
    verb = normalised(method).split()[0]
    words = normalised(sentence).split()
    return stem(verb) in {stem(w) for w in words} or (
        verb_class(verb) is not None and any(verb_class(w) == verb_class(verb) for w in words)
    )


def verb_mismatch(query, method):
    """Whether the query's leading verb contradicts the method's ("Set ... tags" for get_application_tags)."""
    said = verb_class(normalised(query).split()[0])
    called = verb_class(normalised(method).split()[0])
    return said is not None and called is not None and said != called


# ---------------------------------------------------------------- pages


def is_prose(line):
    s = line.strip()
    if not s or s.startswith(("#", "|", "-", "*", "+", ">", "<", "{", "```", "!", "[")):
        return False
    if re.match(r"^\d+\.\s", s):
        return False
    return bool(re.match(r"^[A-Za-z_`\"']", s))


def sections(text):
    """The headings of a page (outside code fences), each with its level, text, first prose sentence (before its
    first code block) and code blocks (lists of lines) up to the next heading."""
    found = []
    fenced = False
    block = None
    paragraph = None  # lines of the first prose paragraph, while it is being read
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            if found:
                if not fenced:
                    block = []
                    found[-1]["seen_code"] = True
                    if paragraph is not None:
                        found[-1]["sentence"], paragraph = first_sentence(" ".join(paragraph)), None
                else:
                    found[-1]["blocks"].append(block)
                    block = None
            fenced = not fenced
            continue
        if fenced:
            if block is not None:
                block.append(line)
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            if found and paragraph is not None:
                found[-1]["sentence"], paragraph = first_sentence(" ".join(paragraph)), None
            found.append({"level": len(heading.group(1)), "heading": clean(heading.group(2)).strip(" :"),
                          "sentence": "", "blocks": [], "seen_code": False})
            continue
        if not found:
            continue
        section = found[-1]
        if paragraph is not None:
            if stripped:
                paragraph.append(stripped)
            else:
                section["sentence"], paragraph = first_sentence(" ".join(paragraph)), None
        elif not section["sentence"] and not section["seen_code"] and is_prose(line):
            paragraph = [stripped]
    if found and paragraph is not None:
        found[-1]["sentence"] = first_sentence(" ".join(paragraph))
    return found


def page_candidates(path, text, routes, classes, specs, counts, explain):
    """Candidate rows of one page, each with the method names it calls (for the verb check)."""
    found = sections(text)
    current = None  # the client class most recently assigned on the page, for bare signatures
    for section in found:
        calls = []  # (class, method)
        for block in section["blocks"]:
            code = "\n".join(block)
            for line in block:
                for match in ASSIGN.finditer(line):
                    cls = client_class(match.group(1), classes)
                    if cls:
                        current = cls
            for match in CALL.finditer(code):
                cls = client_class(match.group(1), classes)
                if cls:
                    calls.append((cls, match.group(2)))
            lines = [l.strip() for l in block if l.strip()]
            if lines and current:
                signature = SIGNATURE.match(lines[0])
                if signature and not CALL.search(code):
                    calls.append((current, signature.group(1)))
        section["calls"] = sorted(set(calls))
        keys, problems = set(), []
        for cls, method in section["calls"]:
            key, problem = endpoint_of(cls, method, routes, specs)
            if key:
                keys.add(key)
            else:
                problems.append(f"{cls}.{method}: {problem}")
        section["keys"], section["problems"] = keys, problems
    rows = []
    used_by_parent = set()
    for index, section in enumerate(found):
        if section["calls"]:
            continue
        # A heading without calls of its own over sub-headings that all call one endpoint.
        children = []
        for later in range(index + 1, len(found)):
            if found[later]["level"] <= section["level"]:
                break
            if found[later]["calls"]:
                children.append(later)
        if len(children) >= 2:
            keys = set().union(*(found[c]["keys"] for c in children))
            if len(keys) == 1 and not any(found[c]["problems"] for c in children):
                section["keys"] = keys
                section["calls"] = sorted(set().union(*(found[c]["calls"] for c in children)))
                section["parent"] = True
                used_by_parent.update(children)
    for index, section in enumerate(found):
        if not section["calls"]:
            continue
        queries = [(section["heading"], "heading")]
        if section["sentence"]:
            queries.append((section["sentence"], "sentence"))
        if index in used_by_parent:
            counts["variant sub-heading"] = counts.get("variant sub-heading", 0) + len(queries)
            continue
        if section["problems"]:
            counts["unmapped call"] = counts.get("unmapped call", 0) + len(queries)
            if explain:
                print(f"  unmapped: {path} {section['heading']!r}: {'; '.join(section['problems'])}", file=sys.stderr)
            continue
        if len(section["keys"]) != 1:
            counts["mixed endpoints"] = counts.get("mixed endpoints", 0) + len(queries)
            continue
        key = next(iter(section["keys"]))
        for query, kind in queries:
            rows.append({
                "row": {"spec": SPEC, "q": query, "expect": [key],
                        "source": f"{REPO}@{COMMIT[:10]} {path} ({kind})"},
                "methods": [m for _, m in section["calls"]],
                "page": path,
            })
    return rows


def git(args, repo):
    return subprocess.run(["git", "-C", repo] + args, capture_output=True, text=True, check=True).stdout


def pages(repo):
    names = git(["ls-tree", "-r", "--name-only", COMMIT], repo).splitlines()
    chosen = []
    for name in names:
        if name in ("README.md", "workflows.md", "workers.md", "conductor_apps.md"):
            chosen.append(name)
        elif re.fullmatch(r"docs/[^/]+/README\.md", name) or re.fullmatch(r"examples/(.+/)?README\.md", name):
            chosen.append(name)
    return sorted(chosen)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdk", required=True, help="the conductor package directory of conductor-python 2.0.0")
    parser.add_argument("--git", default="/work/.mirror/conductor-sdk+conductor-python/repo",
                        help=f"a git repository (bare is fine) of {REPO} holding {COMMIT[:10]}")
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval" / "search-pydocs-dev.jsonl"))
    parser.add_argument("--explain", action="store_true",
                        help="name the dropped candidates (never those dropped as already used elsewhere)")
    args = parser.parse_args()
    sdk = pathlib.Path(args.sdk)
    builder = load_builder()
    specs = load_specs()
    routes = client_routes(sdk, builder)
    classes = {}
    for cls, _ in sorted(routes):
        classes[re.sub(r"^Orkes|Client$", "", cls).lower()] = cls

    counts = {}
    candidates = []
    per_page = {}
    for path in pages(args.git):
        found = page_candidates(path, git(["show", f"{COMMIT}:{path}"], args.git), routes, classes, specs, counts,
                                args.explain)
        per_page[path] = {"candidates": len(found), "kept": 0}
        candidates += found

    def drop(rule):
        counts[rule] = counts.get(rule, 0) + 1

    def explain(item, rule):
        if args.explain:
            print(f"  {rule}: {item['page']} {item['row']['q']!r} -> {item['row']['expect'][0]}", file=sys.stderr)

    usable = []
    for item in candidates:
        query = item["row"]["q"]
        words = query.split()
        if not 2 <= len(words) <= 25:
            drop("length")
            explain(item, "length")
        elif normalised(query) in GENERIC:
            drop("generic")
            explain(item, "generic")
        elif any(verb_mismatch(query, m) for m in item["methods"]):
            drop("verb mismatch")
            explain(item, "verb mismatch")
        elif item["row"]["source"].endswith("(sentence)") and not all(
            names_operation(query, m) for m in item["methods"]
        ):
            drop("sentence off the operation")
            explain(item, "sentence off the operation")
        else:
            usable.append(item)

    # Ambiguous: one query (exactly or nearly), different endpoints in different places.
    targets = {}
    for item in usable:
        for key in (("exact", normalised(item["row"]["q"])), ("loose", loose(item["row"]["q"]))):
            targets.setdefault(key, set()).add(item["row"]["expect"][0])
    ambiguous = {key for key, value in targets.items() if len(value) > 1}

    used = {}
    for name in USED_FILES:
        for line in (ROOT / "Fixtures" / "eval" / name).read_text().splitlines():
            if line.strip():
                query = json.loads(line)["q"]
                used.setdefault(("exact", normalised(query)), name)
                used.setdefault(("loose", loose(query)), name)
    # Only counts per file are reported; the rows of the other files are never shown.
    against = {name: 0 for name in USED_FILES}
    seen = set()
    kept = []
    for item in usable:
        query = item["row"]["q"]
        exact, near = ("exact", normalised(query)), ("loose", loose(query))
        if exact in ambiguous or near in ambiguous:
            drop("ambiguous")
            explain(item, "ambiguous")
        elif exact in used:
            drop("used (exact)")
            against[used[exact]] += 1
        elif near in used:
            drop("used (near)")
            against[used[near]] += 1
        elif exact in seen or near in seen:
            drop("duplicate")
            explain(item, "duplicate")
        else:
            seen.update([exact, near])
            kept.append(item)
            per_page[item["page"]]["kept"] += 1

    with open(args.out, "w") as handle:
        for item in kept:
            handle.write(json.dumps(item["row"], ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{REPO}@{COMMIT[:10]}: {len(kept)} rows from {len(candidates)} candidates", file=sys.stderr)
    for path, value in per_page.items():
        print(f"  {path}: {value['kept']} kept of {value['candidates']} candidates", file=sys.stderr)
    print("dropped:", file=sys.stderr)
    for rule in sorted(counts):
        print(f"  {rule}: {counts[rule]}", file=sys.stderr)
    print("dropped as used, by file:", file=sys.stderr)
    for name in USED_FILES:
        print(f"  {name}: {against[name]}", file=sys.stderr)


if __name__ == "__main__":
    main()
