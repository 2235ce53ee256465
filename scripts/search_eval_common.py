"""What the search-evaluation builders share: the bundled documents, their endpoint keys and the path matching.

Imported by make-search-eval.py (the held-out set), make-search-eval-sdks.py, make-search-eval-orkes-docs.py,
make-search-eval-old-docs.py and make-search-eval-python-docs.py (the development sets) and make-search-eval-transfer.py
(the transfer check); Python puts a script's own folder on the import path, so each finds this file beside it.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC_FILES = {
    "oss": "conductor-oss-3.x-2025-08.json",
    "orkes": "orkes-conductor-v2-2025-10.json",
    "netflix": "netflix-conductor-3.x-2024-01.json",
}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def load_document(name):
    """The bundled OpenAPI document `name` (a key of SPEC_FILES), parsed."""
    return json.loads((ROOT / "specs" / SPEC_FILES[name]).read_text())


def load_specs():
    """Per document, the set of its endpoint keys as (METHOD, path)."""
    specs = {}
    for name in SPEC_FILES:
        keys = set()
        for path, item in load_document(name)["paths"].items():
            for method in item:
                if method.upper() in METHODS:
                    keys.add((method.upper(), path))
        specs[name] = keys
    return specs


def segments(path):
    return [s for s in path.strip("/").split("/") if s]


def is_variable(segment):
    return segment.startswith("{") and segment.endswith("}")


def same_shape(have, wanted):
    """Whether two segment lists match: same length, each pair equal or both placeholders."""
    return len(have) == len(wanted) and all(
        h == w or (is_variable(h) and is_variable(w)) for h, w in zip(have, wanted)
    )


def matching_keys(keys, method, path):
    """The endpoint keys ("METHOD /path", sorted) among `keys` ((METHOD, path) pairs) that `method path` reaches:
    the same literals, a placeholder for a placeholder (a concrete value does not match one)."""
    wanted = segments(path)
    return [
        f"{key_method} {key_path}"
        for key_method, key_path in sorted(keys)
        if key_method == method and same_shape(segments(key_path), wanted)
    ]


def prefer_literal(found, path):
    """Of several matches, the one whose path is `path` itself: "/workflow/search" is not "/workflow/{workflowId}"."""
    if len(found) > 1:
        exact = [k for k in found if k.split(" ", 1)[1] == path]
        return exact or found
    return found
