"""Which texts are meant as URIs, and how to show one without its secrets. No imports beyond
the standard library: the command line asks this of every SOURCE before anything is loaded,
and the data reader and the Neo4j settings share it."""

from __future__ import annotations

import re

_URI = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]+:/|(?:bolt|neo4j)(?:\+s|\+ssc)?:)", re.I)


def looks_like_uri(text: str) -> bool:
    """Whether a SOURCE is meant as a URI (``scheme://``, or a scheme and a slash, in any
    case, even after spaces): it is then never taken as a file name."""
    return "://" in text or bool(_URI.match(text))


def without_userinfo(text: str) -> str:
    """A URI-like text with any ``user:password@`` and query string removed, for messages."""
    text = re.sub(r"(:/*)[^/@\s]*@", r"\1", text)
    return text.split("?", 1)[0]
