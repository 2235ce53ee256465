"""Builds a larger development set of search queries from Conductor SDKs other than the Python one.

Text this project did not write, for tuning the ranking (never for the held-out measurement, whose source is the
Python SDK, conductor-mcp and the docs: see make-search-eval.py). Every row is one hand-written, high-level SDK method
that calls exactly one endpoint; its queries are the method name split into words ("getWorkflowStatusSummary" ->
"get workflow status summary") and, separately, the first sentence of its hand-written doc comment.

Sources:
  - conductor-oss/java-sdk, module conductor-client:
      the OSS clients com/netflix/conductor/client/http/{Workflow,Task,Metadata,Event}Client (Javadoc + the
      ConductorClientRequest builder's method and path) -> the OSS document (or Netflix when only Netflix has it);
      the Orkes clients io/orkes/conductor/client/http/Orkes*Client, including the methods they inherit from the OSS
      clients, mapped through the *Resource classes that hold method and path; their Javadoc is their own or that of
      the interface / superclass method they implement -> the Orkes document (else OSS, else Netflix).
  - conductor-oss/javascript-sdk (TypeScript): the classes named *Client or *Executor in src/sdk/clients/**/*.ts and
      ConductorWorkflow in src/sdk/builders/ConductorWorkflow.ts (JSDoc), mapped through the generated src/open-api/generated/sdk.gen.ts
      (class.method -> url + verb) or a raw `client.get({url})` / `this.raw("get", url)` call -> Orkes, else OSS.
  - conductor-sdk/conductor-go: WorkflowExecutor (sdk/workflow/executor) and ConductorWorkflow (sdk/workflow), with
      their Go doc comments, mapped through the *ApiService methods of sdk/client (path + APIClient verb) -> Orkes,
      else OSS. The sdk/client *Client interfaces are left out: they only re-export the generated *ApiService methods,
      whose names are the documents' operationIds (GetTask1, DeleteTaskFromHumanTaskRecords1, ...), not hand-written.

The generated resource/API classes (TypeScript sdk.gen.ts, Go api_*_resource.go, Java *Resource) only resolve which
path and method a high-level method calls; their own names, summaries and comments are never queries.

Rules: a method is kept only when everything it calls (its body, the same-class methods it calls, the resource methods
it calls, transitively) reaches exactly one endpoint and no HTTP call the script cannot read (a dynamic path or verb,
fetch, a background poller such as Go's WorkflowMonitor); the endpoint must exist in the target document (placeholders
normalised, the document's spelling written). A method whose name says write or delete but which sends GET (Java
TagsResource.setWorkflowTags) and the methods in MISROUTED are dropped as SDK bugs. Method-name queries need 2+ words;
doc queries are the first sentence of the first paragraph, 3..25 words, markup and parentheticals stripped, and are
dropped when they describe arguments ("Takes a ...") or lean on another method ("Same as ..."), when their leading verb
or their subject contradicts the method name (get vs create vs delete; "schedule" on getTask: a doc comment copied from
a neighbour), or when they repeat a summary of the target document word for word. Rows are deduplicated by spec and
normalised query (a query that different sources map to different endpoints of one document is dropped), and every
row whose normalised query equals a query of search-held-test, search-held-dev or search-dev is removed.

Usage (what produced Fixtures/eval/search-sdk-dev.jsonl):
  fetch / git clone conductor-oss/java-sdk        at 4928618f8f8b78d4d2a7e8b4e0faec8bebe45608 into JAVA
  fetch / git clone conductor-oss/javascript-sdk  at 816e5f5260a9014f9775fb08bfb542cbc15715d0 into JS
  fetch / git clone conductor-sdk/conductor-go    at 1483df653671f8405104b5cf7b3428fe2e23d085 into GO
  python3.11 scripts/make-search-eval-sdks.py --java JAVA --js JS --go GO [--out Fixtures/eval/search-sdk-dev.jsonl]
Standard library only; deterministic (sorted file order, no hashing, no time).
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

from search_eval_common import METHODS, ROOT, SPEC_FILES, load_document, load_specs, matching_keys

EXISTING = ["search-held-test.jsonl", "search-held-dev.jsonl", "search-dev.jsonl"]
# A call the script cannot read (dynamic path or verb): the method is dropped.
OPAQUE = ("?", "?")


# ---------------------------------------------------------------- specs


def bare(text):
    """Lower-case words of `text` without parentheticals, for comparing a doc sentence with a summary."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"\([^()]*\)", "", text or "").lower()))


def load_summaries():
    """Per document, the summaries of its operations: an SDK doc comment that copies one is not a query of its own."""
    summaries = {}
    for name in SPEC_FILES:
        document = load_document(name)
        summaries[name] = {
            bare(operation.get("summary"))
            for item in document["paths"].values()
            for method, operation in item.items()
            if method.upper() in METHODS and isinstance(operation, dict) and operation.get("summary")
        }
    return summaries


def resolve(specs, spec, method, path):
    """The endpoint keys of `spec` that `method path` reaches: same literals, a placeholder for a placeholder."""
    return matching_keys(specs[spec], method, path)


def place(specs, preference, endpoints):
    """(spec, [keys]) for the first document of `preference` that has every endpoint, each exactly once."""
    for spec in preference:
        keys = []
        for method, path in sorted(endpoints):
            found = resolve(specs, spec, method, path)
            if len(found) != 1:
                break
            keys.append(found[0])
        else:
            return spec, sorted(set(keys))
    return None


# ---------------------------------------------------------------- text


def words_of_identifier(name):
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", name)
    return " ".join(part for part in re.split(r"[_\W]+", name) if part).lower()


def first_sentence(lines, break_on_capital):
    """The first sentence of a comment's first paragraph (lines already stripped of comment markers)."""
    paragraph = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("@") or line.lower().startswith(("<p>", "returns:", "parameters:", "args:")):
            if paragraph:
                break
            continue
        # Go and TypeScript comments often run on without a full stop: a line starting with a capital starts anew.
        if paragraph and break_on_capital and re.match(r"[A-Z]", line):
            break
        paragraph.append(line)
    text = " ".join(paragraph)
    text = re.sub(r"\{@(?:link|linkplain|code|literal)\s+([^}]*)\}", lambda m: m.group(1).split("#")[-1], text)
    text = re.sub(r"</?\w+[^>]*>", " ", text)
    text = text.replace("`", "")
    # A parenthetical is an aside: "(overwrite: true)", "(e.g., a specific LLM model)", "(array)".
    text = re.sub(r"\s*\([^()]*\)", "", text)
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[A-Za-z0-9)\]'\"])[.:;](\s|$)", text, maxsplit=1)[0]
    sentence = re.sub(r"[*\[\]]", "", sentence)
    return sentence.strip(" .,-")


VERB_CLASSES = {
    "read": {"get", "gets", "retrieve", "retrieves", "fetch", "fetches", "list", "lists", "search", "searches",
             "find", "finds", "read", "reads", "query", "queries", "check", "checks", "exists"},
    "write": {"create", "creates", "register", "registers", "save", "saves", "add", "adds", "put", "puts",
              "update", "updates", "set", "sets", "upsert", "upserts", "start", "starts"},
    "delete": {"delete", "deletes", "remove", "removes", "unregister", "unregisters", "un-registers"},
}


def verb_class(word):
    for name, words in VERB_CLASSES.items():
        if word.lower() in words:
            return name
    return None


def contradicts(method_words, doc):
    """A doc sentence whose leading verb is of another kind than the method name's (copied from a neighbour)."""
    if not method_words or not doc:
        return False
    name_verb = method_words.split()[0]
    if name_verb == "un" and len(method_words.split()) > 1:
        name_verb = "unregister"
    a, b = verb_class(name_verb), verb_class(doc.split()[0])
    return a is not None and b is not None and a != b


def verb_mismatch(method_words, http_method):
    """A method named as a write or a delete that sends GET, or a read that sends DELETE: an SDK bug (such as
    TagsResource.setWorkflowTags sending GET), not a request worth learning."""
    name_verb = method_words.split()[0] if method_words else ""
    if name_verb == "un":
        name_verb = "unregister"
    kind = verb_class(name_verb)
    return (kind in ("write", "delete") and http_method == "GET") or (kind == "read" and http_method == "DELETE")


# Doc sentences that describe the arguments or lean on another method instead of naming an operation.
NOT_A_REQUEST = ("takes ", "same as ", "alias ", "test endpoint", "by ")
# Things an endpoint acts on: a doc sentence naming only others than the method name does was copied from a neighbour
# ("Get an existing schedule by Id" on TaskClient.getTask).
RESOURCE_NOUNS = {
    "workflow", "task", "schedule", "scheduler", "secret", "prompt", "integration", "application", "user", "group",
    "event", "schema", "template", "tag", "handler", "queue", "token", "environment", "variable", "service",
    "permission", "role", "key",
}


def nouns(text):
    out = set()
    for word in re.findall(r"[A-Za-z]+", words_of_identifier(text)):
        word = word.lower()
        for stem in (word, word[:-1] if word.endswith("s") else word):
            if stem in RESOURCE_NOUNS:
                out.add("schedule" if stem == "scheduler" else stem)
    return out


def other_subject(method_words, doc):
    named, described = nouns(method_words), nouns(doc)
    return bool(named and described and named.isdisjoint(described))


# SDK methods that send a request the documents give to another operation: the query would teach the wrong answer.
MISROUTED = {
    # listAllSecretNames sends GET /secrets, which the Orkes document gives to "List all secret names user can grant
    # access to" (listSecretsThatUserCanGrantAccessTo); the document's "List all secret names" is POST /secrets.
    ("conductor-oss/java-sdk", "OrkesSecretClient", "listAllSecretNames"),
}


def normalise(query):
    return " ".join(query.lower().split()).rstrip(".,;:!?")


# ---------------------------------------------------------------- source scanning shared by the three languages


def mask(text, lang):
    """`text` with comment bodies and string contents blanked (same length, quotes and newlines kept)."""
    out = list(text)
    i = 0
    n = len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif c in "\"'" or (c == "`" and lang in ("ts", "go")):
            if lang == "java" and text.startswith('"""', i):
                j = text.find('"""', i + 3)
                j = n if j < 0 else j + 3
                blank(i + 3, j - 3)
                i = j
                continue
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\\" and not (c == "`" and lang == "go"):
                    j += 1
                elif c != "`" and text[j] == "\n":
                    break
                j += 1
            blank(i + 1, min(j, n))
            i = j + 1
        else:
            i += 1
    return "".join(out)


def matching(masked, index):
    """Index of the bracket closing the one at `index`."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    opening = masked[index]
    closing = pairs[opening]
    depth = 0
    for k in range(index, len(masked)):
        if masked[k] == opening:
            depth += 1
        elif masked[k] == closing:
            depth -= 1
            if depth == 0:
                return k
    return len(masked) - 1


def depths(masked):
    """Brace depth before each character."""
    out = []
    depth = 0
    for c in masked:
        out.append(depth)
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
    return out


def literal(text, masked, quote_index):
    """The string literal whose opening quote is at `quote_index` (its closing quote found in the masked text)."""
    quote = masked[quote_index]
    end = masked.find(quote, quote_index + 1)
    return text[quote_index + 1 : end]


def doc_before(text, index):
    """The /** ... */ comment right before `index` (only whitespace between), as lines without markers."""
    before = text[:index].rstrip()
    if not before.endswith("*/"):
        return []
    start = before.rfind("/**")
    if start < 0:
        return []
    body = before[start + 3 : -2]
    return [re.sub(r"^\s*\*?\s?", "", line) for line in body.split("\n")]


class Method:
    def __init__(self, owner, name, doc, body, public):
        self.owner = owner
        self.name = name
        self.doc = doc  # list of comment lines
        self.body = body  # (text, masked) of the body, or None for a declaration without one
        self.public = public
        self.direct = set()  # (METHOD, path) endpoints, OPAQUE for an unreadable call
        self.calls = []  # ("self", name) | ("super", name) | ("type", type, name)


class Type:
    def __init__(self, name, file, parents=()):
        self.name = name
        self.file = file
        self.parents = list(parents)  # superclass first, then interfaces
        self.fields = {}  # field name -> type name
        self.methods = {}  # name -> [Method]


class Program:
    """Types of one SDK and the endpoints their methods reach."""

    def __init__(self):
        self.types = {}

    def add(self, kind):
        # A type spread over several files (Go) is one type.
        if kind.name in self.types:
            existing = self.types[kind.name]
            existing.fields.update(kind.fields)
            for name, methods in kind.methods.items():
                existing.methods.setdefault(name, []).extend(methods)
        else:
            self.types[kind.name] = kind

    def lookup(self, type_name, method_name, seen=None):
        """The overloads of `method_name` on `type_name` or its nearest ancestor that defines it (with a body)."""
        seen = seen or set()
        kind = self.types.get(type_name)
        if kind is None or type_name in seen:
            return None, []
        seen.add(type_name)
        bodies = [m for m in kind.methods.get(method_name, []) if m.body is not None]
        if bodies:
            return kind, bodies
        for parent in kind.parents:
            found, methods = self.lookup(parent, method_name, seen)
            if methods:
                return found, methods
        return None, []

    def docs(self, type_name, method_name, seen=None):
        """Doc comments of `method_name` on the type, else on the interfaces / superclasses it comes from."""
        seen = seen or set()
        kind = self.types.get(type_name)
        if kind is None or type_name in seen:
            return []
        seen.add(type_name)
        docs = [m.doc for m in kind.methods.get(method_name, []) if m.doc]
        if docs:
            return docs
        for parent in kind.parents:
            docs = self.docs(parent, method_name, seen)
            if docs:
                return docs
        return []

    def endpoints(self, dynamic, type_name, method_name, stack=()):
        """Every endpoint the named method reaches, called on an object of type `dynamic`."""
        key = (dynamic, type_name, method_name)
        if key in stack:
            return set()
        owner, methods = self.lookup(type_name, method_name)
        found = set()
        for method in methods:
            found |= method.direct
            for call in method.calls:
                if call[0] == "self":
                    found |= self.endpoints(dynamic, dynamic, call[1], stack + (key,))
                elif call[0] == "super" and owner is not None and owner.parents:
                    found |= self.endpoints(dynamic, owner.parents[0], call[1], stack + (key,))
                elif call[0] == "type":
                    found |= self.endpoints(call[1], call[1], call[2], stack + (key,))
        return found


# ---------------------------------------------------------------- Java and TypeScript classes

JAVA_MODIFIERS = r"(?:(?:public|protected|private|static|final|abstract|synchronized|default|native|strictfp)\s+)*"
TS_MODIFIERS = r"(?:(?:public|protected|private|static|async|override|readonly|get|set)\s+)*"
KEYWORDS = {
    "if", "for", "while", "switch", "catch", "return", "new", "throw", "synchronized", "try", "else", "do",
    "super", "this", "function", "typeof", "await", "case", "constructor", "instanceof", "void",
}


def class_members(text, masked, lang, body_start, body_end, depth_of):
    """(name, modifiers, doc lines, body span or None, header span) of the methods directly in a class body."""
    level = depth_of[body_start + 1]
    if lang == "java":
        header = re.compile(
            r"(?<![\w@.])((?:@\w+(?:\.\w+)*(?:\([^()]*\))?\s+)*)(" + JAVA_MODIFIERS + r")(?:<[^;{}()]*?>\s+)?"
            r"([\w.]+(?:<[^;{}()]*?>)?(?:\[\])*)\s+(\w+)\s*\("
        )
    else:
        header = re.compile(r"()\b(" + TS_MODIFIERS + r")()(\w+)\s*(?:<[^;{}()]*?>)?\s*\(")
    members = []
    position = body_start + 1
    while True:
        match = header.search(masked, position, body_end)
        if not match:
            break
        position = match.end()
        start = match.start()
        if depth_of[start] != level:
            continue
        back = start - 1
        while back > body_start and masked[back].isspace():
            back -= 1
        if masked[back] not in ";}{":
            continue
        name = match.group(4)
        return_type = match.group(3)
        if name in KEYWORDS or return_type in ("new", "return", "else", "throw"):
            continue
        if lang == "java" and return_type in ("public", "protected", "private", "static", "final"):
            continue  # a constructor
        close = matching(masked, match.end() - 1)
        # Skip the TypeScript return type / Java throws clause up to the body or the end of the declaration.
        k = close + 1
        angle = 0
        while k < body_end:
            c = masked[k]
            if c == "<":
                angle += 1
            elif c == ">" and masked[k - 1] != "=":
                angle -= 1
            elif c == "(":
                k = matching(masked, k)
            elif c == "{" and angle > 0:
                k = matching(masked, k)
            elif c in "{;=" and angle <= 0:
                break
            k += 1
        if k >= body_end or masked[k] == "=":
            position = max(position, k)
            continue  # a field initialised with a call, not a method
        doc = doc_before(text, start)
        if masked[k] == "{":
            end = matching(masked, k)
            members.append((name, match.group(2), doc, (k + 1, end), start))
            position = end + 1
        else:
            members.append((name, match.group(2), doc, None, start))
            position = k + 1
    return members


def class_fields(masked, lang, body_start, body_end, depth_of):
    level = depth_of[body_start + 1]
    fields = {}
    if lang == "java":
        pattern = re.compile(
            r"(?:(?:private|protected|public|static|final|transient|volatile)\s+)*([A-Z]\w*)(?:<[^;=(){}]*?>)?\s+(\w+)\s*[;=]"
        )
        for match in pattern.finditer(masked, body_start + 1, body_end):
            if depth_of[match.start()] == level:
                fields[match.group(2)] = match.group(1)
    else:
        pattern = re.compile(r"(?:(?:private|protected|public|readonly|static)\s+)*(\w+)\s*[?!]?:\s*([A-Z]\w*)\s*[;=\n]")
        for match in pattern.finditer(masked, body_start + 1, body_end):
            if depth_of[match.start()] == level:
                fields[match.group(1)] = match.group(2)
    return fields


def parse_classes(text, lang, file, keep=lambda name: True):
    """The classes and interfaces declared at the top level of a Java or TypeScript file."""
    masked = mask(text, lang)
    depth_of = depths(masked)
    found = []
    declaration = re.compile(
        r"\b(class|interface)\s+(\w+)\s*(?:<[^{]*?>)?\s*(?:extends\s+([\w.<>, ]+?))?\s*(?:implements\s+([\w.<>, ]+?))?\s*\{"
    )
    for match in declaration.finditer(masked):
        if depth_of[match.start()] != 0 or not keep(match.group(2)):
            continue
        strip = lambda names: [re.sub(r"<.*", "", n).split(".")[-1].strip() for n in (names or "").split(",") if n.strip()]
        parents = strip(match.group(3)) + strip(match.group(4))
        kind = Type(match.group(2), file, parents)
        kind.interface = match.group(1) == "interface"
        body_start = match.end() - 1
        body_end = matching(masked, body_start)
        kind.fields = class_fields(masked, lang, body_start, body_end, depth_of)
        for name, modifiers, doc, span, _ in class_members(text, masked, lang, body_start, body_end, depth_of):
            public = "private" not in modifiers and "protected" not in modifiers and not name.startswith("_")
            if lang == "java" and not kind.interface:
                public = "public" in modifiers
            body = (text[span[0] : span[1]], masked[span[0] : span[1]]) if span else None
            kind.methods.setdefault(name, []).append(Method(kind.name, name, doc, body, public))
        found.append(kind)
    return found


def link_calls(program, kind, lang, followed):
    """Fill `calls` of each method: same-class calls and calls on fields whose type is one of `followed` (the
    resource classes and the other high-level clients: not the HTTP client, not helpers such as PayloadStorage)."""
    names = set()
    seen = set()
    stack = [kind.name]
    while stack:
        current = program.types.get(stack.pop())
        if current is None or current.name in seen:
            continue
        seen.add(current.name)
        names |= set(current.methods)
        stack += current.parents
    fields = {}
    for type_name in seen:
        fields.update(program.types[type_name].fields)
    for methods in kind.methods.values():
        for method in methods:
            if method.body is None:
                continue
            _, masked = method.body
            calls = []
            for match in re.finditer(r"(?:\bthis\.)?\b(\w+)\.(\w+)\s*(?:<[^()]*?>)?\(", masked):
                field, name = match.group(1), match.group(2)
                if field in fields and fields[field] in followed:
                    calls.append(("type", fields[field], name))
                elif field == "super":
                    calls.append(("super", name))
                elif field == "this" and name in names:
                    calls.append(("self", name))
            # In Java a bare call is a call on `this`; in TypeScript it is a module function.
            if lang == "java":
                for match in re.finditer(r"(?<![\w.$])(\w+)\s*\(", masked):
                    if match.group(1) in names and match.group(1) not in KEYWORDS:
                        calls.append(("self", match.group(1)))
            method.calls = calls


# ---------------------------------------------------------------- Java


def java_direct(method):
    """Endpoints of a Java method's ConductorClientRequest builder calls (verb and path paired in order)."""
    text, masked = method.body
    verbs = []
    for match in re.finditer(r"\.method\(\s*([\w.]+)\s*\)", masked):
        verb = match.group(1).split(".")[-1]
        verbs.append(verb if verb in METHODS else "?")
    paths = []
    for match in re.finditer(r"\.path\(\s*(\S)", masked):
        if match.group(1) == '"':
            paths.append(literal(text, masked, match.start(1)))
        else:
            paths.append("?")
    if not verbs and not paths:
        return set()
    if len(verbs) != len(paths) or "?" in verbs or "?" in paths:
        return {OPAQUE}
    return {(verb, "/api" + path.split("?")[0]) for verb, path in zip(verbs, paths)}


def java_program(root):
    base = root / "conductor-client" / "src" / "main" / "java"
    files = sorted(
        list((base / "com/netflix/conductor/client/http").glob("*.java"))
        + list((base / "io/orkes/conductor/client/http").glob("*.java"))
        + list((base / "io/orkes/conductor/client").glob("*.java"))
    )
    program = Program()
    for file in files:
        for kind in parse_classes(file.read_text(), "java", str(file.relative_to(root))):
            program.add(kind)
    followed = {
        name
        for name in program.types
        if name.endswith("Resource") or (name.endswith("Client") and name not in ("ConductorClient", "ApiClient"))
    }
    for kind in program.types.values():
        link_calls(program, kind, "java", followed)
        for methods in kind.methods.values():
            for method in methods:
                if method.body is not None:
                    method.direct = java_direct(method)
    oss = ["WorkflowClient", "TaskClient", "MetadataClient", "EventClient"]
    orkes = sorted(n for n in program.types if n.startswith("Orkes") and n.endswith("Client"))
    targets = [(n, ["oss", "netflix"]) for n in oss] + [(n, ["orkes", "oss", "netflix"]) for n in orkes]
    return program, targets


# ---------------------------------------------------------------- TypeScript


def ts_generated(root):
    """(class, method) -> (METHOD, url) of the generated sdk.gen.ts."""
    file = root / "src/open-api/generated/sdk.gen.ts"
    text = file.read_text()
    routes = {}
    for kind in parse_classes(text, "ts", str(file)):
        for name, methods in kind.methods.items():
            for method in methods:
                if method.body is None:
                    continue
                body, body_masked = method.body
                verbs = {m.group(1).upper() for m in re.finditer(r"\)\.(get|post|put|delete|patch)\s*<", body_masked)}
                urls = [literal(body, body_masked, m.start(1)) for m in re.finditer(r"\burl:\s*(['\"`])", body_masked)]
                if len(verbs) == 1 and len(urls) == 1:
                    routes[(kind.name, name)] = (verbs.pop(), urls[0])
    return routes


def ts_url(raw):
    return re.sub(r"\$\{[^}]*\}", "{x}", raw).split("?")[0]


def ts_direct(method, routes, generated_classes):
    text, masked = method.body
    found = set()
    for match in re.finditer(r"\b([A-Z]\w*)\.(\w+)\s*\(", masked):
        cls, name = match.group(1), match.group(2)
        if cls in generated_classes:
            found.add(routes.get((cls, name), OPAQUE))
    # Raw calls on the shared client: client.get({ url: ... }) and this.raw("get", url).
    for match in re.finditer(r"\b(\w+)\.(get|post|put|delete|patch|request)\s*(?:<[^()]*?>)?\(\s*(\{)?", masked):
        receiver = match.group(1)
        if receiver not in ("client", "_client", "c", "http") and not receiver.endswith("Client"):
            continue
        if match.group(3):
            close = matching(masked, match.start(3))
            url = re.search(r"\burl:\s*(['\"`])", masked[match.start(3) : close])
            if url and match.group(2) != "request":
                at = match.start(3) + url.start(1)
                raw = literal(text, masked, at)
                found.add((match.group(2).upper(), ts_url(raw)) if not raw.startswith("${") else OPAQUE)
                continue
        found.add(OPAQUE)
    for match in re.finditer(r"\bthis\.raw\(\s*(['\"])[^'\"]*\1\s*,\s*(['\"`])", masked):
        verb = literal(text, masked, match.start(1)).upper()
        raw = literal(text, masked, match.start(2))
        found.add((verb, ts_url(raw)) if verb in METHODS and raw.startswith("/") else OPAQUE)
    if re.search(r"(?<![\w.])fetch\s*\(", masked) or re.search(r"\b\w+\.\w+Resource\.\w+\s*\(", masked):
        found.add(OPAQUE)  # fetch, or the backward-compatible resource objects (client.workflowResource.x)
    return found


def ts_program(root):
    routes = ts_generated(root)
    generated_classes = {cls for cls, _ in routes} | {
        k.name for k in parse_classes((root / "src/open-api/generated/sdk.gen.ts").read_text(), "ts", "")
    }
    files = sorted(p for p in (root / "src/sdk/clients").rglob("*.ts") if "__tests__" not in p.parts)
    files.append(root / "src/sdk/builders/ConductorWorkflow.ts")
    program = Program()
    for file in files:
        for kind in parse_classes(file.read_text(), "ts", str(file.relative_to(root))):
            if not kind.interface:
                program.add(kind)
    for kind in program.types.values():
        link_calls(program, kind, "ts", set(program.types))
        for methods in kind.methods.values():
            for method in methods:
                if method.body is not None:
                    method.direct = ts_direct(method, routes, generated_classes)
    targets = [
        (n, ["orkes", "oss", "netflix"])
        for n in sorted(program.types)
        if n.endswith(("Client", "Executor")) or n == "ConductorWorkflow"
    ]
    return program, targets


# ---------------------------------------------------------------- Go

GO_VERBS = {
    "Get": "GET", "Post": "POST", "PostWithContentType": "POST", "PostWithParams": "POST", "Put": "PUT",
    "PutWithContentType": "PUT", "PutWithParams": "PUT", "Delete": "DELETE", "DeleteWithBody": "DELETE",
    "Patch": "PATCH",
}


def go_functions(text):
    """Methods with a receiver: (receiver var, type, name, doc lines, body text, body masked)."""
    masked = mask(text, "go")
    found = []
    for match in re.finditer(r"(?m)^func\s*\(\s*(\w+)\s+\*?(\w+)\s*\)\s*(\w+)\s*\(", masked):
        close = matching(masked, match.end() - 1)
        k = close + 1
        while k < len(masked):
            c = masked[k]
            if c == "(":
                k = matching(masked, k)
            elif c == "{":
                if re.search(r"(interface|struct)\s*$", masked[:k]):
                    k = matching(masked, k)
                else:
                    break
            k += 1
        end = matching(masked, k)
        doc = []
        lines = text[: match.start()].split("\n")[:-1]
        while lines and lines[-1].strip().startswith("//"):
            doc.insert(0, lines.pop().strip()[2:].strip())
        found.append((match.group(1), match.group(2), match.group(3), doc, text[k + 1 : end], masked[k + 1 : end]))
    structs = {}
    for match in re.finditer(r"(?m)^type\s+(\w+)\s+struct\s*\{", masked):
        end = matching(masked, match.end() - 1)
        fields = {}
        for field in re.finditer(r"(?m)^\s*(\w+)\s+\*?(?:\w+\.)?(\w+)\s*$", masked[match.end() : end]):
            fields[field.group(1)] = field.group(2)
        structs[match.group(1)] = fields
    return found, structs


def go_program(root):
    program = Program()
    files = sorted((root / "sdk/client").glob("*.go")) + sorted((root / "sdk/workflow/executor").glob("*.go"))
    files.append(root / "sdk/workflow/workflow.go")
    receivers = {}
    for file in files:
        if file.name.endswith("_test.go"):
            continue
        functions, structs = go_functions(file.read_text())
        for name, fields in structs.items():
            kind = Type(name, str(file.relative_to(root)))
            kind.fields = fields
            program.add(kind)
        for receiver, type_name, name, doc, body, body_masked in functions:
            kind = Type(type_name, str(file.relative_to(root)))
            kind.methods[name] = [Method(type_name, name, doc, (body, body_masked), name[:1].isupper())]
            program.add(kind)
            receivers[(type_name, name)] = receiver
    for kind in program.types.values():
        for name, methods in kind.methods.items():
            for method in methods:
                receiver = receivers[(kind.name, name)]
                text, masked = method.body
                calls = []
                verbs = set()
                for match in re.finditer(r"\b" + receiver + r"\.(\w+)(?:\.(\w+))?\s*\(", masked):
                    first, second = match.group(1), match.group(2)
                    if second is None:
                        if first in kind.methods:
                            calls.append(("self", first))
                        elif first in GO_VERBS:
                            verbs.add(GO_VERBS[first])
                        elif first == "prepareRequest":
                            pass
                    elif first == "APIClient" and second in GO_VERBS:
                        verbs.add(GO_VERBS[second])
                    elif first in kind.fields and kind.fields[first] in program.types:
                        calls.append(("type", kind.fields[first], second))
                if re.search(r"\b" + receiver + r"\.prepareRequest\(", masked):
                    verb = re.search(r"localVarHttpMethod\s*:?=\s*strings\.ToUpper\(\"(\w+)\"\)", text)
                    verbs.add(verb.group(1).upper() if verb else "?")
                paths = set()
                for match in re.finditer(
                    r"\b(?:path|localVarPath)\s*:?=\s*(?:\w+\.cfg\.BasePath\s*\+\s*)?(?:fmt\.Sprintf\(\s*)?(\S)", masked
                ):
                    if match.group(1) == '"':
                        raw = literal(text, masked, match.start(1))
                        paths.add(re.sub(r"%[sdv]", "{x}", raw).split("?")[0])
                    else:
                        paths.add("?")
                method.calls = calls
                if verbs or paths:
                    if len(verbs) == 1 and len(paths) == 1 and "?" not in verbs | paths:
                        method.direct = {(verbs.pop(), "/api" + paths.pop())}
                    else:
                        method.direct = {OPAQUE}
    # A type whose background goroutine (a *Daemon method no method of the type calls: started by its constructor)
    # sends requests makes every call into it send them too: WorkflowMonitor polls GET /workflow/{id} for the
    # workflows MonitorExecution hands it, so "start workflows and monitor execution" is not POST /workflow alone.
    for kind in program.types.values():
        called = {call[1] for methods in kind.methods.values() for m in methods for call in m.calls if call[0] == "self"}
        for name in kind.methods:
            if name.endswith("Daemon") and name not in called and program.endpoints(kind.name, kind.name, name):
                for methods in kind.methods.values():
                    for method in methods:
                        method.direct = method.direct | {OPAQUE}
                break
    targets = [("WorkflowExecutor", ["orkes", "oss", "netflix"]), ("ConductorWorkflow", ["orkes", "oss", "netflix"])]
    return program, targets


def go_doc_lines(name, doc):
    """Go comments start with the name: "RegisterWorkflow Registers ..." -> "Registers ..."; a one-word name that
    is the sentence's verb ("Pause the execution ...") stays."""
    lines = [l for l in doc if not l.lower().startswith(("enterprise feature", "deprecated"))]
    if not lines:
        return []
    words = lines[0].split()
    if words and words[0] == name and len(words) > 1:
        stripped = bool(re.search(r"[a-z][A-Z]", name)) or words[1][:1].isupper() or words[1].endswith("s")
        if words[1].lower() in ("a", "an", "the", "all", "any", "this"):
            stripped = False
        if stripped:
            lines[0] = " ".join(words[1:])
            lines[0] = lines[0][:1].upper() + lines[0][1:]
    return lines


# ---------------------------------------------------------------- rows


def sdk_rows(label, commit, lang, program, targets, specs, stats):
    rows = []
    for type_name, preference in targets:
        kind = program.types.get(type_name)
        if kind is None:
            continue
        # The public methods of the class and of the classes it extends (what a caller of this client can call).
        names = []
        chain = [kind]
        while chain[-1].parents and chain[-1].parents[0] in program.types and lang != "go":
            parent = program.types[chain[-1].parents[0]]
            if getattr(parent, "interface", False):
                break
            chain.append(parent)
        for current in chain:
            for name, methods in current.methods.items():
                if name not in [n for n, _ in names] and any(m.public and m.body is not None for m in methods):
                    names.append((name, current.name))
        for name, declared in names:
            if lang == "java" and name in ("setRootURI", "registerListener", "close", "shutdown"):
                continue
            if lang == "go" and name.endswith("WithContext") and name[: -len("WithContext")] in kind.methods:
                continue
            if (label, type_name, name) in MISROUTED:
                stats["misrouted by the SDK"] += 1
                continue
            endpoints = program.endpoints(type_name, type_name, name)
            stats["methods"] += 1
            if not endpoints:
                continue
            if OPAQUE in endpoints or len(endpoints) != 1:
                stats["several or unreadable"] += 1
                continue
            query_name = name[: -len("WithContext")] if name.endswith("WithContext") else name
            method_words = words_of_identifier(query_name)
            if verb_mismatch(method_words, next(iter(endpoints))[0]):
                stats["name contradicts HTTP method"] += 1
                print(f"  name contradicts HTTP method: {label} {type_name}.{name} {endpoints}", file=sys.stderr)
                continue
            placed = place(specs, preference, endpoints)
            if placed is None:
                stats["not in the documents"] += 1
                continue
            spec, keys = placed
            shown = type_name if declared == type_name else f"{type_name}<-{declared}"
            source = f"{label}@{commit[:10]} {shown}.{name}"
            queries = []
            if len(method_words.split()) >= 2:
                queries.append((method_words, source + " (method name)"))
            for doc in program.docs(declared, name) or program.docs(type_name, name):
                lines = go_doc_lines(name, doc) if lang == "go" else doc
                sentence = first_sentence(lines, break_on_capital=lang in ("go", "ts"))
                if not 3 <= len(sentence.split()) <= 25:
                    continue
                if sentence.lower().startswith(NOT_A_REQUEST):
                    stats["doc not a request"] += 1
                    continue
                if contradicts(method_words, sentence) or other_subject(method_words, sentence):
                    stats["doc contradicts name"] += 1
                    print(f"  doc contradicts name: {source}: {sentence!r}", file=sys.stderr)
                    continue
                queries.append((sentence, source + " (docstring)"))
            for query, where in queries:
                rows.append({"spec": spec, "q": query, "expect": keys, "source": where})
    return rows


def git_commit(path):
    try:
        return subprocess.run(
            ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--java", required=True, help="a checkout of conductor-oss/java-sdk")
    parser.add_argument("--js", required=True, help="a checkout of conductor-oss/javascript-sdk")
    parser.add_argument("--go", required=True, help="a checkout of conductor-sdk/conductor-go")
    parser.add_argument("--out", default=str(ROOT / "Fixtures" / "eval" / "search-sdk-dev.jsonl"))
    args = parser.parse_args()
    specs = load_specs()
    stats = {
        "methods": 0,
        "several or unreadable": 0,
        "name contradicts HTTP method": 0,
        "not in the documents": 0,
        "doc contradicts name": 0,
        "doc not a request": 0,
        "misrouted by the SDK": 0,
    }
    rows = []
    for label, lang, path, build in [
        ("conductor-oss/java-sdk", "java", args.java, java_program),
        ("conductor-oss/javascript-sdk", "ts", args.js, ts_program),
        ("conductor-sdk/conductor-go", "go", args.go, go_program),
    ]:
        root = pathlib.Path(path)
        program, targets = build(root)
        rows += sdk_rows(label, git_commit(root), lang, program, targets, specs, stats)

    # Deduplicate by spec and normalised query; a query two sources send to different endpoints is ambiguous.
    groups = {}
    for row in rows:
        groups.setdefault((row["spec"], normalise(row["q"])), []).append(row)
    held = set()
    for name in EXISTING:
        for line in (ROOT / "Fixtures" / "eval" / name).read_text().splitlines():
            if line.strip():
                held.add(normalise(json.loads(line)["q"]))
    summaries = load_summaries()
    out = []
    conflicting = leaked = copied = 0
    for key, group in groups.items():
        if len({tuple(r["expect"]) for r in group}) > 1:
            conflicting += 1
            continue
        if key[1] in held:
            leaked += 1
            continue
        # A doc comment that repeats the document's own summary (the JavaScript SDK copies many) is trivial.
        if group[0]["source"].endswith("(docstring)") and bare(group[0]["q"]) in summaries[key[0]]:
            copied += 1
            continue
        out.append(group[0])
    with open(args.out, "w") as handle:
        for row in out:
            handle.write(json.dumps(row, separators=(",", ":")) + "\n")
    by_sdk, by_spec, by_kind = {}, {}, {}
    for row in out:
        sdk = row["source"].split("@")[0]
        by_sdk[sdk] = by_sdk.get(sdk, 0) + 1
        by_spec[row["spec"]] = by_spec.get(row["spec"], 0) + 1
        kind = row["source"].rsplit("(", 1)[1].rstrip(")")
        by_kind[kind] = by_kind.get(kind, 0) + 1
    print(
        f"{len(out)} rows; by SDK {by_sdk}; by spec {by_spec}; by kind {by_kind}; "
        f"dropped: {conflicting} ambiguous queries, {leaked} equal to an existing eval query, {copied} doc sentences "
        f"copying a summary of the document; methods {stats}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
