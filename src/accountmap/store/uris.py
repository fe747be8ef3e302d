"""Which SOURCE strings are Neo4j servers, and the connection defaults. No driver import, so
recognising a URI stays cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..uri_text import without_userinfo

if TYPE_CHECKING:
    from urllib.parse import SplitResult

#: URI schemes accountmap accepts for Neo4j (``neo4j://`` routes, ``+s``/``+ssc`` use TLS).
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_neo4j_uri(source: str) -> bool:
    """True for ``bolt://...``, ``neo4j+s://...`` and the other accepted schemes."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme in NEO4J_SCHEMES


def display_uri(uri: str) -> str:
    """The URI as it may be shown: scheme, host and port only. Never any user, password,
    path or query string; never raises, whatever the text."""
    try:
        parts = _split(uri)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return f"{uri.partition('://')[0]}://<unreadable address>" if "://" in uri \
            else "<not a URI>"
    return f"{parts.scheme}://{host}{port}"


def check_neo4j_uri(uri: str) -> None:
    """Raise UsageError unless ``uri`` is a Neo4j URI accountmap can use: an accepted scheme,
    a host, a port in 1-65535 if any, and no credentials or query string (a password there
    would end up in shell history and in the driver's messages; use NEO4J_PASSWORD)."""
    schemes = ", ".join(s + "://" for s in NEO4J_SCHEMES)
    if not is_neo4j_uri(uri):
        scheme = uri.split(":", 1)[0]
        if scheme.strip().lower() in NEO4J_SCHEMES and "://" not in uri:
            raise UsageError(f"not a valid Neo4j URI {without_userinfo(uri)!r}: write it as "
                             f"{scheme.strip().lower()}://host:port")
        raise UsageError(f"unsupported URI scheme {scheme!r} (use "
                         f"{', '.join(NEO4J_SCHEMES)}): {without_userinfo(uri)!r} is not a "
                         f"Neo4j URI ({schemes})")
    try:
        parts = _split(uri)
        port = parts.port
    except ValueError:
        raise UsageError(f"not a valid Neo4j URI: {display_uri(uri)} (check the host and "
                         "the port, a number from 1 to 65535)") from None
    if "@" in parts.netloc or parts.query or parts.password is not None:
        raise UsageError(f"the Neo4j URI {display_uri(uri)} carries credentials or "
                         "parameters; give the user and the password as the connection's own "
                         "settings (NEO4J_USERNAME, NEO4J_PASSWORD) instead")
    if not parts.hostname:
        raise UsageError(f"the Neo4j URI {display_uri(uri)} names no host")
    if port == 0:
        raise UsageError(f"the Neo4j URI {display_uri(uri)} has port 0 (use 1-65535)")


#: The user and database a connection uses when none is given (Neo4j's own defaults).
DEFAULT_USER = "neo4j"
#: Seconds to wait for a Neo4j server to connect and answer.
DEFAULT_TIMEOUT = 15.0
DEFAULT_DATABASE = "neo4j"


def _split(uri: str) -> SplitResult:
    """``urllib.parse.urlsplit``, imported when a URI is read (a file source never needs
    it: the command line starts lighter)."""
    from urllib.parse import urlsplit

    return urlsplit(uri)
