"""Which SOURCE strings are Neo4j servers, and the connection defaults. No driver import, so
recognising a URI stays cheap."""

from __future__ import annotations

#: URI schemes accountmap accepts for Neo4j (``neo4j://`` routes, ``+s``/``+ssc`` use TLS).
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_neo4j_uri(source: str) -> bool:
    """True for ``bolt://...``, ``neo4j+s://...`` and the other accepted schemes."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme in NEO4J_SCHEMES


#: The user and database a connection uses when none is given (Neo4j's own defaults).
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
