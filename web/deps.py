"""What the routes are handed: the app's Database and vocabulary, and the visitor's access."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kb.store.db import Database
from kb.vocab.vocabulary import Vocabulary
from web.cache import ByGeneration
from web.session import Visitor, editor, reader


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_vocab(request: Request) -> Vocabulary:
    return request.app.state.vocab


def get_cache(request: Request) -> ByGeneration:
    return request.app.state.cache


DB = Annotated[Database, Depends(get_db)]
Cache = Annotated[ByGeneration, Depends(get_cache)]
Vocab = Annotated[Vocabulary, Depends(get_vocab)]
Reader = Annotated[Visitor, Depends(reader)]
Editor = Annotated[Visitor, Depends(editor)]
