"""Who changed what: the stamp a load leaves on each group it wrote (``:GroupLoad {dataset,
group, file, digest, author, loaded_at, complete}``). Pure: no server, no driver."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """Who loads what: the file's name, the SHA-256 of its bytes (hex), the author."""

    file: str
    digest: str
    author: str

    @classmethod
    def unnamed(cls) -> Stamp:
        """A load from a book not read from a named file, by the OS user."""
        return cls("", "", os_user())


def os_user() -> str:
    """The OS user running the load (the default author)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no such user in the password database (a container)
        return "unknown"


def now() -> str:
    """A load's time: ISO 8601 in UTC to the second (``2026-12-03T14:05:09Z``), stored as
    text so every reader gets the same form."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_stamp(path: str, author: str | None = None) -> Stamp:
    """The stamp of loading the file at ``path``: its name, the SHA-256 of its bytes, and
    ``author`` (default: the OS user). The file was read and checked before, so it exists."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return Stamp(Path(path).name, digest.hexdigest(), author or os_user())
