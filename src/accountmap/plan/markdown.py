"""The plan as Markdown, for pasting into documents and wikis (GitHub-flavoured tables).

Every text from the data is escaped for Markdown: a name cannot open a link, a heading or an
HTML tag, and a ``|`` cannot break a table.
"""

from __future__ import annotations

import re

from .blocks import (
    CODE,
    ActionList,
    Block,
    Document,
    Items,
    MapSlot,
    Paragraph,
    Subheading,
    Table,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_free(text: str) -> str:
    """Text with no control character but tab and newline (a terminal escape in a name is
    shown as ``?``)."""
    return _CONTROL.sub("?", text)


def code_span(text: str) -> str:
    """A Markdown code span that shows ``text`` as it is, whatever backticks it holds: the
    fence is one backtick longer than the longest run inside (CommonMark), padded with
    spaces when the text starts or ends with one."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def escape(text: str, *, line: bool = False) -> str:
    """Markdown-inert text: emphasis, code, link, HTML and table characters backslash-escaped,
    line breaks folded to spaces; with ``line`` (text that starts a line) a leading heading,
    list or quote marker too."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(r"\\\1", text) if line else text


def _indented(text: str) -> str:
    """A cell's text escaped, its leading ideographic spaces (a tree's indentation, which
    Markdown renderers keep) kept."""
    body = text.lstrip("\u3000")
    return "\u3000" * (len(text) - len(body)) + escape(body)


def _table(table: Table) -> list[str]:
    out = ["| " + " | ".join(escape(c) for c in table.columns) + " |",
           "|" + "|".join("---:" if num else "---" for num in table.numeric or
                          [False] * len(table.columns)) + "|"]
    out += ["| " + " | ".join(_indented(c.text) for c in row) + " |" for row in table.rows]
    return out


def _block(block: Block, labels: dict[str, str]) -> list[str]:
    if isinstance(block, Paragraph):
        return [escape(block.text, line=True)]
    if isinstance(block, Subheading):
        return [f"### {escape(block.text)}"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Items):
        return [f"- {escape(item, line=True)}" for item in block.items]
    if isinstance(block, ActionList):
        lines = [f"{i}. **{escape(a.text)}**  \n   {labels['owner']}: {escape(a.owner)} · "
                 f"{labels['due']}: {escape(a.due)} · {labels['at_stake']}: {escape(a.stake)} · "
                 f"{labels['finding']}: {escape(a.finding)}"
                 for i, a in enumerate(block.actions, 1)]
        if block.more:
            lines.append("")
            lines.append(escape(block.more, line=True))
        return lines
    if isinstance(block, MapSlot):
        # the sentence is ours; the command in it holds the group's id (data): its code span
        # is fenced by more backticks than any run inside it, and the sentence around it is
        # the catalogue's
        return [block.markdown.replace(CODE, code_span(block.command))]
    raise TypeError(block)


def render_markdown(doc: Document) -> str:
    lines = [f"# {escape(doc.title)}", "", escape(doc.subtitle, line=True), ""]
    for section in doc.sections:
        lines += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block, doc.labels)
            lines.append("")
    return control_free("\n".join(lines).rstrip("\n") + "\n")
