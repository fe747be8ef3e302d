"""Edits of a book's text that keep everything else as it was written.

A YAML book is never dumped again: its nodes are located (PyYAML's composer gives each node's
start and end in the text) and only the added or changed lines are spliced in, so comments,
key order, quoting, flow style and alignment outside the edit stay byte-identical. An added
record follows its section's style: a one-line flow record (``- {id: t1, date: ...}``) where the
section's records are flow records, else a block record indented like the others; a changed
flow record stays on one line. A JSON book is written again with the indentation, separators
and escaping it was written with (``accountmap``'s own one-record-per-line style included).

Two edits exist, enough for every ``log`` command and importer: ``Append`` a record to a
section, and ``SetFields`` of one record (a field that exists is replaced in place, a new one
is added after the record's last field).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import UsageError
from ..io import _Loader, dumps


@dataclass(frozen=True)
class Append:
    """Add ``record`` at the end of ``section``."""

    section: str
    record: dict[str, Any]


@dataclass(frozen=True)
class SetFields:
    """Give the record at ``section[index]`` these field values."""

    section: str
    index: int
    fields: dict[str, Any]


Edit = Append | SetFields


def apply_to_data(data: dict[str, Any], edits: Iterable[Edit]) -> dict[str, Any]:
    """The plain data the edits make of ``data`` (a new mapping; ``data`` is left alone)."""
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}
    for edit in edits:
        if isinstance(edit, Append):
            section = out.get(edit.section)
            out[edit.section] = [*(section or []), dict(edit.record)]
        else:
            records = out[edit.section]
            records[edit.index] = {**records[edit.index], **edit.fields}
    return out


def splice(text: str, fmt: str, data: dict[str, Any], edits: list[Edit]) -> str:
    """The new text of a book (``fmt`` ``yaml`` or ``json``) after ``edits``; ``data`` is what
    ``text`` holds. The YAML text is located once, whatever the number of edits."""
    if fmt == "json":
        return _json_text(text, apply_to_data(data, edits))
    return _YamlText(text).apply(edits)


# --- scalars and records written as YAML ---------------------------------------------------

def scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as the same value in flow and block context:
    plain where the house loader reads it back unchanged (``2026-03-01``, ``佐伯 健``), quoted
    otherwise (``'180,000'``, ``'true'``, ``'#1'``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if text and text == text.strip() and "\n" not in text:
        try:
            if yaml.load(f"[{text}]", Loader=_Loader) == [text]:
                return text
        except yaml.YAMLError:
            pass
    dumped = yaml.safe_dump([text], default_flow_style=True, allow_unicode=True,
                            width=1 << 30)
    return dumped.strip()[1:-1]


def flow(value: Any) -> str:
    """A value as flow YAML on one line: ``[a, b]``, ``{k: v}`` or a scalar."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


# --- YAML ----------------------------------------------------------------------------------

def _leaf_end(node: yaml.Node) -> int:
    """Where the text of ``node`` really ends: a block collection's own end mark lies at the
    next token (after blank and comment lines), so its last leaf's end is taken instead."""
    while not getattr(node, "flow_style", True) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


class _YamlText:
    def __init__(self, text: str) -> None:
        self.text = text
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.YAMLError as exc:  # the text was read before: not expected
            raise UsageError(f"cannot edit the book's text: {exc}") from None
        if not isinstance(root, yaml.MappingNode) or root.flow_style:
            raise UsageError("the book's top level is not a block mapping (section: ...): "
                             "edit it by hand or write it again with `accountmap merge`")
        self.root = root

    def _section(self, name: str) -> tuple[yaml.Node, yaml.Node] | None:
        for key, value in self.root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key, value
        return None

    def _line_end(self, index: int) -> int:
        """The index just after the end of the line holding ``index`` (a position at the start
        of a line is its own line's start)."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def apply(self, edits: list[Edit]) -> str:
        """The text with every edit's pieces spliced in (appends to one section together, in
        their order)."""
        pieces: list[tuple[int, int, int, str]] = []  # (start, end, order, new text)
        appended: dict[str, list[dict[str, Any]]] = {}
        for edit in edits:
            if isinstance(edit, Append):
                appended.setdefault(edit.section, []).append(edit.record)
            else:
                pieces += [(a, b, len(pieces), t) for a, b, t in
                           self._set(edit.section, edit.index, edit.fields)]
        for section, records in appended.items():
            start, end, piece = self._append(section, records)
            pieces.append((start, end, len(pieces), piece))
        text = self.text
        for start, end, _, new in sorted(pieces, key=lambda p: (p[0], p[2]), reverse=True):
            if start == len(text) and text and not text.endswith("\n"):
                new = "\n" + new
            text = text[:start] + new + text[end:]
        return text

    # appending records
    def _append(self, section: str, records: list[dict[str, Any]]) -> tuple[int, int, str]:
        found = self._section(section)
        end_of_text = len(self.text)
        if found is None:
            return end_of_text, end_of_text, f"{section}:\n" + "".join(
                _block_record(r, 2, 4) for r in records)
        key, seq = found
        if isinstance(seq, yaml.SequenceNode) and seq.flow_style:
            close = int(seq.end_mark.index) - 1
            return close, close, (", " if seq.value else "") + ", ".join(
                flow(r) for r in records)
        if isinstance(seq, yaml.SequenceNode) and seq.value:
            first = seq.value[0]
            at = self._line_end(_leaf_end(seq.value[-1]))
            dash = int(seq.start_mark.column)
            if isinstance(first, yaml.MappingNode) and first.flow_style:
                return at, at, "".join(" " * dash + "- " + flow(r) + "\n" for r in records)
            indent = int(first.start_mark.column) if isinstance(first, yaml.MappingNode) \
                else dash + 2
            block = _list_style(seq)
            return at, at, "".join(_block_record(r, dash, indent, block) for r in records)
        # an empty value (``section:`` or ``section: null``): the records go under the key
        colon = self.text.index(":", int(key.end_mark.index))
        column = int(key.start_mark.column)
        return colon + 1, self._line_end(colon), "\n" + "".join(
            _block_record(r, column + 2, column + 4) for r in records)

    # changing a record's fields
    def _set(self, section: str, index: int, fields: dict[str, Any]
             ) -> list[tuple[int, int, str]]:
        found = self._section(section)
        if found is None or not isinstance(found[1], yaml.SequenceNode):
            raise UsageError(f"the book has no {section} to edit")
        item = found[1].value[index]
        if not isinstance(item, yaml.MappingNode):
            raise UsageError(f"{section}[{index}] is not a record")
        pieces: list[tuple[int, int, str]] = []  # (start, end, new text), applied from the end
        adding: dict[str, Any] = {}
        keys = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        for name, value in fields.items():
            if name not in keys:
                adding[name] = value
                continue
            key, old = keys[name]
            if isinstance(old, yaml.SequenceNode) and not old.flow_style and old.value:
                end = self._line_end(_leaf_end(old))
                if not value:  # an empty list: written flow after the key
                    colon = self.text.index(":", int(key.end_mark.index))
                    pieces.append((colon + 1, end, " []\n"))
                    continue
                start = self.text.rfind("\n", 0, int(old.start_mark.index)) + 1
                dash = " " * int(old.start_mark.column) + "- "
                pieces.append((start, end, "".join(f"{dash}{flow(v)}\n" for v in value)))
            else:
                pieces.append((int(old.start_mark.index), int(old.end_mark.index),
                               flow(value)))
        if adding:
            if item.flow_style:
                close = int(item.end_mark.index) - 1
                extra = "".join(f", {scalar(k)}: {flow(v)}" for k, v in adding.items())
                pieces.append((close, close, extra))
            else:
                at = self._line_end(_leaf_end(item))
                indent = " " * int(item.start_mark.column)
                extra = "".join(f"{indent}{scalar(k)}: {flow(v)}\n" for k, v in adding.items())
                pieces.append((at, at, extra))
        return pieces


def _list_style(seq: yaml.SequenceNode) -> bool:
    """Whether the section's records write their lists as block lists (one ``- item`` a
    line) rather than flow lists (``[a, b]``)."""
    for item in seq.value:
        if isinstance(item, yaml.MappingNode):
            for _, value in item.value:
                if isinstance(value, yaml.SequenceNode) and value.value:
                    return not value.flow_style
    return False


def _block_record(record: dict[str, Any], dash: int, indent: int,
                  block_lists: bool = False) -> str:
    lines = []
    for i, (name, value) in enumerate(record.items()):
        lead = " " * dash + "-" + " " * (indent - dash - 1) if i == 0 else " " * indent
        if block_lists and isinstance(value, list) and value:
            lines.append(f"{lead}{scalar(name)}:")
            lines.extend(" " * (indent + 2) + "- " + flow(v) for v in value)
        else:
            lines.append(f"{lead}{scalar(name)}: {flow(value)}")
    return "\n".join(lines) + "\n"


# --- JSON ----------------------------------------------------------------------------------

_INDENT = re.compile(r"^\{\s*\n([ \t]+)\"", re.S)


def _json_text(original: str, data: dict[str, Any]) -> str:
    """``data`` written as JSON the way ``original`` was: accountmap's own style (one record a
    line), or ``json.dumps`` with the file's indentation and escaping."""
    if dumps(json.loads(original), "json") == original:
        return dumps(data, "json")
    ascii_only = original.isascii() and "\\u" in original
    match = _INDENT.match(original)
    indent: str | int | None = match.group(1) if match else None
    if isinstance(indent, str) and set(indent) == {" "}:
        indent = len(indent)
    separators = (",", ": ") if indent is not None else (
        (",", ":") if '":' in original and '": ' not in original else (", ", ": "))
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent, separators=separators)
    return text + "\n" if original.endswith("\n") else text
