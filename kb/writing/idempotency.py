"""Idempotency keys: a client that lost the answer to a write sends it again with the same key, and gets the
answer the first one got, instead of a second write (or a 409 about its own first one).

The key (an `Idempotency-Key` header, chosen by the client) is kept per caller with a
digest of the request it came with and the answer given, by the write's own
transaction: either the write and its record both land, or neither does. A second
request with the key locks the record first, so it waits for a first one still
running and then replays its answer. The same key with another request is refused.
Records older than a day are dropped as new ones are written. A write that changed
nothing, or was refused, is not recorded: sent again, it is simply done again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidInput
from kb.store.db import Step

KEEP = "P1D"  # how long an answer is kept for replay (an ISO 8601 duration)


@dataclass(frozen=True)
class IdempotencyKey:
    key: str  # as the client sent it
    caller: str  # whose it is (an API key's id): two callers' keys never meet
    request: str  # a digest of the request: method, path, version asked for, body

    @classmethod
    def of(cls, key: str, caller: str, method: str, path: str, body: bytes, version: str | None) -> IdempotencyKey:
        digest = hashlib.sha256()
        for part in (method.encode(), path.encode(), (version or "").encode(), body):
            digest.update(hashlib.sha256(part).digest())
        return cls(key, caller, digest.hexdigest())

    @property
    def id(self) -> str:
        return hashlib.sha256(f"{self.caller}\n{self.key}".encode()).hexdigest()


class KeyReused(InvalidInput):
    code = "idempotency_key_reused"

    def __init__(self, key: str) -> None:
        super().__init__(f"the Idempotency-Key {key!r} was used for another request; use a new key for a new request")


class Replayed(Exception):  # not an error: the answer a first request with this key got
    def __init__(self, status: int, answer: dict[str, Any] | None) -> None:
        super().__init__(f"replayed answer {status}")
        self.status, self.answer = status, answer


def claim_step(key: IdempotencyKey) -> Step:
    """The lock query that comes first in the write's transaction: the answer recorded for the key, if any."""
    return ("idempotency_claim", {"id": key.id})


def check(key: IdempotencyKey, rows: list[dict[str, Any]]) -> None:
    """After `claim_step`: raise Replayed (the same request came before) or KeyReused (another one did)."""
    if not rows or rows[0]["request"] is None:
        return
    if rows[0]["request"] != key.request:
        raise KeyReused(key.key)
    answer = rows[0]["answer"]
    raise Replayed(rows[0]["status"], json.loads(answer) if answer else None)


def record_steps(key: IdempotencyKey, status: int, answer: dict[str, Any] | None) -> list[Step]:
    """Record the answer in the write's transaction, and drop records older than KEEP."""
    return [
        (
            "idempotency_record",
            {"id": key.id, "request": key.request, "status": status, "answer": json.dumps(answer) if answer else None},
        ),
        ("idempotency_prune", {"keep": KEEP}),
    ]
