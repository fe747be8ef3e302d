"""One safe write of a book file: the edits spliced into its text, the whole edited book
validated, then written atomically, or nothing written at all.

``BookFile.edited(edits)`` gives the new text and the validated dataset, or raises the
validation's ``DataError`` (one line per problem, naming the file, the record and the field).
Before that, the spliced text is read back and must hold exactly the data the edits make:
a splice that would change anything else is refused, never written.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, UsageError
from ..io import BOM, is_json_text, parse_text, read_text, write_atomic
from ..model import Dataset
from ..validate import check_document
from .text import Edit, apply_to_data, splice


@dataclass
class BookFile:
    """A book as read from its file: its text (byte-identical on write outside the edits),
    its plain data and its validated dataset."""

    path: str
    text: str
    fmt: str
    data: dict[str, Any]
    dataset: Dataset
    bom: bool = False

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> BookFile:
        """Read (once) and validate the book at ``path`` (a YAML or JSON file)."""
        name = os.fspath(path)
        written = read_text(name)  # every refusal (missing, too long, not UTF-8) is here
        text = written.removeprefix(BOM)
        doc = parse_text(text, name)
        return cls(name, text, "json" if is_json_text(name, text) else "yaml", doc.data,
                   check_document(doc), written.startswith(BOM))

    def edited(self, edits: list[Edit]) -> tuple[str, Dataset]:
        """The book's new text after ``edits`` and the dataset it holds (validated)."""
        text = splice(self.text, self.fmt, self.data, edits)
        doc = parse_text(text, self.path)
        if _plain(doc.data) != _plain(apply_to_data(self.data, edits)):
            raise UsageError(f"{self.path}: the edit could not be spliced into the file's text "
                             "without changing other data; nothing was written (please report "
                             "this with the file)")
        return text, check_document(doc)

    def diff(self, text: str) -> str:
        """The unified diff of the file that writing ``text`` makes."""
        name = Path(self.path).name
        return "".join(difflib.unified_diff(self.text.splitlines(keepends=True),
                                            text.splitlines(keepends=True),
                                            f"a/{name}", f"b/{name}"))

    def write(self, text: str) -> None:
        """Write the new text (temporary file + rename, the file's mode kept)."""
        write_atomic(self.path, (BOM if self.bom else "") + text)

    def problem(self, where: str, message: str) -> DataError:
        """A one-problem error about this book (``where``: the record or the argument)."""
        return DataError([Problem(self.path, where, message)])


def _plain(value: Any) -> Any:
    """Data compared as the file holds it (dates as ISO text, tuples as lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
