"""Dependencies handed to the routes: the app's one Database and the vocabulary; paging parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_vocab(request: Request) -> Vocabulary:
    return request.app.state.vocab


DB = Annotated[Database, Depends(get_db)]
Vocab = Annotated[Vocabulary, Depends(get_vocab)]
Limit = Annotated[int, Query(ge=1, le=100, description="items per page (1-100)")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="items to skip; past the end gives an empty page")]
