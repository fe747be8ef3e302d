"""Connecting to Neo4j: the connection settings, the driver, error translation, plain values,
and running one read query."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from ..errors import QueryError, StoreAuthError, StoreError, StoreUnavailableError, UsageError
from . import scope
from .uris import DEFAULT_DATABASE, DEFAULT_TIMEOUT, DEFAULT_USER, check_neo4j_uri, display_uri


@dataclass(frozen=True)
class Connection:
    """Where the database is. The password is never part of ``repr`` or any message."""

    uri: str
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE
    #: seconds to connect and to get a connection (a server that accepts and never answers
    #: is reported after this, not after the driver's own minute)
    timeout: float = DEFAULT_TIMEOUT

    def safe_uri(self) -> str:
        """The URI without any user:password@ part or query, for messages."""
        return display_uri(self.uri)


@contextmanager
def connect(conn: Connection) -> Iterator[neo4j.Driver]:
    """A driver that has proven it can reach the server; translates driver errors. Inside
    ``scope.one_driver_per_server()`` the same driver serves every call for these settings."""
    shared = scope.kept(conn)
    if shared is not None:
        yield shared
        return
    check_neo4j_uri(conn.uri)
    auth = (conn.user, conn.password) if conn.password is not None else None
    try:
        driver = GraphDatabase.driver(conn.uri, auth=auth, connection_timeout=conn.timeout,
                                      connection_acquisition_timeout=conn.timeout,
                                      max_transaction_retry_time=15)
    except (neo4j_errors.ConfigurationError, ValueError) as exc:
        reason = _first_line(exc).replace(conn.uri, conn.safe_uri())
        raise UsageError(f"bad Neo4j URI {conn.safe_uri()}: {reason}") from None
    try:
        with translated(conn):
            driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    if scope.keep(conn, driver, driver.close):
        yield driver
        return
    try:
        yield driver
    finally:
        driver.close()


@contextmanager
def translated(conn: Connection) -> Iterator[None]:
    try:
        yield
    except neo4j_errors.AuthError:
        raise StoreAuthError(f"Neo4j at {conn.safe_uri()} refused the credentials of user "
                             f"'{conn.user}' (check NEO4J_USERNAME / NEO4J_PASSWORD)") from None
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        raise StoreUnavailableError(f"cannot reach Neo4j at {conn.safe_uri()}: "
                                    f"{_first_line(exc)}") from None
    except neo4j_errors.ClientError as exc:
        raise QueryError(f"Neo4j rejected a query: {exc.message or exc.code}") from None
    except neo4j_errors.Neo4jError as exc:
        raise StoreError(f"Neo4j error: {exc.message or exc.code}") from None
    except neo4j_errors.DriverError as exc:
        raise StoreError(f"Neo4j driver error: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def from_neo4j(value: Any) -> Any:
    """A value read from Neo4j as plain Python: temporal values as ISO strings."""
    if isinstance(value, neo4j.time.Date):
        return value.iso_format()
    if isinstance(value, neo4j.time.DateTime):
        return value.iso_format()
    if isinstance(value, list):
        return [from_neo4j(v) for v in value]
    return value


def run_query(conn: Connection, cypher: str, params: dict[str, Any]) -> tuple[list[str],
                                                                             list[dict[str, Any]]]:
    """Run one read query with parameters; returns (columns, rows as plain dicts)."""
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS,
                           notifications_min_severity="OFF") \
            as session:
        result = session.run(cypher, params)
        columns = list(result.keys())
        rows = [{k: from_neo4j(record[k]) for k in columns} for record in result]
    return columns, rows
