"""The one module that talks to Neo4j: driver lifecycle, and read and write helpers.

Every helper runs in the driver's managed transactions (`execute_read` /
`execute_write`), which retry transient errors and, on a cluster or Aura, route
reads to readers; only `run_autocommit`, for queries that commit their own
batches, does not. No other module opens a session.

When Neo4j is down, a caller learns it fast: the driver retries a transaction
for at most `retry_seconds` (8 s for the command line, which may wait; the API
passes KB_API_NEO4J_RETRY_SECONDS, 1 s), and a circuit opens after a few
failures in a row to reach Neo4j: for its cool-down, calls fail at once without
trying; then one call tries, and the circuit closes as soon as Neo4j answers
(`server_info`, behind /health, always tries, and closes it too).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship

from kb.errors import Failed, Unavailable
from kb.settings import Settings
from kb.store.catalogue import Query, query

T = TypeVar("T")
GRAPH_VALUES = (Node, Relationship, Path)  # returned whole only by a query that asks for a node itself
Step = tuple[
    "Query | str", dict[str, Any]
]  # a catalogued query (or its name in the product's catalogue), and its parameters
Plan = Callable[[list[dict[str, Any]]], list[Step]]  # the rows a lock query read -> the steps to run (or raise)


class Neo4jUnavailable(Unavailable):
    """Neo4j cannot be reached, or refused our credentials. The message names the URI, never the password."""

    code = "neo4j_unavailable"


class Neo4jBusy(Unavailable):
    """Neo4j failed a query with a transient error, still after the driver's retries: trying again later may work."""

    code = "neo4j_busy"


class Neo4jFailed(Failed):
    """Neo4j reached, but it refused or failed a query: a fault of ours, logged; the caller sees no detail."""

    code = "database_error"


class Circuit:
    """Fail fast while Neo4j cannot be reached: open after `threshold` failures in a row, for `cooldown` seconds;
    then one call may try (the others still fail at once); a success closes it."""

    def __init__(self, threshold: int = 3, cooldown: float = 5.0) -> None:
        self.threshold, self.cooldown = threshold, cooldown
        self.failures = 0
        self.opened_at: float | None = None
        self.trying = False
        self._lock = threading.Lock()

    def allow(self) -> float | None:
        """None if a call may go ahead; else the seconds until one may."""
        with self._lock:
            if self.opened_at is None:
                return None
            wait = self.opened_at + self.cooldown - time.monotonic()
            if wait <= 0 and not self.trying:
                self.trying = True
                return None
            return max(wait, 0.0)

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            self.trying = False
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.opened_at, self.trying = 0, None, False


@dataclass(frozen=True)
class ServerInfo:
    uri: str
    database: str
    version: str
    edition: str


class Database:
    def __init__(self, settings: Settings, retry_seconds: float = 8.0) -> None:
        self.settings = settings
        self.retry_seconds = retry_seconds
        self.circuit = Circuit()
        self._driver: neo4j.Driver | None = None
        # told of every catalogued query before it runs, with its parameters (query logging, the injection test)
        self.observers: list[Callable[[Query, dict[str, Any]], None]] = []

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
                    max_transaction_retry_time=self.retry_seconds,
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
        q = _query(q)
        return self.read_tx(lambda tx: self._run(tx, q, params))

    def write(self, q: Query | str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a catalogued write query in its own transaction; rows as dicts."""
        q = _query(q)
        return self.write_tx(lambda tx: self._run(tx, q, params))

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one managed read transaction (retried as a whole on transient errors)."""
        return self._execute(work, neo4j.READ_ACCESS)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one managed write transaction: all of it lands, or none."""
        return self._execute(work, neo4j.WRITE_ACCESS)

    def write_steps(self, steps: list[Step]) -> list[list[dict[str, Any]]]:
        """Run several catalogued write queries, in order, in ONE transaction: all land or none.

        `steps` are (query, parameters); returns the rows of each."""
        queries = [(_query(q), params) for q, params in steps]
        return self.write_tx(lambda tx: [self._run(tx, q, params) for q, params in queries])

    def write_guarded(self, lock: Step, plan: Plan) -> list[list[dict[str, Any]]]:
        """Run `lock` (a query that locks what the write is about and reads its state), then the steps that
        `plan` makes of its rows, all in ONE transaction. `plan` raises to abandon the whole transaction
        (nothing lands); what it decides from the rows cannot be changed by another writer meanwhile.

        Returns the rows of each step `plan` gave."""

        return self.write_locked([lock], lambda found: plan(found[0]))

    def write_locked(
        self, locks: list[Step], plan: Callable[[list[list[dict[str, Any]]]], list[Step]]
    ) -> list[list[dict[str, Any]]]:
        """`write_guarded` with several lock queries, run in order (always the same order, so that writers queue
        instead of deadlocking); `plan` gets the rows of each."""

        def work(tx: ManagedTransaction) -> list[list[dict[str, Any]]]:
            found = [self._run(tx, _query(q), params) for q, params in locks]
            return [self._run(tx, _query(q), params) for q, params in plan(found)]

        return self.write_tx(work)

    def run_autocommit(self, q: Query | str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a catalogued write query in an auto-commit transaction (not retried); rows as dicts.

        Only for queries that commit their own batches (`CALL { ... } IN TRANSACTIONS`),
        which Neo4j refuses inside a managed transaction.
        """
        q = _query(q)
        return self._in_session(lambda session: self._run(session, q, params), neo4j.WRITE_ACCESS)

    def profile(self, q: Query | str, /, **params: Any) -> dict[str, Any]:
        """Run a catalogued read query under PROFILE; the plan tree with rows and db hits per operator."""
        q = _query(q)
        plan: dict[str, Any] | None = self.read_tx(lambda tx: tx.run("PROFILE " + q.text, params).consume().profile)
        return plan or {}

    def run_schema(self, statements: Iterable[str]) -> None:
        """Run schema statements (constraints, indexes), each in its own transaction.

        They come from the project's own schema file, never from user input: schema
        commands cannot take parameters for names.
        """
        for statement in statements:
            self._execute(partial(_run_statement, statement), neo4j.WRITE_ACCESS)

    def server_info(self) -> ServerInfo:
        """Connect and report the server's version; raises Neo4jUnavailable when it cannot."""
        try:
            self.driver.verify_connectivity()
        except (AuthError, ServiceUnavailable, SessionExpired, OSError, DriverError, Neo4jError) as exc:
            if not isinstance(exc, AuthError):
                self.circuit.failed()
            raise self._unavailable(exc) from exc
        self.circuit.succeeded()
        row = self.read("server_components")[0]
        return ServerInfo(self.uri, self.settings.neo4j_database, row["version"], row["edition"])

    # ------------------------------------------------------------------ internals
    def _run(self, tx: ManagedTransaction | neo4j.Session, q: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        for observe in self.observers:
            observe(q, params)
        rows = []
        for record in tx.run(q.text, params):
            row = dict(record)  # the catalogue returns plain values and maps; .data()'s deep walk cost up to 30%
            rows.append(record.data() if any(isinstance(v, GRAPH_VALUES) for v in row.values()) else row)
        return rows

    def _execute(self, work: Callable[[ManagedTransaction], T], mode: str) -> T:
        def managed(session: neo4j.Session) -> T:
            return session.execute_read(work) if mode == neo4j.READ_ACCESS else session.execute_write(work)

        return self._in_session(managed, mode)

    def _in_session(self, use: Callable[[neo4j.Session], T], mode: str) -> T:
        wait = self.circuit.allow()
        if wait is not None:
            raise Neo4jUnavailable(
                f"Neo4j at {self.uri} is unreachable: {self.circuit.failures} tries in a row failed; "
                f"the next try in {wait:.0f} s."
            )
        try:
            with self.driver.session(database=self.settings.neo4j_database, default_access_mode=mode) as session:
                result = use(session)
        except (ServiceUnavailable, SessionExpired) as exc:
            self.circuit.failed()
            raise self._unavailable(exc) from exc
        except AuthError as exc:
            self.circuit.succeeded()  # reached, but refused: failing fast would not help
            raise self._unavailable(exc) from exc
        except Neo4jError as exc:
            detail = (exc.message or str(exc)).strip().splitlines()[0][:300]
            self.circuit.succeeded()
            if isinstance(exc, TransientError):
                raise Neo4jBusy(f"Neo4j could not complete the request now ({detail}); try again.") from exc
            raise Neo4jFailed(f"Neo4j could not complete the work: {detail}") from exc
        except BaseException:
            self.circuit.succeeded()  # an error of the work itself (a conflict...): Neo4j answered
            raise
        self.circuit.succeeded()
        return result

    def _unavailable(self, exc: Exception) -> Neo4jUnavailable:
        if isinstance(exc, AuthError) or "unauthorized" in str(exc).lower():
            return Neo4jUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user {self.settings.neo4j_username!r}: "
                "check NEO4J_USERNAME and NEO4J_PASSWORD."
            )
        return Neo4jUnavailable(f"Neo4j at {self.uri} is unreachable: {_first_line(exc)}")


def _run_statement(statement: str, tx: ManagedTransaction) -> None:
    tx.run(statement).consume()  # the project's own schema file, never user input


def _query(q: Query | str) -> Query:
    return query(q) if isinstance(q, str) else q


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
