"""The one module that talks to Neo4j: driver lifecycle, and read and write helpers.

Every helper runs in the driver's managed transactions (`execute_read` /
`execute_write`), which retry transient errors and, on a cluster or Aura, route
reads to readers. No other module opens a session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError,
)

from kb.catalogue import Query, query
from kb.settings import Settings

T = TypeVar("T")


class Neo4jUnavailable(RuntimeError):
    """Neo4j cannot be reached, or refused our credentials. The message names the URI, never the password."""


class Neo4jQueryError(RuntimeError):
    """Neo4j reached, but it refused or failed a query (after the driver's retries for transient errors)."""

    def __init__(self, message: str, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class ServerInfo:
    uri: str
    database: str
    version: str
    edition: str


class Database:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._driver: neo4j.Driver | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def uri(self) -> str:
        return self.settings.bolt_uri()

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            auth = (self.settings.neo4j_username, self.settings.password() or "")
            try:
                self._driver = GraphDatabase.driver(
                    self.uri,
                    auth=auth,
                    connection_timeout=5.0,
                    connection_acquisition_timeout=30.0,
                    max_transaction_retry_time=8.0,
                    max_connection_pool_size=64,
                    notifications_min_severity="OFF",
                )
            except (ValueError, ConfigurationError) as exc:
                raise Neo4jUnavailable(f"NEO4J_URI {self.uri!r} is not a valid Neo4j URI: {exc}") from exc
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ helpers
    def read(self, q: Query | str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a catalogued read query (by name or object); rows as dicts."""
        q = query(q) if isinstance(q, str) else q
        return self.read_tx(lambda tx: tx.run(q.text, params).data())

    def write(self, q: Query | str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a catalogued write query in its own transaction; rows as dicts."""
        q = query(q) if isinstance(q, str) else q
        return self.write_tx(lambda tx: tx.run(q.text, params).data())

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one managed read transaction (retried as a whole on transient errors)."""
        return self._execute(work, neo4j.READ_ACCESS)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one managed write transaction: all of it lands, or none."""
        return self._execute(work, neo4j.WRITE_ACCESS)

    def write_steps(self, steps: list[tuple[str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        """Run several catalogued write queries, in order, in ONE transaction: all land or none.

        `steps` are (query name, parameters); returns the rows of each.
        """
        queries = [(query(name), params) for name, params in steps]
        return self.write_tx(lambda tx: [tx.run(q.text, params).data() for q, params in queries])

    def profile(self, q: Query | str, /, **params: Any) -> dict[str, Any]:
        """Run a catalogued read query under PROFILE; the plan tree with rows and db hits per operator."""
        q = query(q) if isinstance(q, str) else q
        return self.read_tx(lambda tx: tx.run("PROFILE " + q.text, params).consume().profile)

    def run_schema(self, statements: Iterable[str]) -> None:
        """Run schema statements (constraints, indexes), each in its own transaction.

        They come from the project's own schema file, never from user input: schema
        commands cannot take parameters for names.
        """
        for statement in statements:
            self._execute(lambda tx, s=statement: tx.run(s).consume(), neo4j.WRITE_ACCESS)

    def server_info(self) -> ServerInfo:
        """Connect and report the server's version; raises Neo4jUnavailable when it cannot."""
        try:
            self.driver.verify_connectivity()
        except (AuthError, ServiceUnavailable, SessionExpired, OSError, DriverError, Neo4jError) as exc:
            raise self._unavailable(exc) from exc
        row = self.read("server_components")[0]
        return ServerInfo(self.uri, self.settings.neo4j_database, row["version"], row["edition"])

    # ------------------------------------------------------------------ internals
    def _execute(self, work: Callable[[ManagedTransaction], T], mode: str) -> T:
        try:
            with self.driver.session(database=self.settings.neo4j_database, default_access_mode=mode) as session:
                if mode == neo4j.READ_ACCESS:
                    return session.execute_read(work)
                return session.execute_write(work)
        except (AuthError, ServiceUnavailable, SessionExpired) as exc:
            raise self._unavailable(exc) from exc
        except Neo4jError as exc:
            detail = (exc.message or str(exc)).strip().splitlines()[0][:300]
            raise Neo4jQueryError(f"Neo4j could not complete the work: {detail}",
                                  transient=isinstance(exc, TransientError)) from exc

    def _unavailable(self, exc: Exception) -> Neo4jUnavailable:
        if isinstance(exc, AuthError) or "unauthorized" in str(exc).lower():
            return Neo4jUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user {self.settings.neo4j_username!r}: "
                "check NEO4J_USERNAME and NEO4J_PASSWORD."
            )
        return Neo4jUnavailable(f"Neo4j at {self.uri} is unreachable: {_first_line(exc)}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
