"""Which SOURCE strings are Neo4j servers. Apart from ``neo4j_store`` so that recognising a
URI does not import the Neo4j driver."""

from __future__ import annotations

#: URI schemes accountmap accepts for Neo4j (``neo4j://`` routes, ``+s``/``+ssc`` use TLS).
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_neo4j_uri(source: str) -> bool:
    """True for ``bolt://...``, ``neo4j+s://...`` and the other accepted schemes."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme in NEO4J_SCHEMES
