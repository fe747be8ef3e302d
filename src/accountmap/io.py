"""Reading and writing data files (YAML or JSON, same structure).

Reading keeps where each value came from: for YAML the line of every key and list item, for
JSON the record path. Nothing here judges the content; it only turns bytes into plain data
plus a ``Locator`` so that later checks can say ``FILE:LINE: path.to.field: message``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import json_book
from .errors import DataError, OutputError, Problem, UsageError
from .perf import bulk
from .uri_text import looks_like_uri, without_userinfo
from .yaml_events import FALLBACK
from .yaml_events import build as build_from_events

PathKey = tuple[str | int, ...]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loader that leaves dates as strings, so bad dates become reported problems
    (with a line number) in validation instead of exceptions inside the YAML library."""


#: Plain scalars YAML reads as something other than text, narrowed to what JSON would also
#: read (YAML 1.2 core): decimal integers and decimal floats (0x1F, 0o17, 1_000 and 1:30 stay
#: text), true/false (yes, no, on, off stay text), null; dates stay text (see _Loader).
_IMPLICIT = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
}
_Loader.yaml_implicit_resolvers = {}
for _first, _resolvers in _BaseLoader.yaml_implicit_resolvers.items():
    for _tag, _rx in _resolvers:
        if _tag == "tag:yaml.org,2002:timestamp":
            continue
        _Loader.yaml_implicit_resolvers.setdefault(_first, []).append(
            (_tag, _IMPLICIT.get(_tag, _rx)))
for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):  # "1e5" starts with a digit
    for _first in "-+0123456789.":
        _entries = _Loader.yaml_implicit_resolvers.setdefault(_first, [])
        if all(t != _tag for t, _ in _entries):
            _entries.append((_tag, _IMPLICIT[_tag]))


def _decimal(kind: str) -> Any:
    """The constructor of an explicitly tagged number (``!!int``, ``!!float``): the same
    decimal-only rule as plain scalars (``!!int 0x1F`` is refused, with its line)."""
    base = _BaseLoader.yaml_constructors[f"tag:yaml.org,2002:{kind}"]

    def construct(loader: Any, node: yaml.ScalarNode) -> Any:
        if not _IMPLICIT[f"tag:yaml.org,2002:{kind}"].match(str(node.value)):
            raise yaml.constructor.ConstructorError(
                None, None, f"!!{kind} {node.value!r} is not a decimal number (write it as "
                            "plain decimal digits)", node.start_mark)
        return base(loader, node)

    return construct


for _kind in ("int", "float"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _decimal(_kind))


def format_path(path: PathKey) -> str:
    """``('stakeholders', 12, 'reports_to')`` -> ``'stakeholders[12].reports_to'``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Locator:
    """Maps record paths to source lines (YAML) so problems can name their line. ``pending``
    works the lines out when the first problem asks for one (a book without problems never
    pays for them)."""

    source: str
    lines: dict[PathKey, int] = field(default_factory=dict)
    pending: Callable[[], dict[PathKey, int]] | None = field(default=None, repr=False,
                                                             compare=False)

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest located ancestor; None for JSON."""
        if self.pending is not None:
            self.lines.update(self.pending())
            self.pending = None
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.source, format_path(path), message, self.line(path))


@dataclass
class Document:
    """Plain data read from one file, and where each part of it came from."""

    source: str
    data: Any
    locator: Locator


def _yaml_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int],
                problems: list[Problem], source: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            if key in seen and key != "<<":  # merge keys (<<: *base) may repeat
                problems.append(Problem(source, format_path(child), "duplicate key",
                                        key_node.start_mark.line + 1))
            seen.add(key)
            _yaml_lines(value_node, child, lines, problems, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _yaml_lines(item, (*path, index), lines, problems, source)


#: A book of business nests a few levels deep; anything deeper is not one, and very deep
#: nesting would exhaust the parser's stack.
MAX_DEPTH = 100
#: Aliases may repeat a value, not multiply the document: the values they add (counted as if
#: copied out) may not exceed this many, plus ten times the values written out.
MAX_ALIAS_VALUES = 100_000
#: YAML books are parsed node by node in Python, about ten times slower and hungrier than
#: JSON; above this size the reader refuses them and asks for JSON (same structure).
MAX_YAML_BYTES = 32 * 1024 * 1024


def _check_yaml_shape(text: str, source: str) -> None:
    """Walk the parser's events once (iteratively: no recursion) and refuse, before any node
    is built, documents nested deeper than MAX_DEPTH, aliases that contain themselves, and
    aliases that expand far beyond the document's size ("billion laughs")."""
    depth = 0
    written = 0
    added = 0
    open_anchors: list[tuple[str | None, int]] = []  # (anchor, values before it) per collection
    sizes: dict[str, int] = {}

    def refuse(event: Any, message: str) -> DataError:
        return DataError([Problem(source, "", message, event.start_mark.line + 1)])

    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                anchor = event.anchor
                if any(name == anchor for name, _ in open_anchors):
                    raise refuse(event, f"the alias *{anchor} refers to a value that "
                                        "contains it")
                added += sizes.get(anchor or "", 1)
                if added > MAX_ALIAS_VALUES + 10 * written:
                    raise refuse(event, "aliases expand to too many values (more than "
                                        f"{MAX_ALIAS_VALUES:,} beyond ten times the values "
                                        "written out): write the values out")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                written += 1
                if depth > MAX_DEPTH:
                    raise refuse(event, f"nested more than {MAX_DEPTH} levels deep")
                open_anchors.append((event.anchor, written + added))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                anchor, before = open_anchors.pop()
                if anchor is not None:
                    sizes[anchor] = written + added - before + 1
            elif isinstance(event, yaml.ScalarEvent):
                written += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
    except yaml.MarkedYAMLError as exc:
        # libyaml (PyYAML >= 6.0.4) has a nesting limit of its own, which may trip first.
        if "nesting depth" not in str(exc.problem):
            raise
        mark = exc.problem_mark or exc.context_mark
        raise DataError([Problem(source, "", f"nested more than {MAX_DEPTH} levels deep",
                                 mark.line + 1 if mark is not None else None)]) from None
    finally:
        loader.dispose()


def _parse_yaml(text: str, source: str) -> Document:
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise DataError([Problem(source, "", f"a YAML book above {MAX_YAML_BYTES >> 20} MB is "
                                 "refused (YAML is parsed about ten times slower than JSON): "
                                 "write large books as JSON, with the same structure")])
    data = build_from_events(text, _Loader, MAX_DEPTH)
    if data is not FALLBACK:  # a plain book: built in one pass, its lines when asked
        return Document(source, data, Locator(source, pending=lambda: _lines_of(text, source)))
    try:
        _check_yaml_shape(text, source)
        loader = _Loader(text)
        locator = Locator(source)
        problems: list[Problem] = []
        try:
            node = loader.get_single_node()
            if node is not None:  # lines and duplicate keys as written, before merge keys
                _yaml_lines(node, (), locator.lines, problems, source)  # are expanded
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = exc.problem or exc.context or "malformed"
        raise DataError([Problem(source, "", f"not valid YAML: {reason}", line)]) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise DataError([Problem(source, "", f"not valid YAML: {exc}")]) from None
    if problems:
        raise DataError(problems)
    return Document(source, data, locator)


def _lines_of(text: str, source: str) -> dict[PathKey, int]:
    """The line of each record path of a YAML text already read once (so it parses)."""
    lines: dict[PathKey, int] = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _yaml_lines(node, (), lines, [], source)
    finally:
        loader.dispose()
    return lines


def _parse_json(text: str, source: str) -> Document:
    return Document(source, json_book.parse(text, source), Locator(source))


#: The most a data file may hold, checked while reading (a device or a FIFO that never ends
#: is refused at the limit): JSON books, and YAML books (parsed ten times slower).
MAX_JSON_BYTES = 1 << 30
def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The file's bytes, at most ``limit`` (one more means too long: refused by the caller),
    read in chunks so a device or a FIFO never fills the memory."""
    with open(path, "rb") as fh:
        chunks, size = [], 0
        while size <= limit:
            chunk = fh.read(min(1 << 22, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a YAML or JSON file into plain data. Raises DataError for missing, unreadable,
    too long, empty or unparsable files and for a top level that is not a mapping."""
    return parse_text(read_text(path).removeprefix(BOM), str(path))


#: The byte-order mark some editors put at the start of a UTF-8 file (kept when rewritten).
BOM = "\ufeff"


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a book file as written (a byte-order mark included), within the size
    limit of its kind. Raises DataError for a URI, a missing, unreadable or too long file,
    and text that is not UTF-8."""
    source = str(path)
    if looks_like_uri(source):
        raise UsageError(f"{without_userinfo(source)!r} is a URI, not a data file (Neo4j "
                         "sources take bolt://, bolt+s://, neo4j:// or neo4j+s://)")
    is_yaml_name = Path(source).suffix.lower() in {".yaml", ".yml"}
    limit = MAX_YAML_BYTES if is_yaml_name else MAX_JSON_BYTES
    try:
        raw = read_limited(path, limit)
    except FileNotFoundError:
        raise DataError([Problem(source, "", "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(source, "", "is a directory, not a data file")]) from None
    except OSError as exc:
        raise DataError([Problem(source, "", f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        advice = ("write large books as JSON, with the same structure" if is_yaml_name
                  else "split the book (by group) into smaller files")
        raise DataError([Problem(source, "", f"longer than {limit >> 20} MiB, the most a "
                                 f"{'YAML' if is_yaml_name else 'data'} file may hold: "
                                 f"{advice}")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(source, "", f"not UTF-8 text (byte {exc.start})")]) from None


def is_json_text(source: str, text: str) -> bool:
    """Whether a book is JSON: a ``.json`` name, or a text starting with ``{`` or ``[``
    under another name than YAML's."""
    suffix = Path(source).suffix.lower()
    return suffix == ".json" or (suffix not in {".yaml", ".yml"} and text.lstrip()[:1] in "{[")


def parse_text(text: str, source: str) -> Document:
    """Plain data from the text of a YAML or JSON book named ``source`` (JSON by a ``.json``
    name, or by a text starting with ``{`` or ``[`` under another name than YAML's)."""
    if not text.strip():
        raise DataError([Problem(source, "", "file is empty")])
    is_json = is_json_text(source, text)
    with bulk():  # parsing creates millions of objects on large books: no GC passes meanwhile
        doc = _parse_json(text, source) if is_json else _parse_yaml(text, source)
    if doc.data is None:
        raise DataError([Problem(source, "", "file is empty")])
    if not isinstance(doc.data, dict):
        raise DataError([Problem(source, "", "the top level must be a mapping of sections "
                                 f"(products, owners, ...), not a {type(doc.data).__name__}", 1
                                 if not is_json else None)])
    return doc


def _iter_json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """Stream a dataset as JSON, one record per line: fast and diff-friendly at any size."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    yield "{\n"
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        tail = ",\n" if i < len(items) - 1 else "\n"
        if isinstance(value, list) and value:
            yield f"{encode(key)}:[\n"
            last = len(value) - 1
            yield ",\n".join(encode(rec) for rec in value[:last])
            yield (",\n" if last else "") + encode(value[last]) + "\n]" + tail
        else:
            yield f"{encode(key)}:{encode(value)}{tail}"
    yield "}\n"


def dumps(data: dict[str, Any], fmt: str = "json") -> str:
    """Serialise plain dataset data as ``json`` (one record per line) or ``yaml``."""
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "".join(_iter_json_chunks(data))


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to an output path (``-o``), the one way every command writes a file:

    - a regular file or a new path: through a temporary file in the same folder (a short
      name, so any valid file name works), renamed over it, so a failure never leaves a
      half-written file; an existing file keeps its mode (and owner, where permitted). The
      rename gives it a new inode: other hard links keep the old content;
    - a symbolic link: written through to its target the same way (the link stays);
    - ``-``, a FIFO or a character device (``/dev/stdout``): streamed to; a write error there
      is an ``OutputError``;
    - any other kind of file (a folder, a socket, a block device): refused, ``UsageError``.
    """
    name = os.fspath(path)
    if name == "-":
        _stream(sys.stdout.buffer if sys.stdout is not None else None, text, "standard output")
        return
    target = Path(os.path.realpath(name)) if os.path.islink(name) else Path(name)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror}") from None
    if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        try:
            with open(target, "wb") as fh:
                _stream(fh, text, name)
        except OSError as exc:
            raise OutputError(f"cannot write {name}: {exc.strerror}") from None
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{name} is {_kind_of(st.st_mode)}, not a file: give a file name "
                         "(or - for standard output)")
    _replace(target, name, text, st)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def _stream(fh: Any, text: str, name: str) -> None:
    if fh is None:
        raise OutputError(f"cannot write {name}: it is closed")
    try:
        fh.write(text.encode("utf-8"))
        fh.flush()
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None


def _replace(target: Path, name: str, text: str, st: os.stat_result | None) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".am", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if st is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        else:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):  # only where permitted
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {name}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_inputs_as_output(output: str | os.PathLike[str] | None,
                            *inputs: str | os.PathLike[str] | None) -> None:
    """``-o`` must not be one of the command's input files (it would be overwritten): refused
    before any work (UsageError)."""
    if output is None or os.fspath(output) == "-":
        return
    out = os.path.realpath(os.fspath(output))
    for given in inputs:
        if given is None:
            continue
        source = os.fspath(given)
        if "://" in source:
            continue
        if os.path.realpath(source) == out or (
                os.path.exists(source) and os.path.exists(out)
                and os.path.samefile(source, out)):
            raise UsageError(f"-o {os.fspath(output)} is the input file {source}: write the "
                             "output to another file")
