"""API keys with roles, stored only as hashes: in Neo4j (default) or in a JSON file the admin chooses.

A key reads `kbk_<id>_<secret>`: the id finds the stored record in one look-up,
and the SHA-256 of the whole key is compared in constant time. The secret is
32 random bytes, so a fast hash is enough (no password-style stretching is
needed for a key nobody chose); the key itself is shown once, at creation, and
never stored, logged or listed.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from kb.errors import Failed, NotFound
from kb.settings import Settings
from kb.store.db import Database, Step
from kb.writing.audit import Actor, audit_step, entry

KEY_FORMAT = re.compile(r"^kbk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")


class Role(StrEnum):
    reader = "reader"  # every GET
    editor = "editor"  # + create, replace and remove vignettes (articles, links, teaching cases as they land)
    admin = "admin"  # + the audit trail, keys, export and import

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)


class ApiKey(BaseModel):
    id: str
    name: str = Field(description="whose key, or what it is for")
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class UnknownKey(NotFound):
    code = "unknown_key"

    def __init__(self, key_id: str) -> None:
        super().__init__(f"no API key with id {key_id!r} (kb keys list shows them)")


class KeyFileInvalid(Failed):
    """KB_API_KEYS_FILE names a file this project did not write: the key store cannot be used."""

    code = "bad_key_file"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_id_of(key: str) -> str | None:
    """The id part of a well-formed key, else None."""
    m = KEY_FORMAT.match(key)
    return m.group(1) if m else None


def _new_key() -> tuple[str, str]:
    key_id = secrets.token_hex(6)
    return key_id, f"kbk_{key_id}_{secrets.token_urlsafe(32)}"


class KeyStore(Protocol):
    def add(self, name: str, role: Role, actor: Actor) -> tuple[ApiKey, str]: ...
    def list(self) -> list[ApiKey]: ...
    def revoke(self, key_id: str, actor: Actor) -> ApiKey: ...
    def verify(self, key: str) -> ApiKey | None: ...


def _record(row: dict[str, Any]) -> ApiKey:
    def native(t: Any) -> Any:
        return t.to_native() if hasattr(t, "to_native") else t

    return ApiKey(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        created_at=native(row["created_at"]),
        revoked_at=native(row.get("revoked_at")),
    )


class Neo4jKeyStore:
    """Key hashes as :ApiKey nodes; adding and revoking are audited in the same transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, role: Role, actor: Actor) -> tuple[ApiKey, str]:
        key_id, key = _new_key()
        self.db.write_steps(
            [
                ("key_add", {"id": key_id, "name": name, "role": role.value, "hash": _hash(key)}),
                audit_step(actor, [entry("key-add", "api-key", key_id, {"name": name, "role": role.value})]),
            ]
        )
        return self._get(key_id), key

    def list(self) -> list[ApiKey]:
        return [_record(r) for r in self.db.read("keys_list")]

    def revoke(self, key_id: str, actor: Actor) -> ApiKey:
        def plan(found: list[dict[str, Any]]) -> list[Step]:
            _must_exist(found, key_id)
            return [("key_revoke", {"id": key_id}), audit_step(actor, [entry("key-revoke", "api-key", key_id, {})])]

        rows = self.db.write_guarded(("key_get", {"id": key_id}), plan)
        return _record(rows[0][0])

    def verify(self, key: str) -> ApiKey | None:
        key_id = key_id_of(key)
        if key_id is None:
            return None
        rows = self.db.read("key_get", id=key_id)
        if not rows or rows[0]["revoked_at"] is not None or not hmac.compare_digest(rows[0]["hash"], _hash(key)):
            return None
        return _record(rows[0])

    def _get(self, key_id: str) -> ApiKey:
        rows = self.db.read("key_get", id=key_id)
        _must_exist(rows, key_id)
        return _record(rows[0])


def _must_exist(rows: list[dict[str, Any]], key_id: str) -> None:
    if not rows:
        raise UnknownKey(key_id)


class FileKeyStore:
    """Key hashes in a JSON file (mode 0600), rewritten atomically under an exclusive lock.

    The audit entry goes to Neo4j after the file is written; a file cannot share
    Neo4j's transaction.
    """

    def __init__(self, path: Path, db: Database) -> None:
        self.path, self.db = path, db

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read()
            yield data
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keys-")
            with os.fdopen(fd, "w") as out:
                json.dump(data, out, indent=2, sort_keys=True, default=str)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"keys": {}}
        try:
            data = json.loads(self.path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise KeyFileInvalid(f"{self.path}: not a key file this project wrote ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
            raise KeyFileInvalid(f"{self.path}: not a key file this project wrote (no 'keys' mapping)")
        return data

    def add(self, name: str, role: Role, actor: Actor) -> tuple[ApiKey, str]:
        key_id, key = _new_key()
        now = datetime.now(UTC)
        with self._locked() as data:
            data["keys"][key_id] = {
                "id": key_id,
                "name": name,
                "role": role.value,
                "hash": _hash(key),
                "created_at": now.isoformat(),
                "revoked_at": None,
            }
        self.db.write_steps(
            [audit_step(actor, [entry("key-add", "api-key", key_id, {"name": name, "role": role.value})])]
        )
        return _record(data["keys"][key_id]), key

    def list(self) -> list[ApiKey]:
        return sorted((_record(r) for r in self._read()["keys"].values()), key=lambda k: (k.created_at, k.id))

    def revoke(self, key_id: str, actor: Actor) -> ApiKey:
        with self._locked() as data:
            if key_id not in data["keys"]:
                raise UnknownKey(key_id)
            record = data["keys"][key_id]
            record["revoked_at"] = record["revoked_at"] or datetime.now(UTC).isoformat()
        self.db.write_steps([audit_step(actor, [entry("key-revoke", "api-key", key_id, {})])])
        return _record(record)

    def verify(self, key: str) -> ApiKey | None:
        key_id = key_id_of(key)
        record = self._read()["keys"].get(key_id) if key_id else None
        if record is None or record["revoked_at"] is not None or not hmac.compare_digest(record["hash"], _hash(key)):
            return None
        return _record(record)


def key_store(settings: Settings, db: Database) -> KeyStore:
    """The store the settings choose: KB_API_KEYS_FILE, else Neo4j."""
    if settings.kb_api_keys_file is not None:
        return FileKeyStore(settings.kb_api_keys_file, db)
    return Neo4jKeyStore(db)
