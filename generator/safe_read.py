"""Read YAML, JSON and URLs a project or a user hands us, within limits that fail fast.

- YAML (`gazette.yaml`, `mkdocs.yml`): at most `YAML_MAX_BYTES`, and the document's node
  graph may expand to at most `YAML_MAX_NODES` values once aliases are followed. PyYAML
  composes `*alias` as a reference to one node, so a 700-byte "billion laughs" file
  composes in microseconds; it is whatever walks the loaded value afterwards (a line
  index, a digest, MkDocs' own config merge) that needs gigabytes. The expansion is
  counted on the graph, each node once, so the check is linear in the file.
  `python_tags` lists the `!!python/...` tags of a document, which MkDocs' loader would
  run (`!!python/object/apply:os.system`): the caller refuses those not allowed.
- JSON (`--against`, manifests): at most `JSON_MAX_DEPTH` levels of `[`/`{`, counted in
  one pass over the bytes before `json.loads` (whose recursion would otherwise end in a
  RecursionError, or a crash, on a file of ten thousand `[`).
- URLs: at most `URL_MAX_BYTES` read, and the whole read within `URL_DEADLINE` seconds (a
  socket timeout only bounds each wait, so a server trickling one byte a second would
  otherwise hold the command for ever).
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from typing import Any

import yaml

YAML_MAX_BYTES = 1_000_000
YAML_MAX_NODES = 100_000
JSON_MAX_DEPTH = 64
URL_MAX_BYTES = 64 * 1024 * 1024
URL_DEADLINE = 60.0
_PYTHON_TAG = "tag:yaml.org,2002:python/"


class LimitError(ValueError):
    """A document over one of the limits; `str()` says which, in English, for `detail`."""


def check_yaml_size(text: str) -> None:
    """Raise LimitError when a YAML text is over YAML_MAX_BYTES."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > YAML_MAX_BYTES:
        raise LimitError(f"{size} bytes, more than the limit of {YAML_MAX_BYTES}")


def compose_yaml(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> yaml.Node | None:
    """Return the YAML text's node graph, or raise LimitError (size, expansion, depth).

    yaml.YAMLError passes through for a text that is not YAML.
    """
    check_yaml_size(text)
    try:
        node = yaml.compose(text, Loader=loader)
    except RecursionError:  # the composer recurses once per nesting level
        raise LimitError("nested too deeply") from None
    if node is not None:
        expanded = expanded_size(node, YAML_MAX_NODES)
        if expanded > YAML_MAX_NODES:
            raise LimitError(
                f"its aliases expand it to more than {YAML_MAX_NODES} values (an alias bomb)"
            )
    return node


def expanded_size(root: yaml.Node, limit: int) -> int:
    """Return how many values `root` holds with every alias followed, stopping past `limit`.

    Each node's size is computed once (iteratively, children before parents), so a graph
    of n nodes costs O(n) however many times its aliases repeat one another.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if ready or not children:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            sizes[id(node)] = min(total, limit + 1)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    """Return the nodes directly under a mapping or sequence node."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def python_tags(root: yaml.Node | None) -> list[tuple[str, int]]:
    """Return each `!!python/...` tag of a node graph (without its prefix) and its line."""
    found: list[tuple[str, int]] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag.startswith(_PYTHON_TAG):
            found.append((node.tag[len(_PYTHON_TAG) :], node.start_mark.line + 1))
        stack.extend(_children(node))
    return sorted(found, key=lambda tag: tag[1])


_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(data: bytes, limit: int = JSON_MAX_DEPTH) -> int:
    """Return the deepest nesting of `[`/`{` in JSON bytes (strings skipped), stopping past
    `limit`."""
    depth = deepest = 0
    for token in _JSON_TOKENS.finditer(data):
        char = token.group()[:1]
        if char in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in b"]}":
            depth -= 1
    return deepest


def check_json_depth(data: bytes, limit: int = JSON_MAX_DEPTH) -> None:
    """Raise LimitError when JSON bytes nest deeper than `limit`."""
    if json_depth(data, limit) > limit:
        raise LimitError(f"nested more than {limit} levels deep")


def load_json(data: bytes, limit: int = JSON_MAX_DEPTH) -> Any:
    """Return the JSON value of UTF-8 bytes; raise LimitError if nested deeper than `limit`.

    A text that is not JSON raises ValueError (UnicodeDecodeError is one), as json.loads.
    """
    check_json_depth(data, limit)
    return json.loads(data.decode("utf-8"))


def fetch_url(url: str, max_bytes: int = URL_MAX_BYTES, deadline: float = URL_DEADLINE) -> bytes:
    """Return the body of an http(s) URL; raise LimitError past `max_bytes` or `deadline` s.

    OSError (and ValueError for a malformed URL) pass through as from urllib.
    """
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) URL: {url}")
    start = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    timeout = max(min(deadline, 30.0), 0.1)
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http(s) only
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise LimitError(f"{declared} bytes, more than the limit of {max_bytes}")
        while True:
            if time.monotonic() - start > deadline:
                raise LimitError(f"not read within {deadline:g} seconds")
            chunk = response.read1(64 * 1024)  # what has arrived: a trickle cannot block
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise LimitError(f"more than the limit of {max_bytes} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


def read_location(location: str, max_bytes: int | None = None) -> bytes:
    """Return the bytes of an http(s) URL (see `fetch_url`) or of a file, at most `max_bytes`.

    Raise LimitError past the cap; OSError and ValueError pass through.
    """
    max_bytes = URL_MAX_BYTES if max_bytes is None else max_bytes
    if location.startswith(("https://", "http://")):
        return fetch_url(location, max_bytes)
    with open(location, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError(f"more than the limit of {max_bytes} bytes")
    return data
