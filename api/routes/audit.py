"""GET /audit: the audit trail, for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import Admin
from api.deps import DB, Limit, Offset
from api.errors import AUTH, BAD_INPUT, UNAVAILABLE
from kb.writing.audit import AuditPage, list_audit

router = APIRouter(tags=["audit"])
Filter = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("/audit", response_model=AuditPage, responses={**AUTH, **BAD_INPUT, **UNAVAILABLE})
def audit(
    db: DB,
    _: Admin,
    entity_id: Filter = None,
    key_id: Filter = None,
    action: Filter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditPage:
    """Who changed what and when, newest first: every create, replace and removal, and every key added or revoked."""
    return list_audit(db, entity_id, key_id, action, limit, offset)
