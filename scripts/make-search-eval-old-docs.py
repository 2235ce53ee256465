"""Builds a development set of search queries from the older Conductor documentation (github.com/conductor-oss/conductor).

Sources, all read from the git history of a conductor-oss/conductor repository (a clone or a bare mirror), at the
commits pinned below:
  - the Netflix era: every Markdown page under docs/ at NETFLIX_LAST (the parent of 42fd59e1b, "Community docs
    initial": the last Netflix-era tree, with docs/docs/apispec.md), then every other revision of a page under docs/
    in the history of that commit (apispec.md and its ancestor runtime/index.md back to 2016, how-tos, labs, ...),
    newest first, plus three side-branch revisions of apispec.md (NETFLIX_SIDE_FILES);
  - OSS_API_FILES: the earlier revisions of the current OSS API pages, docs/documentation/api/*.md; a revision equal
    to the one at CURRENT_COMMIT (b54f0d4ee5, the text the held-out set search-held-{dev,test}.jsonl was built from)
    is skipped;
  - the current non-API pages: every Markdown page under docs/ at MAIN_COMMIT (the newest commit of main in the
    mirror; it is CURRENT_COMMIT) except docs/documentation/api/ (advanced/, configuration/, metrics/, devguide/,
    quickstart/, ...), then every other revision of a page under docs/ in NETFLIX_LAST..MAIN_COMMIT (the community
    era), newest first (commit time, then hash), again never one under docs/documentation/api/ or
    docs/devguide/api/ (the held-out source and its temporary home in 2026-03, whatever the commit).
Each distinct page revision (blob) is read once, in the order above; a row cites the first revision it was found in
(the newest of its source). The community-era pages come last, so a row of the earlier sources keeps its citation.

Where a page names an endpoint, the text that describes it becomes a query:
  - (table)    an endpoint-table row ("| `GET /metadata/taskdefs` | Get all the task definitions | n/a |", or the newer
               "| `/path` | `GET` | Description |"): the first sentence of the Description column;
  - (heading)  the nearest heading above a standalone endpoint (a `METHOD /path` line, fenced or inline, a curl command
               in a fenced block, or "a `POST` request to `/path`" in prose); a generic heading ("REST call",
               "Example", "Using APIs") defers to its parent; the heading is used only when every endpoint its whole
               section names is the same one;
  - (sentence) the first sentence of the first prose paragraph under such a heading; the sentence that leads into a
               standalone endpoint ("To see the size of the task queue via API:"); a sentence that names the endpoint
               inline, with the naming phrase cut out ("... can be unit tested using `POST /workflow/test` endpoint").
Old paths lack the /api prefix (added), query strings are dropped, "{{ api_prefix }}" is "/api"; each (METHOD, path)
is resolved against the OSS document's endpoints with matching_keys / prefer_literal (placeholders match placeholders),
falling back to concrete_keys for concrete values (a curl URL's /api/workflow/kitchensink fills {name}); rows that
resolve to no endpoint or to several are dropped. Every row goes to the OSS document.

Queries are cleaned (markdown links, code marks, HTML stripped; whitespace collapsed; first sentence only) and dropped
when shorter than 2 or longer than 25 words, generic ("See below", "Example"), leaning on context ("Same as above, ...",
"Here is the curl command to do that", "... the following states", "as below"), a fragment (starts in lower case), or
naming a path or HTTP method. Then, in this order (a "near copy" has the same set of content words in any order, stop
words dropped and a plural -s stripped: "Get all the task definitions" ~ "get task definition"):
  - rejected:   read and rejected by hand (REJECTED, with the reason);
  - trivial:    the query is (a near copy of) the summary of its expected endpoint in the bundled OSS document;
  - conflict:   the same query or a near copy mapped to different endpoints by different places;
  - used:       equal, case and punctuation ignored, to a query of any other evaluation file (USED_FILES);
  - near-used:  a near copy of such a query;
  - current:    equal or near to a query the same extraction gives for docs/documentation/api at CURRENT_COMMIT
                (the held-out source, whether or not the held-out builder kept that row);
  - duplicate:  equal or near to a row already kept; the first (newest) source wins.
Counts are per candidate occurrence (one query found in ten revisions counts ten times).
search-held-test.jsonl must never leak into tuning: only the number of candidates it removed is printed (also with
OLDDOCS_DEBUG=1 set, which lists the other dropped candidates and their rule on stderr).

Standard library only (python3); the output depends only on the repository history and the bundled specs.

Usage (what produced Fixtures/eval/search-olddocs-dev.jsonl):
  python3 scripts/make-search-eval-old-docs.py /work/.mirror/conductor-oss+conductor/repo \
      [--out Fixtures/eval/search-olddocs-dev.jsonl]
(any clone of https://github.com/conductor-oss/conductor with all branches fetched will do: some pinned revisions of
docs/documentation/api are on branches.)
"""
import argparse
import json
import os
import re
import subprocess
import sys

from search_eval_common import (
    METHODS, ROOT, is_variable, load_document, load_specs, matching_keys, prefer_literal, segments,
)

REPO = "conductor-oss/conductor"
# The parent of 42fd59e1b ("Community docs initial", 2023-12-21): the last Netflix-era docs/docs tree.
NETFLIX_LAST = "b84b9af4d35dcc35c37663ac12901f5beb78441e"
# The revision of docs/documentation/api the held-out set was built from.
CURRENT_COMMIT = "b54f0d4ee546c1053367e1c14405c5396c17bfb1"
# The newest commit of main in the mirror ("Docs refresh work (#1554)", 2026-08-21): the current non-API pages.
MAIN_COMMIT = "b54f0d4ee546c1053367e1c14405c5396c17bfb1"
# The held-out source, never read by the community-era walk, at any commit: docs/documentation/api/ and
# docs/devguide/api/, where the same API reference pages lived between cf21f0238f (2026-03-16) and adb29cfbdb.
HELD_FOLDERS = ("docs/documentation/api/", "docs/devguide/api/")

# Every page under docs/ at NETFLIX_LAST, then every other revision of a page under docs/ in its history (the
# history of a fixed commit never changes); and three revisions of docs/docs/apispec.md on side branches, outside it.
NETFLIX_SIDE_FILES = [
    ("f0fc1203b754bdd379902502bf9e102cdfec9fc0", "docs/docs/apispec.md"),
    ("9be707345490cef2442ddecb22b60609151c01b1", "docs/docs/apispec.md"),
    ("4dd2993664df27d3e6c91524d253d6914341ee06", "docs/docs/apispec.md"),
]
# Earlier revisions of the current OSS API pages (the first commit of each distinct blob), newest first; a revision
# identical to the one at CURRENT_COMMIT is skipped.
OSS_API_FILES = [
    ("533cb652407a5178e132a8b14a0b971a0624a93e", "docs/documentation/api/agents.md"),
    ("533cb652407a5178e132a8b14a0b971a0624a93e", "docs/documentation/api/index.md"),
    ("72150ec4e713a5c85d7d3c2deca8f737a7d3733d", "docs/documentation/api/agents.md"),
    ("ce3799fe43dd2cea96bb8bbc4f1a9648fdfbc5d3", "docs/documentation/api/files.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/agents.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/eventhandlers.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/index.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/metadata.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/scheduler.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/task.md"),
    ("084930aeb346f8dc4589b9e8da555be91280de5b", "docs/documentation/api/workflow.md"),
    ("52b2176e12c0e968c09a0724ef4300c2f39e2158", "docs/documentation/api/agents.md"),
    ("52b2176e12c0e968c09a0724ef4300c2f39e2158", "docs/documentation/api/index.md"),
    ("94f8a3e776b56654b729a034918a0f58025ea8b2", "docs/documentation/api/files.md"),
    ("47b684e8c958feb0678caeceaca99f03857029ea", "docs/documentation/api/scheduler.md"),
    ("a070b6a478b76f01bb1c99a46602dfbedfd6cec7", "docs/documentation/api/files.md"),
    ("7881c028e1e75f09f7b62da6737e4d88ff5423f5", "docs/documentation/api/scheduler.md"),
    ("6ae22e107e8dcd91d2870647138a4650944c2123", "docs/documentation/api/scheduler.md"),
    ("1e6be94f9fed27141dbe68de8d05bb550f321e3a", "docs/documentation/api/taskdomains.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/bulk.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/eventhandlers.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/index.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/metadata.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/startworkflow.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/task.md"),
    ("fd3d9654f72ebf95c0beb89f83c537b6178c871f", "docs/documentation/api/workflow.md"),
    ("fa8d6132c09b46b2f21925747b82f5385eb34216", "docs/documentation/api/index.md"),
    ("05e89190a72883edf2ea59360206729b0c18e4f6", "docs/documentation/api/startworkflow.md"),
    ("c84ed30598cd2a297737a7b99399f9df7d76e23a", "docs/documentation/api/index.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/index.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/metadata.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/startworkflow.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/task.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/taskdomains.md"),
    ("efd1e102d92d556c64b81252212d85b6595ffab1", "docs/documentation/api/workflow.md"),
]
# Rows rejected by hand after reading them (query, case and punctuation ignored -> why).
REJECTED = {
    "conductor uses elasticsearch for indexing workflow execution and is used by search apis":
        "a topic sentence about indexing, not a request; fits every search endpoint",
    "polling for a task":
        "the page illustrates polling with the batch endpoint; the words ask for GET /api/tasks/poll/{tasktype}",
    # The community-era pages (docs/ at MAIN_COMMIT and its history).
    "exposing workflows as apis and mcp tools":
        "a topic heading (CLI, cURL and MCP exposure), not one request",
    "confirm each agent is actually exposed before orchestrating this is also the fastest way to catch the metadata problem above":
        "a check that leans on the page; the block registers a workflow",
    "open executions in the conductor ui and select the new execution to review the task graph and each task s inputs and outputs":
        "a UI step",
    "in the ui you can complete it from the execution view on oss conductor the equivalent call is replace the workflow id":
        "leans on the page ('it', 'the equivalent call')",
    "complete collect answer ref only after reviewing the pending tool request":
        "names the page's task reference",
    "on oss conductor use the task by reference endpoint and provide the answer the agent should receive":
        "fits the asynchronous and the /sync update by reference name alike",
    "create equivalent placeholder definitions named ai route refund request and ai route sales lead then register all four definitions":
        "names the page's workflows",
    "start the router":
        "names the page's workflow",
    "start a workflow from the event":
        "the section registers an event handler; the words ask to start a workflow",
    "register it with the workflow metadata api":
        "'it' is the page's definition",
    "practical recipes for making workers resilient":
        "the page's topic sentence",
    "success is an empty 200 ok response":
        "describes the response",
    "validation checks metadata and graph rules but does not prove that a worker is polling or an external endpoint is reachable":
        "a caveat, not a request",
    "upgrading running workflows":
        "the section terminates and restarts in bulk: two endpoints",
    "terminate the executions with the bulk terminate api then restart them with the bulk restart api passing uselatestdefinitions true":
        "two endpoints",
    "if sqs integration is enabled the human task can also be resolved using the update queue apis":
        "both queue update endpoints (by reference name, by task id) fit",
    "wait for an external signal no duration":
        "describes a WAIT task configuration, not a request",
    "wait for an external signal":
        "describes a WAIT task pattern, not a request",
    "complete the task externally":
        "fits the asynchronous and the /sync update by reference name alike",
    "complete the wait task externally e g from a ui or webhook":
        "fits the asynchronous and the /sync update by reference name alike",
    "minimal workflow":
        "a page label",
    "register and run it the ai integration must be enabled conductor integrations ai enabled true":
        "two requests; 'it' is the page's workflow",
    "register and run it the embedded runtime must be enabled agentspan embedded true":
        "two requests; 'it' is the page's workflow",
    "follow the existing register execute pattern exactly":
        "a design note",
    "register and schedule":
        "two requests (the scheduler endpoint is not in the OSS document)",
    "creating a schedule":
        "asks for the scheduler (not in the OSS document), not PUT /api/metadata/workflow",
    "register the updated workflow and task definition":
        "two requests (the workflow through the CLI)",
    "take any workflow execution id from phase 1 or phase 2 and restart it":
        "leans on the page's phases",
    "add human approval":
        "adding a HUMAN task to a definition, not the task update the section shows",
    "approve it via the ui or api":
        "'it' is the page's task",
    "register both":
        "leans on the page",
    "synchronous execution":
        "a note that OSS lacks the feature; the example is a plain start",
    "conductor oss executes all workflows asynchronously":
        "a statement about the server, not a request",
}
USED_FILES = [
    "search-held-test.jsonl",
    "search-held-dev.jsonl",
    "search-dev.jsonl",
    "search-sdk-dev.jsonl",
    "search-docs-dev.jsonl",
    "search-pydocs-dev.jsonl",
]
HELD_TEST = "search-held-test.jsonl"

METHOD_RE = r"(GET|POST|PUT|PATCH|DELETE)"
# Headings that name a part of a page, not an operation: the one above them is used instead.
GENERIC_HEADINGS = {
    "rest call", "java client", "example", "examples", "basic example", "using apis", "using api", "using the api",
    "request", "response", "output", "input", "parameters", "request body", "response body", "usage", "overview",
    "introduction", "curl", "api", "apis", "endpoint", "endpoints", "http", "rest api", "rest",
}
GENERIC_QUERIES = GENERIC_HEADINGS | {"see below", "see above", "n/a", "api parameters", "note"}
# A sentence that begins with one of these leans on the text around it.
CONTEXT_OPENERS = {
    "this", "that", "these", "those", "it", "here", "there", "now", "then", "so", "just", "also", "similarly",
    "same", "see", "note", "send", "considering", "you'll", "any", "the following", "once", "next", "finally",
}
# How many lines a heading's first paragraph may be from the endpoint it describes.
NEAR = 8
STOPWORDS = {
    "a", "an", "the", "of", "for", "by", "from", "to", "in", "on", "at", "with", "using", "via", "its", "their", "your",
    "and", "or", "all", "is", "are", "be", "can", "given", "this", "that", "it", "as",
}


# ---------------------------------------------------------------- git


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def show(repo, commit, path):
    return git(repo, "show", f"{commit}:{path}")


def tree_files(repo, commit, folder):
    names = git(repo, "ls-tree", "-r", "--name-only", commit, folder + "/").split("\n")
    return sorted(name for name in names if name.endswith(".md"))


# ---------------------------------------------------------------- endpoints


def resolve(keys, method, path):
    """The one OSS endpoint key `method path` reaches, or None (no match, or several after prefer_literal)."""
    path = path.split("?")[0].split("#")[0].strip().rstrip("/")
    if not path:
        return None
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith("/api/"):
        path = "/api" + path
    found = prefer_literal(matching_keys(keys, method, path), path)
    if not found:
        found = concrete_keys(keys, method, path)
    return found[0] if len(found) == 1 else None


# Status values in a curl URL: one fills a {status} placeholder and nothing else, and a {status} placeholder takes
# nothing else (/api/tasks/<id>/COMPLETED/signal, an endpoint the OSS document lacks, is not
# /api/tasks/{workflowId}/{taskRefName}/{status}).
STATUS_VALUES = {
    "COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "IN_PROGRESS", "SCHEDULED",
    "CANCELED", "TIMED_OUT", "SKIPPED", "RUNNING", "PAUSED", "TERMINATED",
}


def takes(placeholder, value):
    """Whether a concrete URL segment `value` can fill `placeholder`."""
    return (value in STATUS_VALUES) == (placeholder.strip("{}").lower() == "status")


def concrete_keys(keys, method, path):
    """For a path with concrete values (a curl URL: /api/workflow/kitchensink), the endpoint keys whose placeholders
    take those values (a status value only a {status}, see STATUS_VALUES), literal segments equal; of several, those
    with the most literal segments."""
    wanted = segments(path)
    found = []
    for key_method, key_path in sorted(keys):
        have = segments(key_path)
        if key_method == method and len(have) == len(wanted):
            if all(h == w or (is_variable(h) and takes(h, w)) for h, w in zip(have, wanted)):
                found.append((sum(not is_variable(h) for h in have), f"{key_method} {key_path}"))
    best = max((score for score, _ in found), default=None)
    return [key for score, key in found if score == best]


# ---------------------------------------------------------------- text


def clean(text):
    """Markdown / HTML / links stripped, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{#[^}]*\}", " ", text)  # heading anchors
    text = text.replace("`", "")
    text = re.sub(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)", "", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2014", " - ").replace("\u2192", " ")
    return " ".join(text.split())


def sentences(text):
    """The sentences of a cleaned paragraph (split after . ! ? : followed by a space or the end)."""
    parts = re.split(r"(?<=[A-Za-z0-9)\]'\"])[.!?:](?:\s+|$)", clean(text))
    return [part.strip(" .") for part in parts if part.strip(" .")]


def first_sentence(text):
    found = sentences(text)
    return found[0] if found else ""


def generic_heading(text):
    """A heading that names a part of a page ("REST call", "Example") or a variant ("With Input only")."""
    text = heading_text(text).lower()
    return text in GENERIC_HEADINGS or text.split(" ")[0] in {"with", "using", "via", "for", "from", "by", "in", "on"}


def heading_text(text):
    text = clean(text.strip().rstrip("#"))
    text = re.sub(r"^Step\s*\d+\s*[-:.]\s*", "", text, flags=re.I)
    text = re.sub(r"^\d+[.)]\s+", "", text)  # a numbered heading: "2. Validate before registration"
    return text.strip(" :.")


def normalised(query):
    """Case and punctuation ignored."""
    return " ".join(re.findall(r"[a-z0-9]+", query.lower()))


def loose(query):
    """Near-copy key: the set of content words, stop words dropped, a crude plural / verb -s stripped, order ignored
    ("Get all the task definitions" == "get task definition")."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", query.lower()):
        if word in STOPWORDS:
            continue
        if re.search(r"(ch|sh|ss|x)es$", word):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.add(word)
    return tuple(sorted(words))


def usable(query):
    """Why `query` is not a usable request in words, or None."""
    words = query.split()
    if len(words) < 2:
        return "short"
    if len(words) > 25:
        return "long"
    lowered = normalised(query)
    if lowered in GENERIC_QUERIES or query.lower().rstrip(" .:") in GENERIC_QUERIES:
        return "generic"
    first = words[0].lower().strip(",")
    if first in CONTEXT_OPENERS or " ".join(words[:2]).lower() in CONTEXT_OPENERS or "curl" in lowered.split():
        return "context"
    if query.lower().startswith(("same as", "see ")):
        return "context"
    # "... with any of the following states": the list that follows is the point.
    if re.search(
        r"\bfollowing\b(?!\s+(?:api|url|endpoint)\b)|\b(?:as|see) (?:below|above)\b|\bexample\b|^(?:the )?(?:response|output)\b",
        query.lower(),
    ):
        return "context"
    # A fragment: the sentence began on an earlier line ("conductor server to register these tasks").
    if query[0].islower():
        return "fragment"
    # Names a path or an HTTP method: the words would point at the endpoint by its literal name.
    if any(w.startswith("/") or "{" in w or "api/" in w for w in words) or any(w in METHODS for w in words):
        return "path"
    return None


# ---------------------------------------------------------------- pages


HEADING = re.compile(r"^(#{1,6})\s*([^#\s].*)$")
BOLD_HEADING = re.compile(r"^\*\*([^*]+)\*\*:?\s*$")
# A line that is nothing but an endpoint: `GET /path`, GET /path, → `POST /api/x`, 1. POST ```/api/tasks```
STANDALONE = re.compile(
    r"^\s*(?:[-*\u2192]|\d+\.)?\s*`*\s*" + METHOD_RE + r"\s*`*\s*`*\s*((?:/|api/|\{\{)[^\s`]*)\s*`*\s*$"
)
# In prose: `GET /path` or a `POST` request to `/path`.
INLINE_CODE = re.compile(r"`" + METHOD_RE + r"\s+((?:/|\{\{)[^`\s]*)\s*`")
INLINE_REQUEST = re.compile(r"`?" + METHOD_RE + r"`?\s+requests?\s+to\s+`([^`\s]+)`")
CURL_URL = re.compile(r"https?://[^/\s'\"]+(/api/[^\s'\"]*)")


def code_masked_cells(line):
    """Table cells of `line`; a code span may hold a `|` (a broken row of the Netflix-era tables)."""
    spans = []

    def keep(match):
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    masked = re.sub(r"`[^`]*`", keep, line.strip())
    cells = [c.strip() for c in masked.strip("|").split("|")]
    return [re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], c) for c in cells]


def curl_endpoint(block):
    """(METHOD, /api/path) of a curl command in a fenced block's text, or None."""
    text = block.replace("\\\n", " ")
    for line in text.split("\n"):
        if not re.search(r"\bcurl\b", line):
            continue
        url = CURL_URL.search(line)
        if not url:
            continue
        method = re.search(r"(?:-X|--request)\s*['\"]?" + METHOD_RE, line)
        if method:
            verb = method.group(1)
        elif re.search(r"\s(-d|--data|--data-raw|--data-binary|-F|--form)\b", line):
            verb = "POST"
        else:
            verb = "GET"
        return verb, url.group(1)
    return None


class Page:
    def __init__(self, text):
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for number in range(1, len(lines)):
                if lines[number].strip() == "---":
                    lines = [""] * (number + 1) + lines[number + 1 :]
                    break
        self.lines = lines
        self.fenced = [False] * len(lines)
        self.headings = []  # (line, level, text)
        self.fences = []  # (first line, last line) of each fenced block
        inside, start = False, None
        for number, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith("```") and not (inside is False and stripped.count("```") >= 2 and len(stripped) > 6):
                self.fenced[number] = True
                if inside:
                    self.fences.append((start, number))
                    inside = False
                else:
                    inside, start = True, number
                continue
            if inside:
                self.fenced[number] = True
                continue
            heading = HEADING.match(line)
            if heading:
                self.headings.append((number, len(heading.group(1)), heading.group(2)))
                continue
            # A bold line counts as a heading only as the label of an endpoint block right below it
            # ("**Trigger Workflow Execution**" then ```POST /workflow/{name}```), not as emphasis in running text.
            bold = BOLD_HEADING.match(stripped)
            if bold:
                after = number + 1
                while after < len(lines) and not lines[after].strip():
                    after += 1
                if after < len(lines) and (lines[after].strip().startswith("```") or STANDALONE.match(lines[after])):
                    self.headings.append((number, 7, bold.group(1)))
        if inside:
            self.fences.append((start, len(lines) - 1))

    def heading_above(self, line):
        found = None
        for heading in self.headings:
            if heading[0] < line:
                found = heading
        return found

    def parent(self, heading):
        found = None
        for other in self.headings:
            if other[0] < heading[0] and other[1] < heading[1]:
                found = other
        return found

    def section_end(self, heading):
        for other in self.headings:
            if other[0] > heading[0] and other[1] <= heading[1]:
                return other[0]
        return len(self.lines)

    def body_end(self, heading):
        for other in self.headings:
            if other[0] > heading[0]:
                return other[0]
        return len(self.lines)

    def is_prose(self, number):
        if self.fenced[number]:
            return False
        s = self.lines[number].strip()
        if not s or s.startswith(("#", "|", ">", "<", "{", "!", "[", "---", "===")):
            return False
        if s.startswith(("- ", "* ", "+ ")) or re.match(r"^\d+\.\s", s) or BOLD_HEADING.match(s):
            return False
        if STANDALONE.match(s) or self.lines[number].startswith(("\t", "    ")):
            return False
        return bool(re.match(r"^[A-Za-z\"'`]", s))

    def paragraph(self, number):
        """The prose paragraph that starts at line `number`, joined."""
        parts = []
        while number < len(self.lines) and self.is_prose(number):
            parts.append(self.lines[number].strip())
            number += 1
        return " ".join(parts)


def page_rows(text, source, keys, unresolved):
    """Candidate rows of one page: dicts with q, expect, source."""
    # Template variables of the 2023 pages: "`GET {{ api_prefix }}/workflow/search`" is "/api/workflow/search".
    text = re.sub(r"\{\{\s*api_prefix\s*\}\}", "/api", text)
    text = re.sub(r"\{\{\s*server_host\s*\}\}", "", text)
    page = Page(text)
    lines = page.lines
    rows = []
    mentions = []  # (line, key, kind): kind "table", "standalone", "inline", "request", "curl"

    def add(query, key, kind):
        if query:
            rows.append({"q": query, "key": key, "source": f"{source} ({kind})"})

    def endpoint(method, path, number):
        key = resolve(keys, method, path)
        if key is None:
            unresolved.append(f"{source}:{number + 1} {method} {path}")
        return key

    # ---- tables
    number = 0
    while number < len(lines):
        if page.fenced[number] or not lines[number].strip().startswith("|"):
            number += 1
            continue
        start = number
        while number < len(lines) and lines[number].strip().startswith("|") and not page.fenced[number]:
            number += 1
        header = [c.strip("` ").lower() for c in code_masked_cells(lines[start])]
        described = [i for i, c in enumerate(header) if c.startswith("description")]
        for row in range(start + 1, number):
            cells = code_masked_cells(lines[row])
            if all(set(c) <= set("-: ") for c in cells):
                continue
            method, path = None, None
            for index, cell in enumerate(cells):
                code = re.match(r"^`\s*" + METHOD_RE + r"\s+([^`\s|]+)", cell)
                if code:
                    method, path = code.group(1), code.group(2)
                    break
            if method is None and len(cells) >= 2:
                plain = [c.strip("` ") for c in cells]
                verbs = [i for i, c in enumerate(plain) if c.upper() in METHODS and c.isupper()]
                paths = [i for i, c in enumerate(plain) if c.startswith("/")]
                if verbs and paths:
                    method, path = plain[verbs[0]], plain[paths[0]]
                    base = re.search(r"base path `(/api/[^`]*)`", text)
                    if base and not path.startswith("/api"):
                        base_path = base.group(1).rstrip("/")
                        prefix = "/" + base_path.split("/")[-1]
                        if not (path == prefix or path.startswith(prefix + "/")):
                            path = base_path + path
            if method is None:
                continue
            key = endpoint(method, path, row)
            if key is None:
                continue
            mentions.append((row, key, "table"))
            if described and described[0] < len(cells):
                add(first_sentence(cells[described[0]]), key, "table")

    # ---- standalone endpoints, curl commands, prose mentions
    block_of = {}
    for first, last in page.fences:
        block = "\n".join(lines[first + 1 : last])
        found = []
        for offset, line in enumerate(lines[first + 1 : last]):
            match = re.match(r"^\s*" + METHOD_RE + r"\s+((?:/|api/|\{\{)\S*)", line)
            if match:
                key = endpoint(match.group(1), match.group(2), first + 1 + offset)
                if key:
                    found.append(key)
        curl = curl_endpoint(block)
        kind = "standalone"
        if curl and not found:
            key = endpoint(curl[0], curl[1], first)
            if key:
                found.append(key)
                kind = "curl"
        for key in sorted(set(found)):
            mentions.append((first, key, kind))
        block_of[first] = sorted(set(found))
    # A curl command in an indented block under a list item ("6. Create a `Task` within `Conductor`. Example:").
    for number, line in enumerate(lines):
        item = re.match(r"^(\s*)(?:[-*+]|\d+\.)\s+\S.*:\s*$", line)
        if page.fenced[number] or not item:
            continue
        indent, after, block = len(item.group(1).expandtabs()), number + 1, []
        while after < len(lines) and not page.fenced[after] and (
            not lines[after].strip() or len(lines[after].expandtabs()) - len(lines[after].expandtabs().lstrip()) > indent
        ):
            block.append(lines[after].strip())
            after += 1
        first = number + 1
        while first < after and not lines[first].strip():
            first += 1
        curl = curl_endpoint("\n".join(b[2:] if b.startswith("$ ") else b for b in block).replace("\\\n", " "))
        if curl and first < after and "curl" in lines[first]:
            key = endpoint(curl[0], curl[1], first)
            if key:
                mentions.append((first, key, "curl"))
                block_of[first] = [key]
    for number, line in enumerate(lines):
        if page.fenced[number] or line.strip().startswith("|"):
            continue
        match = STANDALONE.match(line)
        if match:
            key = endpoint(match.group(1), match.group(2), number)
            if key:
                mentions.append((number, key, "standalone"))
                block_of[number] = [key]
            continue
        for match in INLINE_CODE.finditer(line):
            key = endpoint(match.group(1), match.group(2), number)
            if key:
                mentions.append((number, key, "inline"))
        for match in INLINE_REQUEST.finditer(line):
            key = endpoint(match.group(1), match.group(2), number)
            if key:
                mentions.append((number, key, "request"))

    # ---- headings and the first sentence under them
    done = set()
    for number, key, kind in sorted(mentions):
        # A table row has its own description; an endpoint named inside a sentence is not what the heading is about.
        if kind in ("table", "inline"):
            continue
        heading = page.heading_above(number)
        while heading and generic_heading(heading[2]):
            heading = page.parent(heading)
        if heading is None or heading[0] in done:
            continue
        done.add(heading[0])
        end = page.section_end(heading)
        named = {k for n, k, _ in mentions if heading[0] < n < end}
        if named != {key}:
            continue
        add(heading_text(heading[2]), key, "heading")
        # The first prose paragraph under the heading, if it is near the endpoint: further away it introduces the
        # page's topic ("A wait task is implemented as a gate ..."), not the operation.
        for line in range(heading[0] + 1, page.body_end(heading)):
            if page.is_prose(line):
                if abs(line - number) <= NEAR:
                    add(first_sentence(page.paragraph(line)), key, "sentence")
                break

    # ---- the sentence that leads into a standalone endpoint or a curl command
    for number, keys_here in sorted(block_of.items()):
        if len(keys_here) != 1:
            continue
        above = number - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        # Only a line that introduces what follows ("... via API:"); a list item ("* ... using the following API:")
        # counts too.
        if above < 0 or page.fenced[above] or not lines[above].rstrip().endswith(":"):
            continue
        item = re.match(r"^\s*(?:[-*+]|\d+\.)\s+(.*)$", lines[above])
        if item:
            found = sentences(item.group(1))
        elif page.is_prose(above):
            start = above
            while start - 1 >= 0 and page.is_prose(start - 1):
                start -= 1
            found = sentences(page.paragraph(start))
        else:
            continue
        found = [f for f in found if normalised(f) not in {"example", "examples", "for example"}]
        if found:
            # "Start the execution of the kitchensink workflow by posting the following": what follows is the block.
            lead = re.sub(r",?\s+(?:by posting|by sending|using|with|as)\s+(?:the\s+)?(?:following|follows|below)$", "", found[-1])
            add(lead, keys_here[0], "sentence")

    # ---- a sentence that names its endpoint inline: "... can be unit tested using `POST /workflow/test` endpoint."
    for number, key, kind in mentions:
        if kind != "inline" or not page.is_prose(number):
            continue
        line = lines[number].strip()
        if len(INLINE_CODE.findall(line)) != 1 or re.search(r"`/", line):
            continue
        cut = re.sub(
            r"\s*\b(?:using|via|with|through|by calling|call)\s+(?:the\s+)?" + INLINE_CODE.pattern
            + r"(?:\s+(?:endpoint|API call|API|call|resource))?",
            "",
            line,
        )
        if cut != line:
            add(first_sentence(cut), key, "sentence")
    return rows


# ---------------------------------------------------------------- assembly


def load_summaries():
    summaries = {}
    for path, item in load_document("oss")["paths"].items():
        for method, operation in item.items():
            if method.upper() in METHODS:
                summaries[f"{method.upper()} {path}"] = (operation or {}).get("summary") or ""
    return summaries


def history_pages(repo, tip, revisions, blobs, wanted=lambda path: True):
    """(commit, path) of every distinct Markdown page revision under docs/ (`wanted` paths only) not in `blobs`: the
    pages of `tip` first, then the other revisions in `git log revisions`, newest first (commit time, then hash).
    `blobs` collects what was taken."""
    pages = []
    for path in tree_files(repo, tip, "docs"):
        blob = git(repo, "rev-parse", f"{tip}:{path}").strip()
        if wanted(path) and blob not in blobs:
            blobs.add(blob)
            pages.append((tip, path))
    older = []
    commit = when = None
    for line in git(repo, "log", "--format=C %H %ct", "--raw", "--no-abbrev", "--no-renames", revisions, "--",
                    "docs").split("\n"):
        if line.startswith("C "):
            _, commit, when = line.split(" ")
        elif line.startswith(":") and line.endswith(".md"):
            meta, path = line.split("\t", 1)
            blob = meta.split(" ")[3]
            if set(blob) != {"0"} and wanted(path):
                older.append((-int(when), commit, path, blob))
    for _, commit, path, blob in sorted(older):
        if blob not in blobs:
            blobs.add(blob)
            pages.append((commit, path))
    return pages


def netflix_pages(repo, blobs):
    """(commit, path) of every distinct Markdown page revision under docs/ up to NETFLIX_LAST: the pages of that
    commit first, then older revisions, newest first (commit time, then hash); then NETFLIX_SIDE_FILES."""
    pages = history_pages(repo, NETFLIX_LAST, NETFLIX_LAST, blobs)
    for commit, path in NETFLIX_SIDE_FILES:
        blob = git(repo, "rev-parse", f"{commit}:{path}").strip()
        if blob not in blobs:
            blobs.add(blob)
            pages.append((commit, path))
    return pages


def community_pages(repo, blobs):
    """(commit, path) of every distinct non-API Markdown page revision under docs/ at MAIN_COMMIT, then of the other
    revisions in NETFLIX_LAST..MAIN_COMMIT, newest first; nothing under HELD_FOLDERS."""
    return history_pages(repo, MAIN_COMMIT, f"{NETFLIX_LAST}..{MAIN_COMMIT}", blobs,
                         lambda path: not path.startswith(HELD_FOLDERS))


def candidate_rows(repo, keys, unresolved, reasons):
    blobs = set()
    pages = netflix_pages(repo, blobs)
    current = {}
    for commit, path in OSS_API_FILES:
        if path not in current:
            try:
                current[path] = show(repo, CURRENT_COMMIT, path)
            except subprocess.CalledProcessError:
                current[path] = None
        pages.append((commit, path))
    pages += community_pages(repo, blobs)
    rows = []
    skipped_same = 0
    for commit, path in pages:
        text = show(repo, commit, path)
        if path in current and text == current[path]:
            skipped_same += 1
            continue
        source = f"{REPO}@{commit[:10]} {path}"
        for row in page_rows(text, source, keys, unresolved):
            reason = usable(row["q"])
            if reason:
                reasons[reason] = reasons.get(reason, 0) + 1
                continue
            row["file"] = path
            rows.append(row)
    return rows, skipped_same


def current_rows(repo, keys):
    """Queries the same extraction gives for docs/documentation/api at CURRENT_COMMIT (the held-out source)."""
    rows = []
    for path in tree_files(repo, CURRENT_COMMIT, "docs/documentation/api"):
        rows += page_rows(show(repo, CURRENT_COMMIT, path), path, keys, [])
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", help="a clone or bare mirror of conductor-oss/conductor (all branches)")
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval" / "search-olddocs-dev.jsonl"))
    args = parser.parse_args()
    keys = load_specs()["oss"]
    summaries = load_summaries()
    unresolved = []
    unusable = {}
    rows, skipped_same = candidate_rows(args.repo, keys, unresolved, unusable)
    found = len(rows)

    # Other evaluation files: exact (normalised) and near (loose) keys; the held-out test part kept apart for counting.
    used, used_loose, test, test_loose = set(), set(), set(), set()
    for name in USED_FILES:
        for line in (ROOT / "Fixtures" / "eval" / name).read_text().splitlines():
            if line.strip():
                query = json.loads(line)["q"]
                used.add(normalised(query))
                used_loose.add(loose(query))
                if name == HELD_TEST:
                    test.add(normalised(query))
                    test_loose.add(loose(query))
    current = current_rows(args.repo, keys)
    current_exact = {normalised(r["q"]) for r in current}
    current_loose = {loose(r["q"]) for r in current}

    # Conflict: one query (or near copy), different endpoints in different places.
    targets = {}
    for row in rows:
        targets.setdefault(normalised(row["q"]), set()).add(row["key"])
        targets.setdefault(loose(row["q"]), set()).add(row["key"])
    conflicting = {k for k, v in targets.items() if len(v) > 1}

    def rule(row, seen):
        """The rule that drops `row`, or None to keep it."""
        exact, near = normalised(row["q"]), loose(row["q"])
        summary = summaries[row["key"]]
        if exact in REJECTED:
            return "rejected"
        if exact == normalised(summary) or near == loose(summary):
            return "trivial"
        if exact in conflicting or near in conflicting:
            return "conflict"
        if exact in used:
            return "used"
        if near in used_loose:
            return "near-used"
        if exact in current_exact or near in current_loose:
            return "current"
        if exact in seen or near in seen:
            return "duplicate"
        return None

    dropped = {name: 0 for name in ["rejected", "trivial", "conflict", "used", "near-used", "current", "duplicate"]}
    against_test = 0
    kept, seen = [], set()
    debug = os.environ.get("OLDDOCS_DEBUG")
    for row in rows:
        exact, near = normalised(row["q"]), loose(row["q"])
        hidden = exact in test or near in test_loose
        against_test += hidden
        why = rule(row, seen)
        if why is None:
            seen.update([exact, near])
            kept.append(row)
            continue
        dropped[why] += 1
        # Debugging aid: dropped candidates and why; anything equal or near to a held-out test query is never shown.
        if debug and not hidden and why != "duplicate":
            print(f"DROP {why:9s} {row['key']:50s} | {row['q']} | {row['source']}", file=sys.stderr)

    with open(args.out, "w") as handle:
        for row in kept:
            out = {"spec": "oss", "q": row["q"], "expect": [row["key"]], "source": row["source"]}
            handle.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")

    per_file, per_kind = {}, {}
    for row in kept:
        per_file[row["file"]] = per_file.get(row["file"], 0) + 1
        kind = row["source"].rsplit("(", 1)[1].rstrip(")")
        per_kind[kind] = per_kind.get(kind, 0) + 1
    print(f"{len(kept)} rows from {found} usable candidates", file=sys.stderr)
    print(f"  unusable queries dropped: {dict(sorted(unusable.items()))}", file=sys.stderr)
    print(f"  unresolved endpoint mentions (no or several OSS endpoints): {len(unresolved)}", file=sys.stderr)
    print(f"  earlier-API revisions skipped as identical to {CURRENT_COMMIT[:10]}: {skipped_same}", file=sys.stderr)
    print(f"  dropped: {dropped}", file=sys.stderr)
    print(f"  candidates equal or near to a {HELD_TEST} query (all dropped): {against_test}", file=sys.stderr)
    print(f"  by kind: {dict(sorted(per_kind.items()))}", file=sys.stderr)
    for path, count in sorted(per_file.items()):
        print(f"  {count:4d}  {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
