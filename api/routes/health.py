"""GET /health: is the API up, and is its Neo4j reachable (with its version)?"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import DB
from api.errors import ErrorBody

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    uri: str
    database: str
    version: str
    edition: str


class Health(BaseModel):
    status: str
    neo4j: Neo4jHealth


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": ErrorBody, "description": "Neo4j is unreachable or refused the credentials"}},
)
def health(db: DB) -> Health:
    info = db.server_info()
    return Health(status="ok", neo4j=Neo4jHealth(**info.__dict__))
